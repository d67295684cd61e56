import * as vscode from 'vscode';
import { docsUrl, indicatorById, printable, type Severity } from '@jobsentinel/core';
import { UNINSPECTABLE_ADVICE, type AuditMatch } from '@jobsentinel/core/audit';
import type { AuditResults, AuditResultsStore } from './audit-results.js';
import { actor, childNodes, nodeText, rootNodes, type AuditTreeNode } from './audit-tree.js';

export const OPEN_EVENT_COMMAND = 'jobsentinel.openAuditEvent';

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};
const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** The "Audit Log Results" view: incidents, then each incident's requests, then each request's indicators; every request opens the log at its line. */
export class AuditResultsView implements vscode.TreeDataProvider<AuditTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AuditTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<AuditTreeNode>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: AuditResultsStore) {
    this.view = vscode.window.createTreeView('jobsentinel.auditResults', { treeDataProvider: this, showCollapseAll: true });
    this.subscription = store.onDidChange((results) => {
      this.view.description = results ? describe(results) : undefined;
      this.view.message = results ? message(results) : undefined;
      this.changed.fire(undefined);
    });
  }

  getChildren(node?: AuditTreeNode): AuditTreeNode[] {
    const results = this.store.results;
    if (!results) return [];
    return node ? childNodes(node) : rootNodes(results);
  }

  getTreeItem(node: AuditTreeNode): vscode.TreeItem {
    // The requester's text: control and bidi characters are shown as escapes, never acted on.
    const text = nodeText(node);
    const label = printable(text.label);
    const description = printable(text.description);
    const expandable = node.kind === 'incident' || node.kind === 'request' || node.kind === 'uninspectable-group' || node.kind === 'suppressed-group';
    const item = new vscode.TreeItem(label, expandable ? (node.kind === 'request' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded) : vscode.TreeItemCollapsibleState.None);
    item.description = description;
    item.contextValue = node.kind;
    const uri = this.store.results!.uri;
    switch (node.kind) {
      case 'incident': {
        const { incident } = node;
        item.iconPath = SEVERITY_ICONS[incident.severity];
        item.tooltip = new vscode.MarkdownString(
          [
            `**${escape(label)}**: ${incident.matches} suspicious writes${incident.denied > 0 ? ` (${incident.denied} denied)` : ''}`,
            `${incident.first ?? ''} → ${incident.last ?? ''}`,
            `Users: ${escape(incident.users.join(', ') || 'unknown')}`,
            incident.impersonatedUsers.length > 0 ? `Impersonated: ${escape(incident.impersonatedUsers.join(', '))}` : '',
            incident.cloudIdentities.length > 0 ? `Cloud identities: ${escape(incident.cloudIdentities.join(', '))}` : '',
            `Indicators: ${incident.indicators.map((id) => `[${id}](${docsUrl(id)})`).join(', ')}`,
          ].filter(Boolean).join('\n\n'),
        );
        break;
      }
      case 'request':
        item.iconPath = SEVERITY_ICONS[worstOf(node.match)];
        item.tooltip = requestTooltip(node.match);
        item.command = { command: OPEN_EVENT_COMMAND, title: 'Open in the log', arguments: [uri, node.match.line] };
        break;
      case 'hit': {
        const title = indicatorById(node.hit.indicator)?.title ?? node.hit.indicator;
        item.label = title;
        item.description = `${node.hit.indicator} · ${description}`;
        item.iconPath = SEVERITY_ICONS[node.hit.severity];
        item.tooltip = new vscode.MarkdownString(
          [
            `**${escape(title)}** ([\`${node.hit.indicator}\`](${docsUrl(node.hit.indicator)}))`,
            escape(node.hit.message),
            `Evidence: \`${escape(node.hit.evidence).replace(/`/g, "'")}\``,
            `Path: \`${printable(node.hit.path || '(raw event text)')}\``,
          ].join('\n\n'),
        );
        item.command = { command: OPEN_EVENT_COMMAND, title: 'Open in the log', arguments: [uri, node.match.line] };
        break;
      }
      case 'uninspectable-group':
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.tooltip = `These job writes were logged without a body that could be judged. To see them, ${UNINSPECTABLE_ADVICE}.`;
        break;
      case 'uninspectable':
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.command = { command: OPEN_EVENT_COMMAND, title: 'Open in the log', arguments: [uri, node.write.line] };
        break;
      case 'suppressed-group':
        item.iconPath = new vscode.ThemeIcon('mute');
        item.tooltip = 'Indicator hits an ignore entry of the config file covers: not counted as matches, listed so nothing is hidden.';
        break;
      case 'suppressed':
        item.iconPath = new vscode.ThemeIcon('mute');
        item.command = { command: OPEN_EVENT_COMMAND, title: 'Open in the log', arguments: [uri, node.write.line] };
        break;
      case 'more':
        break;
    }
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

function requestTooltip(match: AuditMatch): vscode.MarkdownString {
  return new vscode.MarkdownString(
    [
      `**${escape(`${match.verb} ${match.resource} ${match.namespace ?? '-'}/${match.name ?? '?'}`)}**${match.owner ? ` (created for ${escape(`${match.owner.kind} ${match.owner.name}`)})` : ''}`,
      `${match.timestamp ?? ''} · ${escape(actor(match))} from ${match.sourceIPs.join(', ') || 'unknown address'}`,
      `${escape(match.userAgent ?? '')} · ${match.outcome}${match.auditID ? ` · auditID ${escape(match.auditID)}` : ''}`,
    ].join('\n\n'),
  );
}

function worstOf(match: AuditMatch): Severity {
  return match.indicators.reduce<Severity>((worst, hit) => (SEVERITY_RANK[hit.severity] > SEVERITY_RANK[worst] ? hit.severity : worst), 'hint');
}

function describe(results: AuditResults): string {
  const { summary } = results;
  const incidents = results.incidents.length;
  return (
    `${results.fileName}: ${incidents} incident${incidents === 1 ? '' : 's'}, ${summary.matches} match${summary.matches === 1 ? '' : 'es'} in ${summary.jobWrites} job writes` +
    (results.cancelled ? ' (cancelled)' : '')
  );
}

function message(results: AuditResults): string | undefined {
  const notes: string[] = [];
  if (results.summary.matches === 0) notes.push(`No suspicious job writes in ${results.summary.events} events.`);
  if (results.summary.uninspectable > 0) notes.push(`${results.summary.uninspectable} job writes were logged without a body (listed under "Not inspected"); to see them, ${UNINSPECTABLE_ADVICE}.`);
  if (results.dropped > 0) notes.push(`Only the first ${results.matches.length} matches are listed (${results.dropped} more, counted in their incidents).`);
  return notes.length > 0 ? notes.join(' ') : undefined;
}

/** The requester's text for a Markdown tooltip: controls shown as escapes, Markdown syntax taken literally. */
function escape(text: string): string {
  return printable(text).replace(/[\\*_[\]<>]/g, (char) => '\\' + char);
}
