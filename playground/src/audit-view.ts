// The audit-log view: the file streams through the core in a worker; a progress bar and live counts on
// the left, each match on the right as soon as it is found, the summary and any problems at the end.
import { ATTACK_T1053_007, indicatorById, printable, type Severity } from '@jobsentinel/core';
import {
  IncidentTracker,
  UNINSPECTABLE_ADVICE,
  describeSubject,
  type AuditIncident,
  type AuditIndicatorHit,
  type AuditMatch,
  type AuditMode,
  type AuditProblem,
  type AuditReport,
  type AuditSummary,
  type UninspectableWrite,
} from '@jobsentinel/core/audit';
import { auditFormatters, formatAuditReport } from '@jobsentinel/core/formats';
import type { FromWorker, ToWorker } from './audit-messages.js';
import { byId, h, plural } from './dom.js';
import { SEVERITY_RANK } from './editor.js';
import { TOOL_VERSION, exportButtons } from './export.js';

/** Matches beyond this are counted, not drawn: a page with 100,000 cards helps nobody. */
const MAX_SHOWN = 1000;

export class AuditView {
  private worker: Worker | undefined;
  private file: File | undefined;
  private mode: AuditMode = 'structural';
  private matches: AuditMatch[] = [];
  private incidents = new IncidentTracker();
  private uninspectable: UninspectableWrite[] = [];
  private shown = 0;
  private started = 0;
  private readonly progress = byId<HTMLProgressElement>('audit-progress');
  private readonly status = byId<HTMLElement>('audit-status');
  private readonly summaryList = byId<HTMLElement>('audit-summary');
  private readonly problemList = byId<HTMLElement>('audit-problems');
  private readonly cancelButton = byId<HTMLButtonElement>('audit-cancel');
  private readonly modeSelect = byId<HTMLSelectElement>('audit-mode');
  private matchList: HTMLElement = h('div');

  constructor(private readonly report: HTMLElement) {
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.modeSelect.addEventListener('change', () => {
      if (this.file) this.start(this.file);
    });
  }

  start(file: File): void {
    this.stop();
    this.file = file;
    this.mode = this.modeSelect.value as AuditMode;
    this.matches = [];
    this.incidents = new IncidentTracker();
    this.uninspectable = [];
    this.shown = 0;
    this.started = performance.now();
    document.body.dataset.mode = 'audit';
    document.body.dataset.state = 'scanning';
    byId('audit-file-name').textContent = file.name;
    byId('audit-file-size').textContent = formatBytes(file.size);
    this.progress.value = 0;
    this.cancelButton.hidden = false;
    this.problemList.replaceChildren();
    this.renderSummary(emptySummary(), []);
    this.matchList = h('div', { class: 'matches' });
    this.report.replaceChildren(
      h('div', { class: 'summary' }, h('div', { class: 'summary-title' }, h('span', { class: 'file-name' }, file.name)), h('strong', { id: 'match-count', class: 'finding-count' }, 'scanning…')),
      this.matchList,
    );
    this.setStatus(0, file.size);

    const worker = new Worker('./audit-worker.js', { type: 'module' });
    this.worker = worker;
    worker.onmessage = ({ data }: MessageEvent<FromWorker>) => this.receive(data);
    worker.onerror = (event) => this.fail(event.message || 'the audit worker stopped');
    const message: ToWorker = { file, mode: this.mode };
    worker.postMessage(message);
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private cancel(): void {
    if (!this.worker) return;
    this.stop();
    this.cancelButton.hidden = true;
    document.body.dataset.state = 'cancelled';
    this.status.textContent = `Cancelled at ${Math.round(this.progress.value * 100)}%. The matches found so far are shown.`;
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.setStatus(message.bytesRead, this.file?.size ?? 0);
        this.renderSummary(message.summary, []);
        break;
      case 'match':
        this.addMatch(message.match);
        this.renderSummary(message.summary, []);
        break;
      case 'uninspectable':
        // Listed up to the same bound as matches; the summary counts them all.
        if (this.uninspectable.length < MAX_SHOWN) this.uninspectable.push(message.write);
        break;
      case 'done':
        this.finish(message.bytesRead, message.summary, message.problems, message.formats);
        break;
      case 'failed':
        this.fail(message.message);
        break;
    }
  }

  private setStatus(bytesRead: number, size: number): void {
    this.progress.value = size > 0 ? Math.min(1, bytesRead / size) : 0;
    this.status.textContent = `Scanning… ${Math.round(this.progress.value * 100)}% · ${formatBytes(bytesRead)} of ${formatBytes(size)}`;
  }

  private addMatch(match: AuditMatch): void {
    this.matches.push(match);
    this.incidents.add(match);
    this.shown++;
    if (this.shown <= MAX_SHOWN) this.matchList.append(matchCard(match));
    byId('match-count').textContent = plural(this.shown, 'match', 'matches');
  }

