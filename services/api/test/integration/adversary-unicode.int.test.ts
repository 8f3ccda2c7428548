import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASTY_STRINGS, unicodeAttack, unicodeStrings, type UnicodeReport } from '../support/adversary';
import { startAdversaryApp } from '../support/adversary/test-app';
import type { TestApp } from '../support/app';

// Promise: arbitrary Unicode (U+0000, lone surrogates, non-characters, control and bidi marks,
// and fast-check's binary strings from a fixed seed) in any string field never causes a 5xx, and
// never costs the valid events sent beside it in the same batch. Every string path of every
// event and webhook type is attacked, in a batch and alone.
let t: TestApp;
let report: UnicodeReport;

beforeAll(async () => {
  let client;
  ({ t, client } = await startAdversaryApp());
  report = await unicodeAttack(client, t.admin);
}, 180_000);
afterAll(async () => t?.close());

function expectNone(label: string, lines: string[]) {
  expect(lines.length, `${lines.length} ${label}:\n${lines.join('\n')}`).toBe(0);
}

describe('arbitrary Unicode in every string path', () => {
  it('attacks with NUL, lone surrogates and generated binary strings', () => {
    const strings = unicodeStrings();
    expect(strings).toEqual(expect.arrayContaining(NASTY_STRINGS));
    expect(strings.some((s) => s.includes('\u0000'))).toBe(true);
    expect(strings.some((s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s))).toBe(true);
    expect(report.requests).toBeGreaterThan(1000);
  });

  it('never answers with a 5xx', () => {
    expectNone('server error(s)', report.serverErrors);
  });

  it('stores every valid companion and every event it acknowledged', () => {
    expectNone('lost event(s)', report.lost);
  });
});
