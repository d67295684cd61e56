import { analyseCommands, contextPhrase, evidenceText, messageText } from '../commands/invocations.js';
import { downloadedFiles } from '../commands/downloads.js';
import { SHELL_TECHNIQUES, type TechniqueContext } from '../commands/techniques.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';

export const shellEscape: Indicator = {
  id: 'shell-escape',
  title: 'Reverse shell or payload staging',
  summary:
    '`bash -i`, `/dev/tcp/`, `mkfifo`, `socat`, `base64 -d`, `chmod +x`, `nc -e`, download piped into a shell, reverse-shell one-liners',
  profile: 'seed',
  seedClause: 2,
  severity: 'error',
  description:
    'A command the job runs opens a shell to the network or stages a payload: an interactive shell (bash -i), ' +
    '/dev/tcp or /dev/udp redirections, mkfifo, socat, netcat with -e/-c, a download piped into an interpreter ' +
    'or saved and then run, ' +
    'a reverse-shell one-liner (a socket wired to a process) or code fetched and evaluated in python, perl, ruby, ' +
    "php, node, lua, awk, zsh or PowerShell (IEX … DownloadString), read after folding the interpreter's string " +
    "building ('soc'+'ket', chr() joins, require(\"n\"+\"et\"), literal base64), base64 -d, or chmod +x. " +
    'Only commands that run count, not words in arguments, env values, labels or names.',
  remediation:
    'Remove the command and investigate who created the job. Jobs should run a program baked into their image, ' +
    'not fetch, decode or make executable anything at run time.',
  falsePositives:
    'Init containers that wait for a port with `echo > /dev/tcp/db/5432` are reported as a warning, not an error. ' +
    'Install scripts (curl … | sh) and entrypoints that chmod +x a mounted script are common in CI jobs; prefer ' +
    'baking them into the image, or ignore the reviewed job with the jobsentinel.io/ignore annotation.',
  attack: ATTACK_T1053_007,
  check(template, report, { memo }) {
    const byContainer = template.containers.map((ref) => ({ ref, invocations: analyseCommands(ref.container, ref.path, ref.run, memo.commands) }));
    // Containers of a pod share volumes: an init container may fetch what the main container runs.
    const context: TechniqueContext = { downloads: downloadedFiles(byContainer.flatMap((entry) => entry.invocations)) };
    for (const { ref, invocations } of byContainer) {
      const seen = new Set<string>();
      for (const invocation of invocations) {
        for (const technique of SHELL_TECHNIQUES) {
          if (!technique.matches(invocation, context)) continue;
          const key = `${invocation.path}\0${technique.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const evidence = technique.evidence?.(invocation, context) ?? invocation.text;
          report({
            path: invocation.path,
            message: `Container "${ref.container.name ?? '?'}" ${technique.describe}${contextPhrase(invocation)}: ${messageText(evidence)}`,
            evidence: evidenceText(evidence),
            severity: technique.severity,
            within: technique.within?.(invocation, context) ?? invocation.within,
          });
        }
      }
    }
  },
};
