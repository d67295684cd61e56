/**
 * A static estimate of a CEL expression's cost, after cel-go's cost model (the one kube-apiserver
 * charges against its per-expression limit): 1 per select, call and comprehension step, string
 * functions 0.1 per character, `matches` (0.1 per character of the text) × (0.25 per character of
 * the pattern), comprehensions their range's size times their step. Sizes come from stated bounds
 * on a large Job (see LARGE_JOB), not from a particular object.
 */
import { parse } from '@bufbuild/cel';

type Shape =
  | { kind: 'list'; size: number; elem: Shape }
  | { kind: 'string'; size: number }
  | { kind: 'object'; field(name: string): Shape }
  | { kind: 'scalar' };

export interface Bounds {
  /** Containers in each of the three groups. */
  containersPerGroup: number;
  volumes: number;
  mountsPerContainer: number;
  /** Entries of command plus args, and the length of each. */
  argv: number;
  argLength: number;
  env: number;
  envValueLength: number;
  capabilities: number;
  /** Any other string field: names, images, paths. */
  stringLength: number;
}

/** A large Job, not an absurd one: what the policy must evaluate within Kubernetes' limit. */
export const LARGE_JOB: Bounds = {
  containersPerGroup: 4,
  volumes: 16,
  mountsPerContainer: 8,
  argv: 8,
  argLength: 512,
  env: 16,
  envValueLength: 256,
  capabilities: 8,
  stringLength: 128,
};

/** kube-apiserver's runtime cost limit for one expression (k8s.io/apiserver/pkg/apis/cel PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;
/** And for all expressions of one policy binding's evaluation (RuntimeCELCostBudget). */
export const RUNTIME_BUDGET = 10_000_000;

function objectShape(bounds: Bounds): Shape {
  const str = (size = bounds.stringLength): Shape => ({ kind: 'string', size });
  const list = (size: number, elem: Shape): Shape => ({ kind: 'list', size, elem });
  const shape: Shape = {
    kind: 'object',
    field(name) {
      switch (name) {
        case 'containers':
        case 'initContainers':
        case 'ephemeralContainers':
          return list(bounds.containersPerGroup, shape);
        case 'volumes':
          return list(bounds.volumes, shape);
        case 'volumeMounts':
          return list(bounds.mountsPerContainer, shape);
        case 'command':
        case 'args':
          return list(bounds.argv, str(bounds.argLength));
        case 'env':
          return list(bounds.env, shape);
        case 'value':
          return str(bounds.envValueLength);
        case 'add':
        case 'drop':
          return list(bounds.capabilities, str(32));
        case 'image':
        case 'path':
        case 'subPath':
        case 'name':
        case 'kind':
        case 'namespace':
          return str();
        default:
          return shape;
      }
    },
  };
  return shape;
}

type Expr = ReturnType<typeof parse>['expr'] & {};

interface Estimate {
  cost: number;
  shape: Shape;
}

const SCALAR: Shape = { kind: 'scalar' };

function lengthOf(shape: Shape, fallback: number): number {
  return shape.kind === 'string' || shape.kind === 'list' ? shape.size : fallback;
}

export class CostEstimator {
  private readonly variables = new Map<string, Shape>();
  private readonly root: Shape;

  constructor(private readonly bounds: Bounds) {
    this.root = objectShape(bounds);
  }

  /** Estimates a variable's expression and remembers its shape for `variables.<name>`. */
  variable(name: string, expression: string): number {
    const { cost, shape } = this.estimate(expression);
    this.variables.set(name, shape);
    return cost;
  }

  estimate(expression: string): Estimate {
    return this.walk(parse(expression).expr!, new Map());
  }

