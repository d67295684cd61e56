/**
 * Results of a pure computation remembered by the JSON text of its input and where that input sits,
 * across objects: equal text and path give equal results. The oldest entry goes when it is full.
 */
export class ContentMemo<V> {
  private readonly known = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The remembered result for `input` at `path`, or `compute`'s, remembered for next time. */
  remember(path: string, input: unknown, compute: () => V): V {
    const key = keyOf(path, input);
    if (key === undefined) return compute();
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const result = compute();
    if (this.known.size >= this.capacity) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, result);
    return result;
  }
}

function keyOf(path: string, input: unknown): string | undefined {
  try {
    return `${path}\u0000${JSON.stringify(input)}`;
  } catch {
    // A cycle (a YAML alias inside its own anchor) or a bigint: computed without the memo.
    return undefined;
  }
}
