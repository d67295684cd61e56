import { isAbsolute, relative, sep } from 'node:path';

/** How a path is shown and reported: relative to the working folder, with forward slashes on every OS. */
export function displayPath(path: string, cwd: string): string {
  const shown = isAbsolute(path) ? relative(cwd, path) || '.' : path;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
