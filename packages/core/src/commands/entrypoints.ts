import { parseImageReference } from '../images.js';
import { lookupProgram } from './layout.js';
import { isShell } from './programs.js';

/**
 * What an image runs when a container gives it `args` but no `command`: its ENTRYPOINT. Well-known tool
 * images run their tool whatever the args (`alpine/socat` with `args: [TCP:…, EXEC:/bin/sh]` runs socat).
 * Repositories are matched without registry, tag or digest. Images whose default is a shell (busybox,
 * alpine, nicolaka/netshoot) have no entrypoint: their args are judged as a script or an argv.
 */
const KNOWN_ENTRYPOINTS = new Map<string, string[]>([
  ['alpine/socat', ['socat']],
  ['curlimages/curl', ['curl']],
  ['appropriate/curl', ['curl']],
  ['byrnedo/alpine-curl', ['curl']],
  ['alpine/curl', ['curl']],
  ['instrumentisto/nmap', ['nmap']],
  ['uzyexe/nmap', ['nmap']],
  ['ilyaglow/masscan', ['masscan']],
  ['subfuzion/netcat', ['nc']],
  ['xmrig/xmrig', ['xmrig']],
  ['metal3d/xmrig', ['xmrig']],
]);

/**
 * Images named after the one program they run: their entrypoint runs that program unless args[0] is
 * another program (curlimages/curl's own entrypoint does exactly that).
 */
const SINGLE_PROGRAM_IMAGES = new Set(['curl', 'wget', 'socat', 'nmap', 'masscan', 'ncat', 'netcat', 'xmrig', 'xmr-stak', 'cpuminer', 'cpuminer-opt']);

/** The argv an image's entrypoint puts before `args`, when the image is known to have one. */
export function entrypointArgv(image: unknown, args: readonly string[]): string[] | undefined {
  if (typeof image !== 'string' || args.length === 0) return undefined;
  const reference = parseImageReference(image);
  const repository = repositoryOf(reference.full);
  const known = KNOWN_ENTRYPOINTS.get(repository);
  const first = args[0];
  if (known) return known;
  if (!SINGLE_PROGRAM_IMAGES.has(reference.name)) return undefined;
  return first.startsWith('-') || !isProgram(first) ? [reference.name] : undefined;
}

/** `docker.io/library/busybox:1.36@sha256:…` → `busybox`; `ghcr.io/alpine/socat` → `alpine/socat`. */
function repositoryOf(full: string): string {
  const withoutDigest = full.split('@')[0];
  const parts = withoutDigest.split('/');
  const last = parts.pop() ?? '';
  const name = last.split(':')[0];
  // A first segment with a dot, a colon or `localhost` is a registry.
  if (parts.length > 0 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return [...parts, name].join('/').toLowerCase();
}

/** args[0] names a program: a path, or a program of the standard layout. */
function isProgram(word: string): boolean {
  return word.startsWith('/') || word.startsWith('./') || isShell(word) || lookupProgram(word) !== undefined;
}
