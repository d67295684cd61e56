export { compilePolicy, VALIDATION_ACTIONS, type CompiledPolicy, type CompiledValidation, type CompilePolicyOptions, type ValidationAction } from './compile-policy.js';
export { renderPolicyYaml, policyNotes } from './render-policy.js';
export { POD_VARIABLES } from './structural-checks.js';
export { MAX_NORMALISED_SEGMENTS } from './host-path-cel.js';
export { COMMAND_APPROXIMATIONS } from './command-checks.js';
export type { PolicyCheck } from './policy-check.js';
