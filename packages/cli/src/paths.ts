import { isAbsolute, normalize, relative, sep } from 'node:path';

/**
 * A path the user typed (or a file found under it), as reports show it: as given, so an absolute path
 * stays absolute and a relative one relative. Forward slashes on every OS.
 */
export function givenPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * A path the tool found itself (a config file looked up from a scanned file's folder): relative to the
 * working folder when it lies inside it, absolute otherwise (never a `../../..` climb).
 */
export function foundPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  const shown = isAbsolute(path) && inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : normalize(path);
  return givenPath(shown);
}
