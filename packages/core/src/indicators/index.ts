import { attackerTooling } from './attacker-tooling.js';
import { cryptoMining } from './crypto-mining.js';
import { dangerousCapabilities } from './dangerous-capabilities.js';
import { hostNetwork, hostIpc, hostPid } from './host-namespaces.js';
import { hostPathMount } from './host-path-mount.js';
import { nodeEscape } from './node-escape.js';
import { obfuscatedExecution } from './obfuscated-execution.js';
import type { Indicator } from './indicator.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { privilegedContainer } from './privileged-container.js';
import { sensitiveMount } from './sensitive-mount.js';
import { shellEscape } from './shell-escape.js';

export type { Indicator, IndicatorFix, IndicatorHit, CheckContext, AttackMapping } from './indicator.js';
export { ATTACK_T1027, ATTACK_T1053_007, ATTACK_T1496, ATTACK_T1611, docsUrl } from './indicator.js';

/** Every built-in indicator, seed clauses first, in the order of docs/indicators.md. */
export const INDICATORS: readonly Indicator[] = [
  attackerTooling,
  shellEscape,
  hostPathMount,
  privilegedContainer,
  hostNetwork,
  sensitiveMount,
  hostPid,
  hostIpc,
  dangerousCapabilities,
  privilegeEscalation,
  cryptoMining,
  nodeEscape,
  obfuscatedExecution,
];

export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((indicator) => indicator.id === id);
}
