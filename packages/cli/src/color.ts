/**
 * Colour on a terminal only, as https://no-color.org and https://force-color.org ask:
 * `NO_COLOR` (non-empty) turns it off, `FORCE_COLOR` turns it on (unless `0` or `false`), NO_COLOR wins.
 */
export function wantsColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
