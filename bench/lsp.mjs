// Edit-to-diagnostics latency of the language server over LSP (stdio), on a generated 2,000-line
// multi-document manifest file: the time from sending a didChange to receiving the publishDiagnostics
// for that version. It includes the server's debounce, which is printed separately.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DEBOUNCE_MS } from '../server/dist/service.js';
import { generateManifests } from './lib/manifest-corpus.mjs';
import { analyseManifest } from '../packages/core/dist/index.js';
import { ms, percentile, timeRuns } from './lib/stats.mjs';

const LINES = 2_000;
const WARMUP = 5;
const EDITS = 40;
const SERVER = new URL('../node_modules/.bin/jobsentinel-language-server', import.meta.url).pathname;

/** A minimal LSP client: Content-Length framing over the server's stdio. */
function connect(child) {
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method) write({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [{}] : null });
      else if (message.id !== undefined) pending.get(message.id)?.(message);
      else for (const listener of listeners) listener(message);
    }
  });
  const write = (message) => {
    const body = JSON.stringify(message);
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  return {
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        write({ jsonrpc: '2.0', id, method, params });
      });
    },
    notify: (method, params) => write({ jsonrpc: '2.0', method, params }),
    /** Resolves with the first notification accepted by `predicate`. */
    next(predicate) {
      return new Promise((resolve) => {
        const listener = (message) => {
          if (!predicate(message)) return;
          listeners.splice(listeners.indexOf(listener), 1);
          resolve(message);
        };
        listeners.push(listener);
      });
    },
  };
}

const text = generateManifests(LINES);
const lines = text.split('\n');
// Edit the value of a `name:` line in the middle of the file: type a letter, then delete it.
const target = lines.findIndex((line, index) => index > LINES / 2 && /^\s+name: \S+$/.test(line));
const column = lines[target].length;

const child = spawn(SERVER, ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const client = connect(child);
await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
client.notify('initialized', {});
const uri = 'file:///bench/generated.yaml';
const published = (version) => client.next((message) => message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri && message.params.version === version);

let waiting = published(1);
client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
const first = await waiting;

const latencies = [];
const actionLatencies = [];
for (let edit = 0; edit < WARMUP + EDITS; edit++) {
  const version = edit + 2;
  const insert = edit % 2 === 0;
  const range = { start: { line: target, character: column }, end: { line: target, character: insert ? column : column + 1 } };
  waiting = published(version);
  const start = performance.now();
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? 'x' : '' }] });
  const { params } = await waiting;
  if (edit >= WARMUP) latencies.push(performance.now() - start);
  // The lightbulb: quick fixes for a finding of the new version (computed and verified afresh).
  const diagnostic = params.diagnostics.find((candidate) => candidate.code === 'privileged-container') ?? params.diagnostics[0];
  const actionStart = performance.now();
  await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  if (edit >= WARMUP) actionLatencies.push(performance.now() - actionStart);
}
actionLatencies.sort((a, b) => a - b);
await client.request('shutdown', null);
client.notify('exit', null);

latencies.sort((a, b) => a - b);
const median = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
console.log(`file: ${LINES} lines, ${text.split(/^---$/m).length} documents, ${first.params.diagnostics.length} diagnostics`);
console.log(`edits: ${EDITS} (after ${WARMUP} warm-up), each a one-character change mid-file`);
console.log(`debounce: ${DEBOUNCE_MS} ms (the server waits this long after the last change before re-checking)`);
console.log(`edit → diagnostics: median ${ms(median)}, p95 ${ms(p95)}, max ${ms(latencies.at(-1))}`);
console.log(`beyond the debounce (re-check + transport): median ${ms(median - DEBOUNCE_MS)}, p95 ${ms(p95 - DEBOUNCE_MS)}`);
console.log(`quick fixes for a finding, first request on a new version: median ${ms(percentile(actionLatencies, 50))}, p95 ${ms(percentile(actionLatencies, 95))}`);
// For scale: the core's analysis of the same text in this process, without the server around it.
const core = timeRuns(() => analyseManifest(text, 'generated.yaml'), { warmup: 5, runs: 30 });
console.log(`core analysis alone (in-process): median ${ms(percentile(core.wall, 50))} wall / ${ms(percentile(core.cpu, 50))} CPU, p95 ${ms(percentile(core.wall, 95))} wall`);
