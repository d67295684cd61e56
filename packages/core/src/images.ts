/** The parts of a container image reference that matter for matching. */
export interface ImageReference {
  /** As written. */
  full: string;
  /** Last path segment without tag or digest: `ghcr.io/acme/tool:1.0@sha256:…` → `tool`. */
  name: string;
  /** Everything before the name, registry included (`ghcr.io/acme`), or ''. */
  prefix: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageReference(reference: string): ImageReference {
  const full = reference.trim();
  const at = full.indexOf('@');
  const digest = at === -1 ? null : full.slice(at + 1);
  const withoutDigest = at === -1 ? full : full.slice(0, at);
  const slash = withoutDigest.lastIndexOf('/');
  const last = withoutDigest.slice(slash + 1);
  const colon = last.indexOf(':');
  return {
    full,
    name: (colon === -1 ? last : last.slice(0, colon)).toLowerCase(),
    prefix: slash === -1 ? '' : withoutDigest.slice(0, slash),
    tag: colon === -1 ? null : last.slice(colon + 1),
    digest,
  };
}
