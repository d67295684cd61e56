/**
 * Watches the prototypes every object shares. A test that lets input write into one would otherwise
 * leak its damage into every later test of the process: `restorePrototype` undoes it after each test,
 * and `assertPrototypeUntouched` fails the test that caused it.
 */
import assert from 'node:assert/strict';

/** Keys that name members of Object.prototype (or reach it): the ones hostile input uses. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'] as const;

const WATCHED: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

const baseline = new Map(WATCHED.map(([name, prototype]) => [name, new Map(Reflect.ownKeys(prototype).map((key) => [key, Object.getOwnPropertyDescriptor(prototype, key)]))]));

/** The keys added to or changed on the watched prototypes since this module loaded. */
function changes(): string[] {
  const found: string[] = [];
  for (const [name, prototype] of WATCHED) {
    const before = baseline.get(name)!;
    for (const key of Reflect.ownKeys(prototype)) {
      const was = before.get(key);
      const now = Object.getOwnPropertyDescriptor(prototype, key);
      if (!was || was.value !== now?.value || was.get !== now?.get || was.set !== now?.set) found.push(`${name}.${String(key)}`);
    }
  }
  return found;
}

export function assertPrototypeUntouched(): void {
  assert.deepEqual(changes(), [], 'input changed a shared prototype');
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
}

export function restorePrototype(): void {
  for (const [name, prototype] of WATCHED) {
    const before = baseline.get(name)!;
    for (const key of Reflect.ownKeys(prototype)) {
      const was = before.get(key);
      if (!was) delete (prototype as Record<PropertyKey, unknown>)[key];
      else Object.defineProperty(prototype, key, was);
    }
  }
}
