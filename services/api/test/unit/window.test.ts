import { describe, expect, it } from 'vitest';
import { bucketEnd, bucketFor, bucketStart, isPartial, parseBucket, parseSegment, pointsIn, resolveWindow } from '../../src/analytics/window';
import { suppressSeries, suppressTotals } from '../../src/analytics/suppress';
import { AppError } from '../../src/errors';

const NOW = Date.parse('2026-11-29T12:34:56Z');

describe('windows', () => {
  it.each([
    ['24h', '2026-11-28T13:00:00.000Z', 'hour'],
    ['7d', '2026-11-22T13:00:00.000Z', 'day'],
    ['30d', '2026-10-30T13:00:00.000Z', 'day'],
    ['90d', '2026-08-31T13:00:00.000Z', 'week'],
    ['12m', '2025-11-29T13:00:00.000Z', 'month'],
  ])('%s ends with the current hour', (window, from, bucket) => {
    const w = resolveWindow({ window }, NOW);
    expect(w.to.toISOString()).toBe('2026-11-29T13:00:00.000Z');
    expect(w.from.toISOString()).toBe(from);
    expect(w.bucket).toBe(bucket);
    expect(w.previous.to).toEqual(w.from);
    expect(w.from.getTime() - w.previous.from.getTime()).toBe(w.to.getTime() - w.from.getTime());
  });

  it.each([
    ['2026-11-01T23:01:00Z', '2026-11-02T01:00:00Z', '2026-11-01T23:00:00.000Z', '2026-11-02T01:00:00.000Z'],
    ['2026-11-01T10:05:00Z', '2026-11-01T10:20:00Z', '2026-11-01T10:00:00.000Z', '2026-11-01T11:00:00.000Z'],
    ['2026-11-01T10:59:59.999Z', '2026-11-01T12:00:00.001Z', '2026-11-01T10:00:00.000Z', '2026-11-01T13:00:00.000Z'],
    ['2026-11-01T01:30:00+01:00', '2026-11-01T02:00:00Z', '2026-11-01T00:00:00.000Z', '2026-11-01T02:00:00.000Z'],
  ])('widens %s–%s to whole UTC hours, never narrows it', (from, to, effFrom, effTo) => {
    const w = resolveWindow({ from, to }, NOW);
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([effFrom, effTo]);
    expect(w.previous.to).toEqual(w.from);
    expect(w.from.getTime() - w.previous.from.getTime()).toBe(w.to.getTime() - w.from.getTime());
  });

  it('accepts from/to and picks a bucket by span', () => {
    const w = resolveWindow({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' }, NOW);
    expect(w.bucket).toBe('hour');
    expect(bucketFor(10 * 86_400_000)).toBe('day');
  });

  it.each([
    [{ window: '1y' }, /Unknown window/],
    [{ window: '7d', from: '2026-01-01T00:00:00Z' }, /either window or from\/to/],
    [{ from: 'yesterday' }, /RFC 3339/],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, /after from/],
    [{ from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /400 days/],
  ])('rejects %j', (q, message) => {
    expect(() => resolveWindow(q, NOW)).toThrow(message);
  });

  it.each([
    '2026-11-01T00:00:00Z',
    '2026-11-01T00:00:00.123456789Z',
    '2026-11-01T01:00:00+01:00',
    '2026-10-31T19:00:00-05:00',
    '2024-02-29T00:00:00Z',
    '2000-01-01T00:00:00Z',
  ])('accepts the RFC 3339 instant %s', (at) => {
    // The instant is read exactly; the window then starts at its UTC hour.
    expect(resolveWindow({ from: at, to: new Date(Date.parse(at) + 86_400_000).toISOString() }, NOW).from.getTime()).toBe(Math.floor(Date.parse(at) / 3_600_000) * 3_600_000);
  });

  it.each([
    // Not RFC 3339, though JavaScript's Date reads them all.
    ['2026-11-01'],
    ['2026-11-01T00:00:00'],
    ['2026-11-01 00:00:00Z'],
    ['2026-11-01t00:00:00z'],
    ['Sun, 01 Nov 2026 00:00:00 GMT'],
    ['1793491200000'],
    ['+002026-11-01T00:00:00Z'],
    // Shaped right, but no such instant.
    ['2026-02-30T00:00:00Z'],
    ['2025-02-29T00:00:00Z'],
    ['2026-13-01T00:00:00Z'],
    ['2026-11-01T24:00:00Z'],
    ['2026-11-01T23:59:60Z'],
    ['2026-11-01T00:00:00+24:00'],
  ])('rejects %s as not an RFC 3339 instant', (from) => {
    expect(() => resolveWindow({ from, to: '2026-11-29T00:00:00Z' }, NOW)).toThrow(/RFC 3339/);
  });

  it.each([
    [{ from: '-004714-01-01T00:00:00Z', to: '-004714-06-01T00:00:00Z' }, /RFC 3339/],
    [{ from: '0001-01-01T00:00:00Z', to: '0001-06-01T00:00:00Z' }, /between 2000-01-01 and a year from now/],
    [{ from: '1999-12-31T23:59:59Z', to: '2000-01-02T00:00:00Z' }, /between/],
    [{ from: '2027-12-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }, /between/],
    [{ to: '2026-11-01T00:00:00Z' }, /needs a from/],
  ])('rejects the out-of-range window %j with a 400', (q, message) => {
    try {
      resolveWindow(q, NOW);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).statusCode).toBe(400);
      expect((err as AppError).message).toMatch(message);
    }
  });

  it('lists the allowed segments when one is unknown', () => {
    try {
      parseSegment('room', ['none', 'guest_type']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details).toEqual({ parameter: 'segment', allowed: ['none', 'guest_type'] });
    }
  });
});

describe('small-group suppression', () => {
  const derive = (v: Record<string, number>) => ({ rate: v.a ? (v.b ?? 0) / v.a : null });
  it('withholds cells under k guests as null, never zero, and counts them', () => {
    const cells = [
      { bucket: 'd1', segment_value: 'hotel_guest', guests: 9, values: { a: 20, b: 5 } },
      { bucket: 'd1', segment_value: 'member', guests: 7, values: { a: 10, b: 5 } },
      { bucket: 'd1', segment_value: 'prospect', guests: 2, values: { a: 3, b: 1 } },
      { bucket: 'd2', segment_value: 'member', guests: 6, values: { a: 4, b: 2 } },
    ];
    const { series, suppressed } = suppressSeries(cells, 5, derive, true);
    expect(suppressed).toBe(2);
    expect(series).toEqual([
      { bucket: 'd1', segment_value: 'hotel_guest', a: 20, b: 5, rate: 0.25 },
      // The smallest shown cell of d1 goes too: d1's unsegmented value minus hotel_guest is then
      // member + prospect, at least 7 guests, not the prospects alone.
      { bucket: 'd1', segment_value: 'member', a: null, b: null, rate: null, suppressed: true },
      { bucket: 'd1', segment_value: 'prospect', a: null, b: null, rate: null, suppressed: true },
      { bucket: 'd2', segment_value: 'member', a: 4, b: 2, rate: 0.5 },
    ]);
  });

  it('in a series without segments, a withheld bucket takes the smallest shown bucket with it (totals minus the rest)', () => {
    const cells = [
      { bucket: 'd1', segment_value: null, guests: 8, values: { a: 10 } },
      { bucket: 'd2', segment_value: null, guests: 1, values: { a: 2 } },
      { bucket: 'd3', segment_value: null, guests: 6, values: { a: 9 } },
    ];
    const { series, suppressed } = suppressSeries(cells, 5, derive, false);
    expect(suppressed).toBe(2);
    expect(series.map((p) => p.suppressed ?? false)).toEqual([false, true, true]);
  });

  it('withholds totals behind fewer than k guests', () => {
    expect(suppressTotals({ bucket: null, segment_value: null, guests: 4, values: { a: 9 } }, 5, derive, ['a'])).toEqual({ a: null, rate: null, guests: null });
    expect(suppressTotals({ bucket: null, segment_value: null, guests: 5, values: { a: 9, b: 3 } }, 5, derive, ['a', 'b'])).toEqual({ a: 9, b: 3, rate: 1 / 3, guests: 5 });
  });

  it('reads an empty window as zeros, not as withheld', () => {
    expect(suppressTotals(undefined, 5, derive, ['a', 'b'])).toEqual({ a: 0, b: 0, rate: null, guests: 0 });
  });
});

describe('bucket widths', () => {
  const at = (s: string) => new Date(s);
  it('weeks start on Monday 00:00 UTC and months on the 1st, as date_trunc in a UTC session', () => {
    // 2026-11-29 is a Sunday: its week began on Monday the 23rd.
    expect(bucketStart(at('2026-11-29T23:59:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(at('2026-11-30T00:00:00Z'), 'week').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(bucketStart(at('2026-11-29T12:34:00Z'), 'month').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(bucketStart(at('2026-11-29T12:34:00Z'), 'day').toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(bucketEnd(at('2026-01-01T00:00:00Z'), 'month').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(bucketEnd(at('2026-12-28T00:00:00Z'), 'week').toISOString()).toBe('2027-01-04T00:00:00.000Z');
  });

  it('flags the buckets a window cuts, and counts the buckets it touches', () => {
    const w = { from: at('2026-11-03T13:00:00Z'), to: at('2026-11-10T13:00:00Z') };
    expect(isPartial(at('2026-11-03T00:00:00Z'), 'day', w)).toBe(true);
    expect(isPartial(at('2026-11-04T00:00:00Z'), 'day', w)).toBe(false);
    expect(isPartial(at('2026-11-10T00:00:00Z'), 'day', w)).toBe(true);
    expect(isPartial(at('2026-11-03T13:00:00Z'), 'hour', w)).toBe(false);
    expect(pointsIn(w, 'hour')).toBe(7 * 24);
    expect(pointsIn(w, 'day')).toBe(8);
    expect(pointsIn(w, 'week')).toBe(2); // Mon 2nd and Mon 9th
    expect(pointsIn(w, 'month')).toBe(1);
  });

  it('accepts auto and the four widths, and names what it allows otherwise', () => {
    expect(parseBucket(undefined)).toBeUndefined();
    expect(parseBucket('auto')).toBe('auto');
    expect(() => parseBucket('minute')).toThrow(AppError);
  });
});
