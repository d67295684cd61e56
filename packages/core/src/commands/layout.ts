/**
 * A standard Linux layout: where a distro image keeps its programs. The shell model resolves a glob in
 * command position (`/???/???/cur?`) and `command -v curl` against it, the way the shell would on such an
 * image. It is a model, not a listing of any one image: the programs jobs and droppers run.
 */

const USER_PROGRAMS = [
  'awk', 'base32', 'base64', 'basenc', 'bash', 'busybox', 'cat', 'chmod', 'chown', 'chrt', 'cp', 'crictl', 'ctr', 'curl',
  'cut', 'dash', 'date', 'dd', 'docker', 'echo', 'env', 'find', 'flock', 'gawk', 'grep', 'gzip', 'head', 'ionice', 'kubectl',
  'ln', 'ls', 'lua', 'mkdir', 'mkfifo', 'mknod', 'mv', 'nc', 'ncat', 'nerdctl', 'netcat', 'nice', 'nmap', 'node', 'nohup',
  'openssl', 'perl', 'php', 'podman', 'printf', 'python', 'python3', 'rev', 'rm', 'ruby', 'script', 'sed', 'setsid', 'sh',
  'sleep', 'socat', 'ssh', 'stdbuf', 'su', 'sudo', 'tail', 'tar', 'taskset', 'tee', 'telnet', 'timeout', 'tr', 'unshare',
  'watch', 'wget', 'which', 'xargs', 'xxd', 'zsh',
];
const SYSTEM_PROGRAMS = ['capsh', 'chroot', 'ip', 'iptables', 'mount', 'nsenter', 'runuser', 'setpriv', 'xmrig'];
/** Programs that also live in /bin on distros without a merged /usr. */
const BIN_PROGRAMS = ['bash', 'busybox', 'cat', 'chmod', 'cp', 'dash', 'echo', 'ln', 'ls', 'mkdir', 'mv', 'nc', 'netcat', 'rm', 'sh', 'sleep', 'tar'];

/** Every path of the layout, sorted as the shell sorts a glob's matches. */
const LAYOUT: readonly string[] = [
  ...USER_PROGRAMS.map((name) => `/usr/bin/${name}`),
  ...SYSTEM_PROGRAMS.map((name) => `/usr/sbin/${name}`),
  ...BIN_PROGRAMS.map((name) => `/bin/${name}`),
].sort();

/** Program name → its path (the /usr one where /bin has it too), built once from the layout. */
const PATH_OF: ReadonlyMap<string, string> = (() => {
  const paths = new Map<string, string>();
  for (const path of LAYOUT) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!paths.has(name) || path.startsWith('/usr/')) paths.set(name, path);
  }
  return paths;
})();

/** `command -v name`: the program's path in the layout, or undefined when the layout has no such program. */
export function lookupProgram(name: string): string | undefined {
  return PATH_OF.get(name);
}

/**
 * The path a glob in command position runs: the first match in sort order, as the shell expands it.
 * Undefined when nothing matches (the shell would then run the pattern as written).
 */
export function resolveGlob(pattern: string): string | undefined {
  if (pattern.length > 256) return undefined;
  const matcher = globToRegExp(pattern);
  return matcher ? LAYOUT.find((path) => matcher.test(path)) : undefined;
}

/** Shell pathname patterns: `*` and `?` stay inside one path segment; `[…]` is a class, `[!…]` its complement. */
function globToRegExp(pattern: string): RegExp | undefined {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const c = pattern[index];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) return undefined;
      let body = pattern.slice(index + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      index = close;
    } else source += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return undefined;
  }
}
