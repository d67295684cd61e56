import type { JobSentinelConfig } from '../config/config.js';
import { celString } from './cel-text.js';
import type { PolicyCheck } from './policy-check.js';

/**
 * Command analysis (shell parsing, variable substitution, interpreters, decode chains) cannot be
 * written in CEL. These RE2 patterns approximate its highest-value parts over a container's
 * command and args joined by spaces: they miss what the core resolves (variables, functions,
 * globs, ConfigMap scripts) and may fire on words the core knows are only data. The webhook
 * (`jobsentinel serve`) runs the full analysis.
 */
const BOUNDARY = String.raw`(^|[^\w.-])`;
const END = String.raw`($|[^\w.-])`;

interface Approximation {
  pattern: string;
  /** Env values are read too (a miner's pool URL is often an env value). */
  env?: boolean;
}

export const COMMAND_APPROXIMATIONS: ReadonlyMap<string, Approximation> = new Map([
  [
    'attacker-tooling',
    { pattern: `${BOUNDARY}(python[0-9.]*|perl[0-9.]*|ruby|php[0-9.]*|ncat|netcat|nc|nmap|masscan|curl|wget)${END}` },
  ],
  [
    'shell-escape',
    {
      pattern:
        String.raw`/dev/(tcp|udp)/|` +
        `${BOUNDARY}(mkfifo|socat)${END}|` +
        String.raw`${BOUNDARY}(ba|z|da|k)?sh\s+(-[a-zA-Z]*i[a-zA-Z]*)(\s|$)|` +
        String.raw`base64\s+(-[a-zA-Z]*d[a-zA-Z]*|--decode)|` +
        String.raw`chmod\s+([^;&|]*\s)?([ugoa]*\+[rwX]*x|[0-7]*[1357][0-7]{0,2}\s)|` +
        String.raw`${BOUNDARY}(nc|ncat|netcat)\s[^;&|]*-[a-zA-Z]*[ec]|` +
        String.raw`(curl|wget)\s[^;&]*\|\s*(/bin/)?(ba|z|da)?sh${END}|` +
        String.raw`socket\.socket\(|pty\.spawn\(|fsockopen\(|TCPSocket\.(new|open)`,
    },
  ],
  [
    'crypto-mining',
    {
      pattern: String.raw`(?i)stratum2?\+(tcp|ssl|tls)://|--donate-level|${BOUNDARY}(xmrig|xmr-stak|cpuminer|minerd|t-rex|nbminer|lolminer|ethminer|nanominer)${END}`,
      env: true,
    },
  ],
  [
    'node-escape',
    {
      pattern:
        String.raw`nsenter\s[^;&|]*(-t\s*1|--target[= ]1)(\s|$)|` +
        String.raw`${BOUNDARY}chroot\s+/(host|rootfs|node|hostfs)|` +
        String.raw`${BOUNDARY}(docker|ctr|crictl|nerdctl|podman)\s[^;&|]*(-H|--host|--address|-a|--runtime-endpoint)[= ]\s*(unix://)?/|` +
        String.raw`${BOUNDARY}mount\s[^;&|]*/dev/(sd|nvme|xvd|vd|hd)`,
    },
  ],
  [
    'obfuscated-execution',
    {
      pattern:
        String.raw`${BOUNDARY}eval\s+["']?\$|` +
        String.raw`(base64|base32)\s+(-[a-zA-Z]*d[a-zA-Z]*|--decode)[^;&]*\|\s*((/usr)?/bin/)?(ba|z|da|k)?sh${END}|` +
        String.raw`xxd\s+-r[^;&]*\|\s*(ba|z|da|k)?sh${END}|` +
        String.raw`printf\s+['"]?(\\x[0-9a-fA-F]{2}){4}`,
    },
  ],
]);

/** The text the approximations read: command then args, space-joined (and env values for those that ask). */
const COMMAND_LINE = `(has(c.command) ? c.command.join(' ') : '') + ' ' + (has(c.args) ? c.args.join(' ') : '')`;
const ENV_VALUES = `(has(c.env) ? c.env.filter(e, has(e.value)).map(e, e.value).join(' ') : '')`;

function approximation(indicator: string, { pattern, env }: Approximation): PolicyCheck {
  const text = env ? `(${COMMAND_LINE} + ' ' + ${ENV_VALUES})` : `(${COMMAND_LINE})`;
  return { indicator, scope: 'container', exact: false, violation: `${text}.matches(${celString(pattern)})` };
}

/** Approximations for the given built-in indicators that have one, and the config's custom patterns (RE2 already). */
export function commandChecks(indicatorIds: readonly string[], config: JobSentinelConfig): PolicyCheck[] {
  const checks: PolicyCheck[] = [];
  for (const id of indicatorIds) {
    const known = COMMAND_APPROXIMATIONS.get(id);
    if (known) checks.push(approximation(id, known));
  }
  for (const custom of config.custom.patterns) checks.push(approximation(custom.id, { pattern: custom.pattern, env: custom.env }));
  return checks;
}
