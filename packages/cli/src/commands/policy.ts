import { compilePolicy, policyNotes, renderPolicyYaml, VALIDATION_ACTIONS, type ValidationAction } from '@jobsentinel/core/policy';
import { resolverFor } from '../config/resolve.js';
import { EXIT_CLEAN, EXIT_FAILED, UsageError, type Io } from '../io.js';
import { givenPath } from '../paths.js';
import type { Command } from './command.js';
import { isSet, listValue, oneOf, optionsHelp, parseArguments, stringValue, type OptionSpec } from './arguments.js';
import { HELP_OPTION } from './options.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'config',
    short: 'c',
    value: 'FILE',
    help: ["compile this config's tuning in: severity off drops a validation, ignore", 'entries by namespace become match conditions, by image expressions'],
  },
  {
    name: 'action',
    short: 'a',
    value: 'ACTIONS',
    repeatable: true,
    help: [
      'what a violation does: Warn, Audit, Deny, or a comma-separated pair',
      '(Deny,Audit); default Warn,Audit (kubectl warns, the audit log records,',
      'nothing is blocked)',
    ],
  },
  { name: 'name', short: 'n', value: 'NAME', help: ['name of the policy and binding (default: jobsentinel)'] },
  HELP_OPTION,
];

const HELP = `Usage: jobsentinel policy [options]

Prints a ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1, Kubernetes
1.30+) that evaluate the jobsentinel indicators in CEL inside kube-apiserver, for batch Jobs and
CronJobs (create and update), with no webhook to run. Apply it with \`kubectl apply -f -\`.

Structural indicators are decided exactly as jobsentinel decides them; command analysis is
approximated with regular expressions over command and args (the output says which indicators).
For the full analysis, run the webhook (\`jobsentinel serve\`). See docs/admission.md.

Options:
${optionsHelp(OPTIONS)}

Exit status: 0 printed, 2 bad usage or a config file that cannot be read or is not valid.
`;

export const policyCommand: Command = {
  name: 'policy',
  summary: 'print a ValidatingAdmissionPolicy that runs the indicators inside kube-apiserver',
  help: HELP,
  options: OPTIONS,
  run: policy,
};

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

async function policy(args: string[], io: Io): Promise<number> {
  const parsed = parseArguments(args, OPTIONS);
  if (isSet(parsed, 'help')) {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }
  if (parsed.positionals.length > 0) throw new UsageError(`policy takes no arguments, only options; got "${parsed.positionals[0]}"`);
  const given = listValue(parsed, 'action');
  const actions = (given.length > 0 ? given : ['Warn,Audit'])
    .flatMap((value) => value.split(','))
    .map((value) => oneOf(value.trim(), VALIDATION_ACTIONS, 'action')) as ValidationAction[];
  if (actions.includes('Deny') && actions.includes('Warn')) throw new UsageError('Deny and Warn cannot be combined (Kubernetes refuses such a binding); use Deny or Deny,Audit');
  const name = stringValue(parsed, 'name') ?? 'jobsentinel';
  if (!NAME.test(name)) throw new UsageError(`--name must be a lower-case DNS subdomain name, not "${name.replace(/[^\x20-\x7e]/g, '?')}"`);

  const configPath = stringValue(parsed, 'config');
  // No file is scanned, so only an explicit --config applies (no lookup from a file's folder).
  const resolver = await resolverFor('policy', { path: configPath, none: configPath === undefined }, io);
  if (!resolver) return EXIT_FAILED;
  const config = configPath === undefined ? undefined : (await resolver.forFile(configPath)).config;
  const compiled = compilePolicy({ config, actions, name });
  const configName = configPath === undefined ? null : givenPath(configPath);
  io.stdout.write(renderPolicyYaml(compiled, configName));
  for (const note of policyNotes(compiled)) io.stderr.write(`jobsentinel policy: ${note}\n`);
  return EXIT_CLEAN;
}