  private finish(bytesRead: number, summary: AuditSummary, problems: AuditProblem[], formats: string[]): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.cancelButton.hidden = true;
    this.progress.value = 1;
    const seconds = (performance.now() - this.started) / 1000;
    this.status.textContent = `Done · ${formatBytes(bytesRead)} read in ${seconds.toFixed(1)} s`;
    this.renderSummary(summary, formats);
    this.renderProblems(problems, summary);
    byId('match-count').textContent = plural(summary.matches, 'match', 'matches');
    const name = this.file?.name ?? 'audit.log';
    const report: AuditReport = { mode: this.mode, files: [{ file: name, matches: this.matches, uninspectable: this.uninspectable, suppressed: [], summary, problems, formats }], errors: [] };
    this.renderIncidents();
    this.renderUninspectable(summary);
    byId('match-count').after(
      exportButtons(name.replace(/(\.log)?(\.gz)?$/i, '') + '.jobsentinel', auditFormatters(), (format) => formatAuditReport(format, report, { toolVersion: TOOL_VERSION })),
    );
    if (summary.matches > MAX_SHOWN) this.matchList.append(h('p', { class: 'muted' }, `The first ${MAX_SHOWN} of ${summary.matches} matches are shown.`));
    if (summary.matches === 0) {
      this.matchList.append(
        h('p', { class: 'all-clear' }, summary.jobWrites > 0 ? '✓ No Job or CronJob write in this log carries an indicator.' : 'This log holds no Job or CronJob writes.'),
      );
    }
    document.body.dataset.state = 'done';
  }

  private fail(message: string): void {
    this.stop();
    this.cancelButton.hidden = true;
    document.body.dataset.state = 'failed';
    this.status.textContent = `The scan stopped: ${message}`;
  }

  /** The incidents lead the report: one card per object, above the requests that make it up. */
  private renderIncidents(): void {
    const incidents = this.incidents.list();
    if (incidents.length === 0) return;
    this.matchList.before(
      h('h2', { class: 'section-title' }, plural(incidents.length, 'incident')),
      h('div', { class: 'incidents' }, ...incidents.map(incidentCard)),
      h('h2', { class: 'section-title' }, 'Requests'),
    );
  }

  /** What the log could not show: each job write without a body, who made it and why it could not be judged. */
  private renderUninspectable(summary: AuditSummary): void {
    if (this.uninspectable.length === 0) return;
    const more = summary.uninspectable - this.uninspectable.length;
    this.matchList.after(
      h(
        'section',
        { class: 'uninspectable' },
        h('h2', { class: 'section-title' }, `Not inspected: ${plural(summary.uninspectable, 'job write')} without a body`),
        h('ul', {}, ...this.uninspectable.map(uninspectableItem)),
        more > 0 ? h('p', { class: 'muted' }, `${more} more are counted; the JSON export lists the first ${this.uninspectable.length}.`) : null,
      ),
    );
  }

  private renderSummary(summary: AuditSummary, formats: string[]): void {
    const rows: [string, string, string][] = [
      ['Events read', summary.events.toLocaleString('en'), 'events'],
      ['Job and CronJob writes', summary.jobWrites.toLocaleString('en'), 'jobWrites'],
      ['Matches', summary.matches.toLocaleString('en'), 'matches'],
      ['Incidents', this.incidents.size.toLocaleString('en'), 'incidents'],
      ['Not inspectable (no body logged)', summary.uninspectable.toLocaleString('en'), 'uninspectable'],
      ['Malformed records', summary.malformed.toLocaleString('en'), 'malformed'],
      ['Repeated stages of a request', summary.duplicates.toLocaleString('en'), 'duplicates'],
    ];
    if (formats.length > 0) rows.push(['Format', formats.join(', '), 'formats']);
    this.summaryList.replaceChildren(...rows.flatMap(([label, value, key]) => [h('dt', {}, label), h('dd', { 'data-key': key }, value)]));
  }

  private renderProblems(problems: AuditProblem[], summary: AuditSummary): void {
    const items = problems.map((problem) =>
      h('li', { class: problem.severity }, problem.line === null ? '' : h('span', { class: 'where' }, `line ${problem.line}`), problem.line === null ? '' : ' ', printable(problem.message)),
    );
    if (summary.uninspectable > 0) {
      items.unshift(
        h('li', { class: 'warning' }, `${plural(summary.uninspectable, 'job write was', 'job writes were')} logged without a body and could not be inspected. To see them, ${UNINSPECTABLE_ADVICE}.`),
      );
    }
    if (items.length === 0) return;
    this.problemList.replaceChildren(h('h2', {}, 'Problems with the input'), h('ul', {}, ...items));
  }
}

