import { analyseCommands, contextPhrase, evidenceText, messageText } from '../commands/invocations.js';
import { globMatch } from '../glob.js';
import { parseImageReference } from '../images.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator, type Report } from './indicator.js';
import type { ScanMemo } from './scan-memo.js';

/** The seed rule's clause 1: general-purpose distros and network tools an attacker schedules. */
export const ATTACKER_TOOLS = [
  'alpine', 'busybox', 'ubuntu', 'debian', 'kali', 'python', 'perl', 'ruby', 'php',
  'ncat', 'netcat', 'nmap', 'masscan', 'curl', 'wget',
] as const;

/** `kali-rolling`, `python3`, `php-fpm` are the tool too; `superlative` and `perlite-app` are not. */
const IMAGE_NAME = new RegExp(`^(${ATTACKER_TOOLS.join('|')})(?:$|[-_.]|\\d)`);

export function toolForImageName(name: string): string | undefined {
  return IMAGE_NAME.exec(name)?.[1];
}

/**
 * The tools of the list that are programs, by the name they run under: versioned names (`python3`,
 * `python3.12`, `perl5`, `php8.2`, `wget2`) are the tool, `nc` and the Debian variants are netcat.
 * The distros (alpine, ubuntu, debian, kali) are not programs, and busybox is a multi-call wrapper judged by
 * the applet it runs (`busybox wget` runs wget).
 */
const PROGRAM_NAME = /^(?:(python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)(?:\d+(?:\.\d+)*)?|nc|nc\.traditional|nc\.openbsd|netcat\.traditional|netcat\.openbsd)$/;

export function toolForProgram(program: string): string | undefined {
  const match = PROGRAM_NAME.exec(program);
  // Only the nc family has no capture: it is netcat.
  return match ? match[1] ?? 'netcat' : undefined;
}

/** One report per tool per scalar: a script that calls curl ten times is one finding. */
function reportInvocations(template: PodTemplate, report: Report, memo: ScanMemo): void {
  for (const { container, path, run } of template.containers) {
    const seen = new Set<string>();
    for (const invocation of analyseCommands(container, path, run, memo.commands)) {
      const program = invocation.program;
      const tool = toolForProgram(program);
      const key = `${invocation.path}\0${tool}`;
      if (!tool || seen.has(key)) continue;
      seen.add(key);
      report({
        path: invocation.path,
        message: `Container "${container.name ?? '?'}" runs ${program === tool ? tool : `${program} (${tool})`}${contextPhrase(invocation)}: ${messageText(invocation.text)}`,
        evidence: evidenceText(invocation.text),
        severity: 'warning',
        within: invocation.within,
      });
    }
  }
}

export const attackerTooling: Indicator = {
  id: 'attacker-tooling',
  title: 'Attacker tooling',
  summary:
    'an image whose repository name is a distro or network tool of the seed list (`kalilinux/kali-rolling@sha256:…`, `curlimages/curl`), or a command that runs one',
  severityNote: 'information (image), warning (invocation)',
  profile: 'seed',
  seedClause: 1,
  severity: 'warning',
  description:
    'The job runs a general-purpose distro or network tool (alpine, busybox, ubuntu, debian, kali, python, ' +
    'perl, ruby, php, ncat, netcat, nmap, masscan, curl, wget) as its image, or runs one of the programs among ' +
    'them (python, perl, ruby, php, nc/ncat/netcat, nmap, masscan, curl, wget) in its command, a shell script, ' +
    'a lifecycle hook or a probe. Only programs that run count: a tool named in an argument, an env value, an ' +
    'echo, a label or a name does not. Attackers schedule these to download and run payloads.',
  remediation: 'Build the job from a purpose-made, minimal image that contains only what it runs.',
  falsePositives:
    'CI/CD and maintenance jobs often use alpine or ubuntu bases; authorised scanners (nmap, masscan) run as ' +
    'CronJobs in security namespaces. Ignore them by image and namespace in .jobsentinel.yaml.',
  attack: ATTACK_T1053_007,
  check(template, report, context) {
    for (const { container, path } of template.containers) {
      if (typeof container.image !== 'string' || container.image.trim() === '') continue;
      const image = parseImageReference(container.image);
      const tool = toolForImageName(image.name);
      const custom = tool ? undefined : context.customImages.find((glob) => globMatch(glob, image.full));
      if (!tool && !custom) continue;
      report({
        path: joinPointer(path, 'image'),
        message: tool
          ? `Container "${container.name ?? '?'}" uses the ${tool} image (${image.full}).`
          : `Container "${container.name ?? '?'}" uses ${image.full}, listed in custom.images (${custom}).`,
        evidence: image.full,
        // Custom images were listed on purpose, so they weigh more than a common base image.
        severity: tool ? 'information' : 'warning',
      });
    }
    reportInvocations(template, report, context.memo);
  },
};
