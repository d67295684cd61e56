// Wires the page: text in (typed, pasted, dropped, opened, or a sample) → the core → highlights and findings.
// Everything runs here in the page; the Content-Security-Policy forbids any network request.
import { analyseManifest, INDICATORS, ScanMemo, type Finding } from '@jobsentinel/core';
import { AuditView } from './audit-view.js';
import { byId, h } from './dom.js';
import { ManifestEditor } from './editor.js';
import { HEAD_BYTES, looksLikeAuditLog } from './input-kind.js';
import { renderManifestReport } from './report.js';
import { SAMPLES } from './samples.js';

const report = byId<HTMLElement>('report');
const fileLabel = byId<HTMLElement>('file-name');
const editor = new ManifestEditor(byId('source'), byId('highlight'), byId('gutter'), showFindingsAt);
const audit = new AuditView(report);
let fileName = 'pasted.yaml';
let pending: ReturnType<typeof setTimeout> | undefined;
/** The page's memo: an unchanged container is not modelled again on every keystroke. */
const memo = new ScanMemo();

function analyse(): void {
  clearTimeout(pending);
  // A pasted audit log goes the audit way, as a dropped one does.
  if (looksLikeAuditLog(new TextEncoder().encode(editor.text.slice(0, HEAD_BYTES)))) {
    audit.start(new File([editor.text], 'pasted-audit.log'));
    return;
  }
  showManifestMode();
  const result = analyseManifest(editor.text, fileName, { memo });
  editor.render(result.findings);
  if (editor.text.trim() === '') welcome();
  else renderManifestReport(report, fileName, result, (finding: Finding) => editor.reveal(finding));
}

function load(name: string, text: string): void {
  fileName = name;
  fileLabel.textContent = name;
  editor.text = text;
  analyse();
}

function showManifestMode(): void {
  audit.stop();
  document.body.dataset.mode = 'manifest';
  delete document.body.dataset.state;
}

/** Audit logs stream (they may be gigabytes); manifests are read whole into the editor. */
async function openFile(file: File): Promise<void> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  if (looksLikeAuditLog(head)) audit.start(file);
  else load(file.name, await file.text());
}

function showFindingsAt(line: number): void {
  const cards = [...report.querySelectorAll<HTMLElement>(`.finding[data-line="${line}"]`)];
  cards[0]?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  for (const card of cards) {
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
  }
}

function sampleButtons(): HTMLElement[] {
  return SAMPLES.map((sample) => {
    const button = h('button', { type: 'button', class: 'sample' }, sample.label);
    button.addEventListener('click', () => load(sample.fileName, sample.text));
    return button;
  });
}

function welcome(): void {
  report.replaceChildren(
    h(
      'div',
      { class: 'welcome' },
      h('h2', {}, 'Check a CronJob or Job before it runs'),
      h(
        'p',
        {},
        'Paste a Kubernetes manifest (YAML or JSON, any number of documents) on the left, drop a file anywhere on the page, ',
        'or open one. Each finding is shown at its exact line, with why it matters and how to fix it.',
      ),
      h(
        'p',
        {},
        'Drop an exported audit log (kube-apiserver, EventList, Elastic, AKS, GKE or EKS; plain or gzip) to find who created ',
        'or changed a malicious Job or CronJob. It streams through the same indicators with a progress bar.',
      ),
      h('p', { class: 'muted' }, 'Nothing leaves this page: the analysis runs in your browser and the page is not allowed to make network requests.'),
      h('div', { class: 'samples' }, h('span', { class: 'muted' }, 'Try a sample:'), ...sampleButtons()),
      h('h3', {}, 'What it looks for'),
      h(
        'table',
        { class: 'checks' },
        h(
          'tbody',
          {},
          ...INDICATORS.map((indicator) =>
            h(
              'tr',
              {},
              h('td', {}, indicator.title),
              h('td', { class: 'muted' }, indicator.profile === 'seed' ? `seed rule, clause ${indicator.seedClause}` : 'extended'),
              h('td', {}, h('span', { class: `badge sev-${indicator.severity}` }, indicator.severity)),
            ),
          ),
        ),
      ),
    ),
  );
}

editor.textarea.addEventListener('input', () => {
  clearTimeout(pending);
  pending = setTimeout(analyse, 120);
});

const picker = byId<HTMLInputElement>('file-input');
byId('open-file').addEventListener('click', () => picker.click());
picker.addEventListener('change', () => {
  const file = picker.files?.[0];
  if (file) void openFile(file);
  picker.value = '';
});
byId('clear').addEventListener('click', () => {
  load('pasted.yaml', '');
  editor.textarea.focus();
});
byId('toolbar-samples').append(...sampleButtons());
byId('audit-back').addEventListener('click', () => load('pasted.yaml', ''));

// Drop anywhere: the overlay shows while a file is dragged over the page.
let dragDepth = 0;
document.addEventListener('dragenter', (event) => {
  event.preventDefault();
  dragDepth++;
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) document.body.classList.remove('dragging');
});
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  dragDepth = 0;
  document.body.classList.remove('dragging');
  const file = event.dataTransfer?.files[0];
  if (file) void openFile(file);
});

analyse();
