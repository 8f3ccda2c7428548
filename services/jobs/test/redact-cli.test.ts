import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function cli(args: string[], input: string) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each case starts `npm run` and tsx: seconds on a busy 2-core machine, hence the timeout.
describe('npm run -s cli -- redact', { timeout: 60_000 }, () => {
  it('redacts JSON lines and reports entity offsets into the input', () => {
    const text = 'Mail anna.berg@example.com or call +49 30 901820, room 214';
    const r = cli(['redact'], `${JSON.stringify({ text })}\n${JSON.stringify({ text: 'Pool hours 10:30–18:00, €12.50' })}\n`);
    expect(r.code).toBe(0);
    const [first, second] = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toEqual({
      text: 'Mail [EMAIL] or call [PHONE], room [ROOM_NUMBER]',
      entities: [
        { type: 'EMAIL', start: 5, end: 26 },
        { type: 'PHONE', start: 35, end: 48 },
        { type: 'ROOM_NUMBER', start: 55, end: 58 },
      ],
    });
    // The offsets point into the input, not into the redacted text.
    const spans = first.entities.map((e: { start: number; end: number }) => text.slice(e.start, e.end));
    expect(spans).toEqual(['anna.berg@example.com', '+49 30 901820', '214']);
    expect(second).toEqual({ text: 'Pool hours 10:30–18:00, €12.50', entities: [] });
  });

  it('answers a bad line with an error line, goes on, and exits 1', () => {
    const r = cli(['redact'], 'not json\n{"text": "ok"}\n');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toHaveProperty('error');
    expect(lines[1]).toEqual({ text: 'ok', entities: [] });
  });

  it('lists commands and rejects unknown ones', () => {
    expect(cli(['help'], '').out).toMatch(/redact/);
    expect(cli(['nope'], '').code).toBe(2);
  });
});
