import * as vscode from 'vscode';
import { docsUrl, indicatorById, UNINSPECTABLE_ADVICE, type AuditIndicatorHit, type AuditMatch, type Severity } from '@jobsentinel/core';
import type { AuditResults, AuditResultsStore } from './audit-results.js';

export const OPEN_EVENT_COMMAND = 'jobsentinel.openAuditEvent';

type Node = { kind: 'indicator'; indicator: string; severity: Severity; hits: Array<{ match: AuditMatch; hit: AuditIndicatorHit }> } | { kind: 'match'; match: AuditMatch; hit: AuditIndicatorHit };

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];
const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};

/** The "Audit Log Results" view: matches grouped by indicator, most severe first; each opens the log at its line. */
export class AuditResultsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: AuditResultsStore) {
    this.view = vscode.window.createTreeView('jobsentinel.auditResults', { treeDataProvider: this, showCollapseAll: true });
    this.subscription = store.onDidChange((results) => {
      this.view.description = results ? describe(results) : undefined;
      this.view.message = results ? message(results) : undefined;
      this.changed.fire(undefined);
    });
  }

  getChildren(node?: Node): Node[] {
    const results = this.store.results;
    if (!results) return [];
    if (!node) return groups(results.matches);
    return node.kind === 'indicator' ? node.hits.map(({ match, hit }) => ({ kind: 'match', match, hit })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'indicator') {
      const title = indicatorById(node.indicator)?.title ?? node.indicator;
      const item = new vscode.TreeItem(`${title}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.indicator} · ${node.hits.length}`;
      item.iconPath = SEVERITY_ICONS[node.severity];
      item.tooltip = new vscode.MarkdownString(`**${title}** (\`${node.indicator}\`)\n\n[Documentation](${docsUrl(node.indicator)})`);
      item.contextValue = 'indicator';
      return item;
    }
    const { match, hit } = node;
    const results = this.store.results!;
    const item = new vscode.TreeItem(`${match.verb} ${match.resource} ${match.namespace ?? '-'}/${match.name ?? '?'}`, vscode.TreeItemCollapsibleState.None);
    item.description = `line ${match.line} · ${hit.message}`;
    item.iconPath = SEVERITY_ICONS[hit.severity];
    item.tooltip = new vscode.MarkdownString(
      [
        `**${escape(hit.message)}**`,
        '',
        `Evidence: \`${escape(hit.evidence).replace(/`/g, "'")}\``,
        `Path: \`${hit.path || '(raw event text)'}\``,
        '',
        `${match.timestamp ?? ''} · ${match.user ?? 'unknown user'} from ${match.sourceIPs.join(', ') || 'unknown address'}`,
        `${match.userAgent ?? ''} · ${match.outcome}${match.auditID ? ` · auditID ${match.auditID}` : ''}`,
      ].join('\n\n'),
    );
    item.command = { command: OPEN_EVENT_COMMAND, title: 'Open in the log', arguments: [results.uri, match.line] };
    item.contextValue = 'match';
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}

export async function openAuditEvent(uri: vscode.Uri, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}

function groups(matches: readonly AuditMatch[]): Node[] {
  const byIndicator = new Map<string, Extract<Node, { kind: 'indicator' }>>();
  for (const match of matches) {
    for (const hit of match.indicators) {
      let group = byIndicator.get(hit.indicator);
      if (!group) byIndicator.set(hit.indicator, (group = { kind: 'indicator', indicator: hit.indicator, severity: hit.severity, hits: [] }));
      if (SEVERITY_ORDER.indexOf(hit.severity) < SEVERITY_ORDER.indexOf(group.severity)) group.severity = hit.severity;
      group.hits.push({ match, hit });
    }
  }
  return [...byIndicator.values()].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.hits.length - a.hits.length,
  );
}

function describe(results: AuditResults): string {
  const { summary } = results;
  return `${results.fileName}: ${summary.matches} match${summary.matches === 1 ? '' : 'es'} in ${summary.jobWrites} job writes${results.cancelled ? ' (cancelled)' : ''}`;
}

function message(results: AuditResults): string | undefined {
  const notes: string[] = [];
  if (results.summary.matches === 0) notes.push(`No suspicious job writes in ${results.summary.events} events.`);
  if (results.summary.uninspectable > 0) notes.push(`${results.summary.uninspectable} job writes were logged without a body; to see them, ${UNINSPECTABLE_ADVICE}.`);
  if (results.dropped > 0) notes.push(`Only the first ${results.matches.length} matches are listed (${results.dropped} more).`);
  return notes.length > 0 ? notes.join(' ') : undefined;
}

function escape(text: string): string {
  return text.replace(/[\\*_[\]<>]/g, (char) => '\\' + char);
}
