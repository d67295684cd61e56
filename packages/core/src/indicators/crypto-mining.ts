import { analyseCommands, contextPhrase, evidenceText, messageText } from '../commands/invocations.js';
import { parseImageReference } from '../images.js';
import type { ContainerRef } from '../manifest/pod-templates.js';
import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1496, type Indicator, type Report } from './indicator.js';
import type { ScanMemo } from './scan-memo.js';

/** Miner programs and the images named after them (`xmrig/xmrig`, `minerhub/xmrig:6.21`, `cpuminer-opt`). */
const MINERS = /^(xmrig(-proxy|-cuda|-nvidia)?|xmr-stak(-cpu|-rx)?|cpuminer(-opt|-multi|-gr)?|minerd|t-rex|trex|nbminer|lolminer|phoenixminer|ethminer|gminer|teamredminer|srbminer(-multi)?|nanominer|ccminer|bminer|cgminer|bfgminer|nheqminer|hellminer|rigel|xmrigcc|moneroocean)(?:$|[-_.]|\d)/i;

/** A mining pool URL: stratum over TCP, TLS or SSL, version 1 or 2. */
const POOL_URL = /\bstratum2?\+(tcp|ssl|tls)s?:\/\/[^\s'"]+/i;

/** `--donate-level`: a flag only XMRig and its forks have. */
const DONATE = /(^|\s)--donate-level(=|\s|$)/;

/** Pool and wallet together: `-o host:port -u wallet`, `--url … --user …`. */
function poolAndWallet(argv: readonly string[]): boolean {
  const has = (...names: string[]) => argv.some((arg, index) => names.some((name) => arg === name ? index + 1 < argv.length : arg.startsWith(name + '=')));
  const pool = argv.some((arg, index) => (arg === '-o' || arg === '--url') && /[\w.-]+:\d{2,5}/.test(argv[index + 1] ?? ''));
  return pool && has('-u', '--user');
}

/** Why a piece of text looks like mining, or undefined. */
function miningSign(text: string): string | undefined {
  const url = POOL_URL.exec(text);
  if (url) return `points a miner at the pool ${url[0]}`;
  if (DONATE.test(text)) return 'passes a miner flag (--donate-level)';
  return undefined;
}

/** Every string a container passes to its process: command, args and env values (literal or loaded from elsewhere), with their pointers. */
function containerStrings({ container, path, run }: ContainerRef): Array<{ text: string; path: string; env: boolean }> {
  const strings: Array<{ text: string; path: string; env: boolean }> = [];
  for (const field of ['command', 'args'] as const) {
    const list: unknown = container[field];
    if (Array.isArray(list)) list.forEach((item, index) => typeof item === 'string' && strings.push({ text: item, path: joinPointer(path, field, index), env: false }));
  }
  const env: unknown = container.env;
  if (Array.isArray(env)) {
    env.forEach((entry: unknown, index) => {
      const value = (entry as { value?: unknown } | null)?.value;
      if (typeof value === 'string') strings.push({ text: value, path: joinPointer(path, 'env', index, 'value'), env: true });
    });
  }
  for (const variable of run?.env.values() ?? []) strings.push({ text: variable.value, path: variable.path, env: true });
  return strings;
}

function checkContainer(ref: ContainerRef, report: Report, memo: ScanMemo): void {
  const { container, path, run } = ref;
  const name = container.name ?? '?';
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && seen.add(key) !== undefined;
  if (typeof container.image === 'string') {
    const image = parseImageReference(container.image);
    if (MINERS.test(image.name) && once(joinPointer(path, 'image'))) {
      report({ path: joinPointer(path, 'image'), message: `Container "${name}" runs the cryptocurrency miner image ${image.full}.`, evidence: image.full });
    }
  }
  let commandReported = false;
  for (const invocation of analyseCommands(container, path, run, memo.commands)) {
    const sign = MINERS.test(invocation.program)
      ? `runs the miner ${invocation.program}`
      : poolAndWallet(invocation.argv)
        ? 'runs a program with a mining pool and wallet (-o pool -u wallet)'
        : miningSign(invocation.argv.join(' '));
    if (sign && once(invocation.path)) {
      commandReported = true;
      report({
        path: invocation.path,
        message: `Container "${name}" ${sign}${contextPhrase(invocation)}: ${messageText(invocation.text)}`,
        evidence: evidenceText(invocation.text),
        within: invocation.within,
      });
    }
  }
  // Pools and flags in any value the process gets, also where no command reads them (an image's entrypoint does).
  for (const { text, path: at, env } of containerStrings(ref)) {
    if (commandReported && !env) continue;
    const sign = miningSign(text);
    if (sign && once(at)) report({ path: at, message: `Container "${name}" ${sign}.`, evidence: evidenceText(text) });
  }
}

export const cryptoMining: Indicator = {
  id: 'crypto-mining',
  title: 'Cryptocurrency mining',
  summary:
    'a miner image or program (`xmrig`, `xmr-stak`, `cpuminer`, `t-rex`, …), a `stratum+tcp://` pool URL, `--donate-level` or `-o pool -u wallet` in command, args, env values or scripts (ATT&CK T1496)',
  profile: 'extended',
  severity: 'error',
  description:
    'The job mines cryptocurrency on the cluster\'s CPUs: a miner image or program (xmrig, xmr-stak, cpuminer, t-rex, ' +
    'nbminer, lolminer, …), a mining pool URL (stratum+tcp://, stratum+ssl://, stratum2+tcp://) or miner flags ' +
    '(--donate-level, -o pool -u wallet) in its command, args, env values, scripts or mounted scripts.',
  remediation:
    'Delete the job, rotate the credentials that created it, and look for other workloads from the same identity: ' +
    'mining is the most common payoff of a cluster compromise.',
  falsePositives:
    'Almost none in business clusters. Research or benchmarking clusters that mine on purpose can ignore the ' +
    'reviewed job with the jobsentinel.io/ignore annotation.',
  attack: ATTACK_T1496,
  check(template, report, { memo }) {
    for (const ref of template.containers) checkContainer(ref, report, memo);
  },
};
