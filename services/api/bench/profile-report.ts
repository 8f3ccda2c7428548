// Turns a V8 .cpuprofile (node --cpu-prof, e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=…'
// during `make bench-ingest`) into what docs/perf/ keeps: a flame graph as a self-contained SVG
// (width = share of samples, callers below callees, hover for the figures) and a markdown table
// of the top functions by self time and by total time. No dependency beyond Node.
//   npx tsx services/api/bench/profile-report.ts <in.cpuprofile> <out.svg> <out.md> [title]
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

const [input, svgOut, mdOut, title = 'API CPU profile'] = process.argv.slice(2);
if (!input || !svgOut || !mdOut) {
  console.error('usage: profile-report.ts <in.cpuprofile> <out.svg> <out.md> [title]');
  process.exit(64);
}
const profile = JSON.parse(readFileSync(input, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** A readable place: package name for dependencies, the repository path for our code. */
function where(url: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return path;
  return relative(process.cwd(), path);
}
const label = (f: CallFrame) => `${(f.functionName || '(anonymous)').slice(0, 80)}${f.url ? ` ${where(f.url)}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''}` : ''}`;

const total = new Map<number, number>();
function totalOf(id: number): number {
  const n = byId.get(id)!;
  let t = n.hitCount ?? 0;
  for (const c of n.children ?? []) t += totalOf(c);
  total.set(id, t);
  return t;
}
const root = profile.nodes[0]!;
// Idle samples are time the process waited for I/O: counted, then left out of every share.
let idle = 0;
for (const n of profile.nodes) {
  if (n.callFrame.functionName !== '(idle)') continue;
  idle += n.hitCount ?? 0;
  n.hitCount = 0;
}
const busy = totalOf(root.id);
const samples = busy + idle;
const ms = (profile.endTime - profile.startTime) / 1000;

// Self and total time per function (a recursive function counts once per stack for totals).
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
function walk(id: number, onStack: Set<string>) {
  const n = byId.get(id)!;
  const k = label(n.callFrame);
  self.set(k, (self.get(k) ?? 0) + (n.hitCount ?? 0));
  const fresh = !onStack.has(k);
  if (fresh) {
    inclusive.set(k, (inclusive.get(k) ?? 0) + total.get(id)!);
    onStack.add(k);
  }
  for (const c of n.children ?? []) walk(c, onStack);
  if (fresh) onStack.delete(k);
}
walk(root.id, new Set());

const pct = (n: number) => `${((100 * n) / busy).toFixed(1)} %`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
const top = (m: Map<string, number>, n: number) =>
  [...m].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, n);

const md = [
  `# ${title}`,
  '',
  `${samples} samples over ${(ms / 1000).toFixed(1)} s, ${busy} busy (not idle); shares below are of the busy samples.`,
  '',
  '## Top 30 by self time',
  '',
  '| self | function (place) |',
  '|---:|---|',
  ...top(self, 30).map(([k, v]) => `| ${pct(v)} | ${esc(k)} |`),
  '',
  '## Top 60 by total time (self + callees)',
  '',
  '| total | function (place) |',
  '|---:|---|',
  ...top(inclusive, 60).map(([k, v]) => `| ${pct(v)} | ${esc(k)} |`),
  '',
].join('\n');
writeFileSync(mdOut, md);

// Flame graph: the root at the bottom, one row per stack depth, nodes narrower than 0.1 % dropped.
const WIDTH = 1600;
const ROW = 17;
const min = busy / 1000;
const rects: string[] = [];
let depthMax = 0;
function hue(k: string): string {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (h * 31 + k.charCodeAt(i)) >>> 0;
  const ours = !k.includes('node_modules') && /services\/|packages\//.test(k);
  return ours ? `hsl(${200 + (h % 40)},70%,${60 + (h % 15)}%)` : `hsl(${10 + (h % 40)},80%,${58 + (h % 15)}%)`;
}
function draw(id: number, x: number, depth: number) {
  const n = byId.get(id)!;
  const t = total.get(id)!;
  if (t < min || n.callFrame.functionName === '(idle)') return;
  depthMax = Math.max(depthMax, depth);
  const w = (t / busy) * WIDTH;
  const k = label(n.callFrame);
  rects.push(
    `<g><title>${esc(k)}: ${pct(t)} total, ${pct(n.hitCount ?? 0)} self</title><rect x="${x.toFixed(2)}" y="{Y${depth}}" width="${Math.max(0.5, w - 0.5).toFixed(2)}" height="${ROW - 1}" fill="${hue(k)}"/>` +
      (w > 60 ? `<text x="${(x + 3).toFixed(2)}" y="{T${depth}}">${esc(k.slice(0, Math.floor(w / 6.5)))}</text>` : '') +
      '</g>',
  );
  let cx = x;
  for (const c of [...(n.children ?? [])].sort((a, b) => label(byId.get(a)!.callFrame).localeCompare(label(byId.get(b)!.callFrame)))) {
    if (byId.get(c)!.callFrame.functionName === '(idle)') continue;
    draw(c, cx, depth + 1);
    cx += (total.get(c)! / busy) * WIDTH;
  }
}
draw(root.id, 0, 0);
const height = (depthMax + 1) * ROW + 40;
const body = rects
  .join('\n')
  .replace(/\{Y(\d+)\}/g, (_, d) => String(height - 10 - (Number(d) + 1) * ROW))
  .replace(/\{T(\d+)\}/g, (_, d) => String(height - 10 - (Number(d) + 1) * ROW + 12));
writeFileSync(
  svgOut,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">\n` +
    `<text x="4" y="14" font-size="13">${esc(title)}: ${busy} busy samples (width = share of busy time; hover for figures; blue = this repository, orange = Node and dependencies)</text>\n` +
    `${body}\n</svg>\n`,
);
console.error(`wrote ${svgOut} (${rects.length} frames) and ${mdOut}`);
