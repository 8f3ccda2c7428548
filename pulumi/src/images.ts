// Air-gapped installs: every image and chart from a private registry or a local path. One rule
// for images, the same as the app chart's `global.imageRegistry`: a mirror replaces the registry
// host and keeps the repository path, so `redis:7.4-alpine` becomes
// `<mirror>/library/redis:7.4-alpine` and `ghcr.io/cloudnative-pg/postgresql:17` becomes
// `<mirror>/cloudnative-pg/postgresql:17` (the layout `skopeo sync` and registry proxy caches use).

/** Splits an image reference into its registry host and the rest (Docker Hub's rules for short names). */
export function splitImage(ref: string): { registry: string; path: string } {
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  // A first component with a dot or a port, or `localhost`, is a registry host.
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return { registry: first, path: ref.slice(slash + 1) };
  return { registry: 'docker.io', path: slash < 0 ? `library/${ref}` : ref };
}

/** The reference pulled from `mirror` (host[:port][/prefix]); unchanged without a mirror. */
export function mirrorImage(ref: string, mirror: string | undefined): string {
  return mirror ? `${mirror}/${splitImage(ref).path}` : ref;
}

/** Where a Helm chart comes from: the upstream repository, a local .tgz or directory, or an OCI registry. */
export interface ChartSource {
  chart: string;
  version?: string;
  repositoryOpts?: { repo: string };
}

/**
 * `ref` absent: `name` at `version` from `repo`. `oci://host/path/<chart>`: that chart at
 * `version` from the registry (log in with `helm registry login` first). Anything else is a
 * local path (a .tgz or an unpacked chart), which carries its own version.
 */
export function chartSource(ref: string | undefined, name: string, version: string, repo: string): ChartSource {
  if (!ref) return { chart: name, version, repositoryOpts: { repo } };
  if (ref.startsWith('oci://')) return { chart: ref, version };
  return { chart: ref };
}