function incidentCard(incident: AuditIncident): HTMLElement {
  const span = incident.first === incident.last ? incident.first : `${incident.first} → ${incident.last}`;
  return h(
    'article',
    { class: `incident indicator-card sev-${incident.severity}`, 'data-kind': incident.kind, 'data-name': incident.name ?? '', 'data-matches': String(incident.matches) },
    h(
      'header',
      {},
      h('span', { class: `badge sev-${incident.severity}` }, incident.severity),
      h('h3', {}, printable(describeSubject(incident))),
      h('span', { class: 'where muted' }, `${plural(incident.matches, 'suspicious write')}${incident.denied > 0 ? `, ${incident.denied} denied` : ''}`),
    ),
    h('p', { class: 'when muted' }, span ?? 'no timestamps'),
    h('p', { class: 'who' }, printable(`Users: ${incident.users.join(', ') || 'unknown'}`)),
    incident.impersonatedUsers.length > 0 && h('p', { class: 'who' }, printable(`Impersonated: ${incident.impersonatedUsers.join(', ')}`)),
    incident.cloudIdentities.length > 0 && h('p', { class: 'who' }, printable(`Cloud identities: ${incident.cloudIdentities.join(', ')}`)),
    h('p', { class: 'indicators' }, ...incident.indicators.map((id) => h('code', { 'data-indicator': id }, id))),
  );
}

function uninspectableItem(write: UninspectableWrite): HTMLElement {
  return h(
    'li',
    { 'data-line': String(write.line), 'data-reason': write.reason },
    h('span', { class: 'where' }, `line ${write.line}`),
    printable(` ${[write.timestamp, actor(write), `${write.verb} ${write.resource} ${write.namespace ?? '-'}/${write.name ?? '?'}`].filter(Boolean).join(' · ')}: `),
    h('strong', {}, write.reason),
  );
}

/** `alice (as bob; aws arn:…)`. */
function actor(write: UninspectableWrite | AuditMatch): string {
  const details = [write.impersonatedUser && `as ${write.impersonatedUser}`, write.cloudIdentity && `${write.cloudIdentity.provider} ${write.cloudIdentity.principal}`].filter(Boolean);
  return `${write.user ?? 'unknown user'}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
}

function matchCard(match: AuditMatch): HTMLElement {
  const severity = match.indicators.reduce<Severity>((best, hit) => (SEVERITY_RANK[hit.severity] > SEVERITY_RANK[best] ? hit.severity : best), 'hint');
  const owner = match.owner && `created for ${match.owner.kind} ${match.owner.name}`;
  // The requester's text: control and bidi characters are shown as escapes, never acted on.
  const who = printable([match.timestamp, actor(match), owner, match.sourceIPs.join(', '), match.userAgent, match.auditID && `auditID ${match.auditID}`].filter(Boolean).join(' · '));
  return h(
    'article',
    { class: `match indicator-card sev-${severity}`, 'data-line': String(match.line), 'data-name': match.name ?? '', 'data-outcome': match.outcome },
    h(
      'header',
      {},
      h('span', { class: `badge sev-${severity}` }, severity),
      h('h3', {}, printable(`${match.verb} ${match.resource} ${match.namespace ?? '-'}/${match.name ?? '?'}`)),
      h('span', { class: `outcome ${match.outcome}`, title: 'What the API server answered' }, match.outcome),
      h('span', { class: 'where muted' }, `line ${match.line}`),
    ),
    h('p', { class: 'who muted' }, who),
    h('ul', { class: 'occurrences' }, ...[...match.indicators].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).map(hitView)),
    h(
      'footer',
      {},
      h('a', { class: 'attack', href: ATTACK_T1053_007.url, target: '_blank', rel: 'noopener noreferrer', title: ATTACK_T1053_007.name }, `MITRE ATT&CK ${ATTACK_T1053_007.technique}`),
    ),
  );
}

function hitView(hit: AuditIndicatorHit): HTMLElement {
  const indicator = indicatorById(hit.indicator);
  return h(
    'li',
    { class: `finding sev-${hit.severity}`, 'data-indicator': hit.indicator, 'data-severity': hit.severity },
    h('div', { class: 'occurrence-head' }, h('span', { class: `badge sev-${hit.severity}` }, hit.severity), h('strong', {}, indicator?.title ?? hit.indicator)),
    h('p', { class: 'message' }, printable(hit.message)),
    h('div', { class: 'occurrence-detail' }, h('code', { class: 'evidence', title: 'Evidence' }, printable(hit.evidence)), hit.path && h('code', { class: 'muted' }, printable(hit.path))),
    indicator &&
      h(
        'details',
        {},
        h('summary', {}, 'Why it matters, how to fix it'),
        h('dl', {}, h('dt', {}, 'Why it matters'), h('dd', {}, indicator.description), h('dt', {}, 'Suggested fix'), h('dd', {}, indicator.remediation), h('dt', {}, 'False positives'), h('dd', {}, indicator.falsePositives)),
      ),
  );
}

function emptySummary(): AuditSummary {
  return { events: 0, jobWrites: 0, matches: 0, uninspectable: 0, malformed: 0, duplicates: 0, filteredOut: 0, suppressed: 0 };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
