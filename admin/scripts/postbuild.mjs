#!/usr/bin/env node
// `next build` with output: 'standalone' writes a self-contained server to .next/standalone/
// but, by design, leaves the static assets out (a CDN would serve them). This dashboard serves
// them itself, so they are copied in; the server then runs with
// `node .next/standalone/admin/server.js` (the path mirrors the repository, because file
// tracing starts at the repository root where npm workspaces hoist the dependencies).
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const app = new URL('..', import.meta.url).pathname;
const target = join(app, '.next/standalone/admin');
if (!existsSync(join(target, 'server.js'))) {
  console.error('postbuild: .next/standalone/admin/server.js is missing; did `next build` run with output: standalone?');
  process.exit(1);
}
rmSync(join(target, '.next/static'), { recursive: true, force: true });
cpSync(join(app, '.next/static'), join(target, '.next/static'), { recursive: true });
if (existsSync(join(app, 'public'))) cpSync(join(app, 'public'), join(target, 'public'), { recursive: true });
console.log('postbuild: static assets copied into .next/standalone/admin');
