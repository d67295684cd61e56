/**
 * Keys from input are only text. A manifest, an audit log, a config file or an editor setting may use
 * `__proto__`, `constructor`, `hasOwnProperty` or `toString` as a key, a program name or an id: read
 * from a plain object, those find Object.prototype's members, and written into one, `__proto__`
 * changes a prototype that every object in the process shares (so one audit record could switch
 * indicators off for every later record, or for every extension in the editor's host). Tables keyed
 * by input are `Map`s or come from here.
 */

/** An object with no prototype: every key, `__proto__` included, is an ordinary own key. */
export function dictionary<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** The value `record` holds under `key` itself; never one inherited from a prototype. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` on `target` as its own property, even `__proto__` (assignment would change the prototype instead). */
export function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
