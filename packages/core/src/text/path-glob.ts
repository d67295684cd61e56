/**
 * Globs over workspace-relative paths with `/` separators, as VS Code's `files.exclude` reads them:
 * `**` spans any number of folders (none included), `*` and `?` stay within one name, `{a,b}` is
 * either. A pattern without `/` matches a name at any depth (`*.min.json`). Case-sensitive, as paths are.
 */
export function pathGlob(pattern: string): RegExp {
  const anyDepth = !pattern.includes('/');
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${source}$`);
}

/** Whether a path, or a folder it lies in, matches one of the globs (so excluded folders are not walked). */
export function isExcluded(relativePath: string, globs: readonly RegExp[]): boolean {
  const parts = relativePath.split('/');
  for (let depth = 1; depth <= parts.length; depth++) {
    const prefix = parts.slice(0, depth).join('/');
    if (globs.some((glob) => glob.test(prefix) || glob.test(`${prefix}/`))) return true;
  }
  return false;
}
