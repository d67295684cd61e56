import { analyseCommands, contextPhrase, evidenceText, messageText, pipelineText, pipelineWithin } from '../commands/invocations.js';
import { ATTACK_T1027, type Indicator } from './indicator.js';

/**
 * The program a container runs cannot be read from the manifest as written: its name comes from a glob,
 * an IFS split, decoded text or a variable nobody sets; or it evaluates text that is decoded or unknown.
 * What the command model could resolve is judged by the other indicators as well (a decoded reverse shell
 * is also a shell-escape error); this one says that someone went out of their way to hide it.
 */
export const obfuscatedExecution: Indicator = {
  id: 'obfuscated-execution',
  title: 'Obfuscated execution',
  summary:
    'the program run cannot be read as written: a glob (`/???/???/cur?`), an `IFS` split, an unset variable or decoded text in command position, `eval` of decoded or unset text, a decode chain (`base64`, `base32`, `xxd -r -p`, `printf \'\\x..\'`, `rev`, …) piped into a shell; literal payloads are decoded and judged too',
  profile: 'extended',
  severity: 'warning',
  description:
    'The program a command runs cannot be read from the manifest as written: its name comes from a glob ' +
    '(/???/???/cur?), an IFS split, a brace expansion, decoded text or a variable the manifest never sets; ' +
    'or it evaluates (eval, sh -c, source, a shell reading its input) text that is decoded (base64, base32, ' +
    "xxd -r -p, printf '\\x..', rev, tr, openssl enc -d, python -m base64) or that the manifest does not set; " +
    'or interpreter code evaluates text it decodes (exec(zlib.decompress(b64decode(…))), PowerShell -EncodedCommand). ' +
    'Where the encoded text is literal, it is decoded and judged like any other script: those findings carry ' +
    'the decoded command as evidence and point at the encoded literal.',
  remediation:
    'Replace the command with the plain program and arguments it stands for, so reviewers and admission ' +
    'policies can read it; investigate who created a job that hides what it runs.',
  falsePositives:
    'Entrypoints that run "$@" or a program path from a variable the image sets (not the manifest) are ' +
    'reported when the variable is in command position; eval of a program\'s own output ' +
    '(eval "$(ssh-agent -s)") and variables set in the script or the container env are not. Set the ' +
    'program in the container env, or ignore the reviewed job with the jobsentinel.io/ignore annotation.',
  attack: ATTACK_T1027,
  check(template, report, { memo }) {
    for (const { container, path, run } of template.containers) {
      const seen = new Set<string>();
      for (const invocation of analyseCommands(container, path, run, memo.commands)) {
        if (invocation.obscured === undefined) continue;
        const key = `${invocation.path}\0${invocation.obscured}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const text = pipelineText(invocation);
        report({
          path: invocation.path,
          message: `Container "${container.name ?? '?'}" ${invocation.obscured}${contextPhrase(invocation)}: ${messageText(text)}`,
          evidence: evidenceText(text),
          within: pipelineWithin(invocation),
        });
      }
    }
  },
};