  private walk(expr: Expr, scope: Map<string, Shape>): Estimate {
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr': {
        const constant = kind.value.constantKind;
        return { cost: 0, shape: constant.case === 'stringValue' ? { kind: 'string', size: constant.value.length } : SCALAR };
      }
      case 'identExpr': {
        const name = kind.value.name;
        if (scope.has(name)) return { cost: 1, shape: scope.get(name)! };
        if (name === 'variables') return { cost: 1, shape: { kind: 'object', field: (field) => this.variables.get(field) ?? SCALAR } };
        return { cost: 1, shape: this.root };
      }
      case 'selectExpr': {
        const operand = this.walk(kind.value.operand!, scope);
        const shape = operand.shape.kind === 'object' ? operand.shape.field(kind.value.field) : this.root;
        return { cost: operand.cost + 1, shape: kind.value.testOnly ? SCALAR : shape };
      }
      case 'listExpr': {
        const elements = kind.value.elements.map((element) => this.walk(element, scope));
        const elem = elements[0]?.shape ?? SCALAR;
        // `[a] + b`: a list literal of lists keeps the largest element's size.
        const widest = elements.reduce<Shape>((acc, element) => (lengthOf(element.shape, 0) > lengthOf(acc, 0) ? element.shape : acc), elem);
        return { cost: 1 + elements.reduce((sum, element) => sum + element.cost, 0), shape: { kind: 'list', size: elements.length, elem: widest } };
      }
      case 'structExpr':
        return { cost: 1 + kind.value.entries.reduce((sum, entry) => sum + (entry.value ? this.walk(entry.value, scope).cost : 0), 0), shape: this.root };
      case 'comprehensionExpr': {
        const comprehension = kind.value;
        const range = this.walk(comprehension.iterRange!, scope);
        const size = lengthOf(range.shape, 1);
        const elem = range.shape.kind === 'list' ? range.shape.elem : range.shape.kind === 'string' ? range.shape : SCALAR;
        const inner = new Map(scope).set(comprehension.iterVar, elem);
        const init = this.walk(comprehension.accuInit!, inner);
        inner.set(comprehension.accuVar, init.shape);
        const step = this.walk(comprehension.loopStep!, inner);
        const condition = this.walk(comprehension.loopCondition!, inner);
        const result = this.walk(comprehension.result!, inner);
        // map/filter accumulate a list: as many elements as the range, shaped as the step appends them.
        const appended = step.shape.kind === 'list' ? step.shape.elem : elem;
        const shape: Shape = init.shape.kind === 'list' ? { kind: 'list', size, elem: appended } : result.shape;
        return { cost: range.cost + init.cost + size * (step.cost + condition.cost) + result.cost, shape };
      }
      case 'callExpr':
        return this.call(kind.value.function, kind.value.target, kind.value.args, scope);
      default:
        return { cost: 1, shape: SCALAR };
    }
  }

  private call(fn: string, target: Expr | undefined, args: Expr[], scope: Map<string, Shape>): Estimate {
    const self = target ? this.walk(target, scope) : undefined;
    const operands = args.map((arg) => this.walk(arg, scope));
    const base = (self?.cost ?? 0) + operands.reduce((sum, operand) => sum + operand.cost, 0);
    const len = (estimate: Estimate | undefined) => lengthOf(estimate?.shape ?? SCALAR, this.bounds.stringLength);
    const traverse = (chars: number) => Math.ceil(chars * 0.1);
    switch (fn) {
      case 'matches':
        return { cost: base + 1 + traverse(len(self)) * Math.ceil(len(operands[0]) * 0.25), shape: SCALAR };
      case 'startsWith':
      case 'endsWith':
      case 'contains':
      case 'lowerAscii':
      case 'upperAscii':
      case 'trim':
      case 'substring':
      case 'lastIndexOf':
      case 'indexOf':
        return { cost: base + 1 + traverse(len(self)), shape: fn.endsWith('With') || fn === 'contains' || fn.includes('ndexOf') ? SCALAR : { kind: 'string', size: len(self) } };
      case 'split': {
        const size = len(self);
        return { cost: base + 1 + traverse(size), shape: { kind: 'list', size, elem: { kind: 'string', size } } };
      }
      case 'join': {
        const list = self?.shape.kind === 'list' ? self.shape : undefined;
        const size = list ? list.size * (lengthOf(list.elem, this.bounds.stringLength) + 1) : this.bounds.stringLength;
        return { cost: base + 1 + traverse(size), shape: { kind: 'string', size } };
      }
      case '_+_': {
        const [a, b] = operands;
        if (a?.shape.kind === 'string' || b?.shape.kind === 'string') {
          const size = len(a) + len(b);
          return { cost: base + 1 + traverse(size), shape: { kind: 'string', size } };
        }
        if (a?.shape.kind === 'list' && b?.shape.kind === 'list') {
          const elem = lengthOf(a.shape.elem, 0) >= lengthOf(b.shape.elem, 0) ? a.shape.elem : b.shape.elem;
          return { cost: base + 1, shape: { kind: 'list', size: a.shape.size + b.shape.size, elem } };
        }
        return { cost: base + 1, shape: SCALAR };
      }
      case '_==_':
      case '_!=_':
        return { cost: base + 1 + (operands[0]?.shape.kind === 'string' ? traverse(Math.min(len(operands[0]), len(operands[1]))) : 0), shape: SCALAR };
      case '@in': {
        const list = operands[1];
        const size = lengthOf(list?.shape ?? SCALAR, 1);
        return { cost: base + 1 + size * (1 + traverse(len(operands[0]))), shape: SCALAR };
      }
      case '_[_]': {
        const list = operands[0]?.shape;
        return { cost: base + 1, shape: list?.kind === 'list' ? list.elem : list?.kind === 'object' ? this.root : SCALAR };
      }
      case '_?_:_': {
        // Only one branch runs: the condition plus the dearer branch, as cel-go estimates it.
        const [condition, yes, no] = operands;
        const shape = lengthOf(yes!.shape, 0) >= lengthOf(no!.shape, 0) ? yes!.shape : no!.shape;
        return { cost: condition!.cost + Math.max(yes!.cost, no!.cost) + 1, shape };
      }
      default:
        return { cost: base + 1, shape: SCALAR };
    }
  }
}
