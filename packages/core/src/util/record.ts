/** A JSON object (a mapping): not null, not an array. Decoded input is only ever checked through this. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
