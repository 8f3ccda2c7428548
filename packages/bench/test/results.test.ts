import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBenchResults, readBenchResults, type BenchMetric } from '../src/index';

const metric = (name: string, ratio = 2): BenchMetric => ({
  metric: name,
  unit: 'us_per_kb',
  value: 20,
  baseline: 'corpus',
  baseline_value: 10,
  ratio,
  ratio_min: ratio - 0.5,
  ratio_max: ratio + 0.5,
  pairs: 5,
});
const fixed = { gitSha: 'abc1234', now: () => new Date('2026-12-07T18:00:00Z') };
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'bench-')), 'sub', 'latest.jsonl');

describe('bench results writer', () => {
  it('writes one JSON line per metric in one shape, with the bench, the sha and the time', () => {
    const file = tmpFile();
    const w = openBenchResults('redaction', { file, ...fixed });
    w.add(metric('redact.a'));
    w.add({ ...metric('redact.b', 3), target: '<= 5', pass: true, extra: { chars: 4000 } });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({ bench: 'redaction', ...metric('redact.a'), git_sha: 'abc1234', at: '2026-12-07T18:00:00.000Z' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ metric: 'redact.b', ratio: 3, target: '<= 5', pass: true, extra: { chars: 4000 } });
  });

  it("replaces the bench's previous run and keeps the other benches' lines", () => {
    const file = tmpFile();
    const first = openBenchResults('redaction', { file, ...fixed });
    first.add(metric('redact.a', 2));
    first.add(metric('redact.gone', 2));
    openBenchResults('ingest', { file, ...fixed }).add(metric('ingest_single_throughput', 0.4));

    const second = openBenchResults('redaction', { file, ...fixed });
    second.add(metric('redact.a', 9));
    second.add(metric('redact.c', 4));
    const lines = readBenchResults(file);
    expect(lines.map((l) => `${l.bench}/${l.metric}=${l.ratio}`)).toEqual(['ingest/ingest_single_throughput=0.4', 'redaction/redact.a=9', 'redaction/redact.c=4']);
  });

  it('refuses NaN, Infinity and empty names instead of writing them', () => {
    const file = tmpFile();
    const w = openBenchResults('analytics', { file, ...fixed });
    expect(() => w.add({ ...metric('x'), ratio: Number.NaN })).toThrow(/ratio/);
    expect(() => w.add({ ...metric('x'), baseline_value: Number.POSITIVE_INFINITY })).toThrow(/baseline_value/);
    expect(() => w.add({ ...metric(''), unit: '' })).toThrow(/non-empty/);
    expect(readBenchResults(file)).toEqual([]);
  });

  it('starts a file that does not exist yet, and reads none as empty', () => {
    const file = tmpFile();
    expect(readBenchResults(file)).toEqual([]);
    openBenchResults('admin', { file, ...fixed }).add({ ...metric('admin.overview.lcp_ms'), baseline_kind: 'budget' });
    expect(readBenchResults(file)[0]).toMatchObject({ bench: 'admin', baseline_kind: 'budget' });
  });
});
