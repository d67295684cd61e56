import * as vscode from 'vscode';
import type { AuditResultsStore } from './audit-results.js';

/** "$(shield) 2 errors, 1 warning" over the workspace's jobsentinel diagnostics, plus the last audit scan's matches. */
export function showStatusBar(store: AuditResultsStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('jobsentinel.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'JobSentinel';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (store.results && uri.toString() === store.results.uri.toString()) continue;
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== 'jobsentinel') continue;
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
        // Hints are left out, as in the Problems counts: they are what the user chose to see less of.
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Information) counts.infos++;
      }
    }
    const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
    if (counts.infos > 0) parts.push(`${counts.infos} info`);
    const audit = store.results ? ` · audit: ${plural(store.results.summary.matches, 'match', 'matches')}` : '';
    item.text = `$(shield) JobSentinel: ${parts.join(', ')}${audit}`;
    item.tooltip = 'JobSentinel findings in open manifests (T1053.007): click for the Problems panel';
    item.backgroundColor = counts.errors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  update();
  return vscode.Disposable.from(item, vscode.languages.onDidChangeDiagnostics(update), store.onDidChange(update));
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}
