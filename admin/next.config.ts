import { fileURLToPath } from 'node:url';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';
import type { NextConfig } from 'next';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Content Security Policy: everything from this origin only, so the dashboard cannot load or
 * send anything elsewhere even if a dependency tried. Next's inline bootstrap scripts need
 * 'unsafe-inline' (nonces would force a per-request middleware on every asset); the dev server's
 * hot reload also needs eval and a websocket.
 */
function csp(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export default function config(phase: string): NextConfig {
  return {
    output: 'standalone',
    // npm workspaces hoist dependencies to the repository root: trace files from there so the
    // standalone bundle carries them (and the @cbc/* workspace sources).
    outputFileTracingRoot: root,
    // Workspace packages ship TypeScript sources.
    transpilePackages: ['@cbc/staff', '@cbc/contract', '@cbc/jobs', '@cbc/config'],
    // Node-only clients stay plain requires in the server bundle (the Kubernetes client reads
    // the service account's files and opens its own HTTPS agent).
    serverExternalPackages: ['pg', 'ioredis', '@kubernetes/client-node'],
    poweredByHeader: false,
    // `make lint` and `make typecheck` run ESLint and tsc over the workspace as their own steps
    // (with the repository's shared config); the build does not repeat them.
    eslint: { ignoreDuringBuilds: true },
    typescript: { ignoreBuildErrors: true },
    reactStrictMode: true,
    typedRoutes: false,
    experimental: {
      // `forbidden()` → 403 with app/forbidden.tsx, thrown by role guards in layouts.
      authInterrupts: true,
    },
    async headers() {
      return [
        {
          source: '/:path*',
          headers: [
            { key: 'Content-Security-Policy', value: csp(phase === PHASE_DEVELOPMENT_SERVER) },
            { key: 'X-Content-Type-Options', value: 'nosniff' },
            { key: 'X-Frame-Options', value: 'DENY' },
            { key: 'Referrer-Policy', value: 'same-origin' },
            { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          ],
        },
      ];
    },
  };
}
