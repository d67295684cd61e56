/**
 * Each expression of the compiled policy, estimated with Kubernetes' cost model on a large Job
 * (12 containers, 16 volumes, 8 mounts each, 4 KiB of command line per container), must stay
 * under kube-apiserver's per-expression limit, and the whole policy under its per-binding budget.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy } from '../src/entries/policy.js';
import { CostEstimator, LARGE_JOB, PER_CALL_LIMIT, RUNTIME_BUDGET } from './policy-cost.js';

describe('admission policy cost', () => {
  const policy = compilePolicy();
  const spec = policy.policy.spec as { variables: Array<{ name: string; expression: string }> };
  const estimator = new CostEstimator(LARGE_JOB);
  const costs = new Map<string, number>();
  for (const variable of spec.variables) costs.set(`variables.${variable.name}`, estimator.variable(variable.name, variable.expression));
  for (const validation of policy.validations) costs.set(validation.indicator, estimator.estimate(validation.expression).cost);

  for (const [name, cost] of costs) {
    it(`${name}: ${cost} of ${PER_CALL_LIMIT}`, () => {
      assert.ok(cost > 0);
      assert.ok(cost <= PER_CALL_LIMIT, `${name} is estimated at ${cost}`);
    });
  }

  it('stays within the budget of one binding evaluation, all expressions together', () => {
    const total = [...costs.values()].reduce((sum, cost) => sum + cost, 0);
    assert.ok(total <= RUNTIME_BUDGET, `total ${total}`);
  });

  it('would catch an expression over the limit: a regex over every character of a huge command line', () => {
    const huge = new CostEstimator({ ...LARGE_JOB, argv: 256, argLength: 64 * 1024 });
    for (const variable of spec.variables) huge.variable(variable.name, variable.expression);
    const shellEscape = policy.validations.find((validation) => validation.indicator === 'shell-escape')!;
    assert.ok(huge.estimate(shellEscape.expression).cost > PER_CALL_LIMIT);
  });
});
