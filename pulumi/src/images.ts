// Air-gapped installs: every image and chart from a private registry or a local path. One rule
// for images, the same as the app chart's `global.imageRegistry`: a mirror replaces the registry
// host and keeps the repository path, so `redis:7.4-alpine` becomes
// `<mirror>/library/redis:7.4-alpine` and `ghcr.io/cloudnative-pg/postgresql:17` becomes
// `<mirror>/cloudnative-pg/postgresql:17` (the layout `skopeo sync` and registry proxy caches use).

/** The app images, each built from deploy/images/<name>.Dockerfile and pushed as cbc-<name>. */
export const APP_IMAGES = ['ingest', 'admin', 'jobs', 'dbt'] as const;
export type AppImage = (typeof APP_IMAGES)[number];

/** A content digest as registries report it: `sha256:<64 hex digits>`. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * An image reference with an optional tag and an optional digest (`redis:7.4-alpine`,
 * `ghcr.io/cloudnative-pg/postgresql:17@sha256:…`). Loose on the name, strict on the digest: a
 * pinned reference with a mistyped digest must stop at config time, not at the first pull.
 */
export const IMAGE_REF = /^[a-z0-9]+([._:/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * The reference of one app image: `<registry>/<prefix>/cbc-<name>@<digest>` when a digest is
 * pinned (the chart does the same with `images.<name>.digest`), else `…:<tag>`.
 */
export function appImageRef(image: { registry: string; repositoryPrefix: string; tag: string; digests: Partial<Record<AppImage, string>> }, name: AppImage): string {
  const repo = `${image.registry}/${image.repositoryPrefix}/cbc-${name}`;
  const digest = image.digests[name];
  return digest ? `${repo}@${digest}` : `${repo}:${image.tag}`;
}

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
