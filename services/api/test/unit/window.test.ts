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
    const w = resolveWindow({ window }, 'UTC', NOW);
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
    const w = resolveWindow({ from, to }, 'UTC', NOW);
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([effFrom, effTo]);
    expect(w.previous.to).toEqual(w.from);
    expect(w.from.getTime() - w.previous.from.getTime()).toBe(w.to.getTime() - w.from.getTime());
  });

  it('accepts from/to and picks a bucket by span', () => {
    const w = resolveWindow({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' }, 'UTC', NOW);
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
    expect(() => resolveWindow(q, 'UTC', NOW)).toThrow(message);
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
    expect(resolveWindow({ from: at, to: new Date(Date.parse(at) + 86_400_000).toISOString() }, 'UTC', NOW).from.getTime()).toBe(Math.floor(Date.parse(at) / 3_600_000) * 3_600_000);
  });

  it.each([
    // Not RFC 3339 (nor a local date), though JavaScript's Date reads them all.
    ['2026-02-30'],
    ['2026-11-1'],
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
    expect(() => resolveWindow({ from, to: '2026-11-29T00:00:00Z' }, 'UTC', NOW)).toThrow(/RFC 3339/);
  });

  it.each([
    [{ from: '-004714-01-01T00:00:00Z', to: '-004714-06-01T00:00:00Z' }, /RFC 3339/],
    [{ from: '0001-01-01T00:00:00Z', to: '0001-06-01T00:00:00Z' }, /between 2000-01-01 and a year from now/],
    [{ from: '1999-12-31T23:59:59Z', to: '2000-01-02T00:00:00Z' }, /between/],
    [{ from: '2027-12-01T00:00:00Z', to: '2028-01-01T00:00:00Z' }, /between/],
    [{ to: '2026-11-01T00:00:00Z' }, /needs a from/],
  ])('rejects the out-of-range window %j with a 400', (q, message) => {
    try {
      resolveWindow(q, 'UTC', NOW);
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
  it('in UTC, weeks start on Monday 00:00 UTC and months on the 1st, as date_trunc(…, \'UTC\')', () => {
    // 2026-11-29 is a Sunday: its week began on Monday the 23rd.
    expect(bucketStart(at('2026-11-29T23:59:00Z'), 'week', 'UTC').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(bucketStart(at('2026-11-30T00:00:00Z'), 'week', 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(bucketStart(at('2026-11-29T12:34:00Z'), 'month', 'UTC').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(bucketStart(at('2026-11-29T12:34:00Z'), 'day', 'UTC').toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(bucketEnd(at('2026-01-01T00:00:00Z'), 'month', 'UTC').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(bucketEnd(at('2026-12-28T00:00:00Z'), 'week', 'UTC').toISOString()).toBe('2027-01-04T00:00:00.000Z');
  });

  it('flags the buckets a window cuts, and counts the buckets it touches', () => {
    const w = { from: at('2026-11-03T13:00:00Z'), to: at('2026-11-10T13:00:00Z'), timeZone: 'UTC' };
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

// The club's calendar: Bermuda is UTC−4 (AST), UTC−3 (ADT) from 2026-03-08 02:00 to 2026-11-01 02:00 local.
describe('calendar windows and buckets in Atlantic/Bermuda', () => {
  const Z = 'Atlantic/Bermuda';
  const iso = (d: Date) => d.toISOString();
  const span = (w: { from: Date; to: Date }) => [iso(w.from), iso(w.to)];

  it('at local 00:30 on a Monday: today and this_week start at that midnight, yesterday and last_week are whole', () => {
    // Monday 2026-12-07 00:30 AST = 04:30Z.
    const now = Date.parse('2026-12-07T04:30:00Z');
    const today = resolveWindow({ window: 'today' }, Z, now);
    expect(span(today)).toEqual(['2026-12-07T04:00:00.000Z', '2026-12-07T05:00:00.000Z']);
    expect(today.timeZone).toBe(Z);
    expect(span(today.previous)).toEqual(['2026-12-06T04:00:00.000Z', '2026-12-06T05:00:00.000Z']);
    expect(span(resolveWindow({ window: 'yesterday' }, Z, now))).toEqual(['2026-12-06T04:00:00.000Z', '2026-12-07T04:00:00.000Z']);
    const week = resolveWindow({ window: 'this_week' }, Z, now);
    expect(span(week)).toEqual(['2026-12-07T04:00:00.000Z', '2026-12-07T05:00:00.000Z']);
    expect(span(week.previous)).toEqual(['2026-11-30T04:00:00.000Z', '2026-11-30T05:00:00.000Z']);
    const last = resolveWindow({ window: 'last_week' }, Z, now);
    expect(span(last)).toEqual(['2026-11-30T04:00:00.000Z', '2026-12-07T04:00:00.000Z']);
    expect(span(last.previous)).toEqual(['2026-11-23T04:00:00.000Z', '2026-11-30T04:00:00.000Z']);
    // In UTC it is still Monday 04:30, but 23:30 on Sunday in Bermuda would not be: see below.
    const sunday = resolveWindow({ window: 'this_week' }, Z, Date.parse('2026-12-07T03:30:00Z'));
    expect(iso(sunday.from)).toBe('2026-11-30T04:00:00.000Z');
  });

  it('at 23:59 on the last day of a month: this_month is the whole month, last_month the one before', () => {
    // 2026-11-30 23:59 AST = 2026-12-01T03:59Z; a UTC calendar would already say December.
    const now = Date.parse('2026-12-01T03:59:00Z');
    const month = resolveWindow({ window: 'this_month' }, Z, now);
    // November began in ADT (−3) and ends in AST (−4).
    expect(span(month)).toEqual(['2026-11-01T03:00:00.000Z', '2026-12-01T04:00:00.000Z']);
    expect(span(month.previous)).toEqual(['2026-10-01T03:00:00.000Z', '2026-11-01T03:00:00.000Z']);
    expect(month.bucket).toBe('day');
    const last = resolveWindow({ window: 'last_month' }, Z, now);
    expect(span(last)).toEqual(['2026-10-01T03:00:00.000Z', '2026-11-01T03:00:00.000Z']);
    expect(span(last.previous)).toEqual(['2026-09-01T03:00:00.000Z', '2026-10-01T03:00:00.000Z']);
    expect(span(resolveWindow({ window: 'this_year' }, Z, now))).toEqual(['2026-01-01T04:00:00.000Z', '2026-12-01T04:00:00.000Z']);
  });

  it('this_month on the 31st is compared with the whole of a shorter month', () => {
    const now = Date.parse('2026-03-31T15:10:00Z'); // 12:10 ADT
    const month = resolveWindow({ window: 'this_month' }, Z, now);
    expect(span(month)).toEqual(['2026-03-01T04:00:00.000Z', '2026-03-31T16:00:00.000Z']);
    expect(span(month.previous)).toEqual(['2026-02-01T04:00:00.000Z', '2026-03-01T04:00:00.000Z']);
  });

  it('yesterday across the DST changes is a 23-hour and a 25-hour day', () => {
    const spring = resolveWindow({ window: 'yesterday' }, Z, Date.parse('2026-03-09T12:00:00Z'));
    expect(span(spring)).toEqual(['2026-03-08T04:00:00.000Z', '2026-03-09T03:00:00.000Z']);
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * 3_600_000);
    const autumn = resolveWindow({ window: 'yesterday' }, Z, Date.parse('2026-11-02T12:00:00Z'));
    expect(span(autumn)).toEqual(['2026-11-01T03:00:00.000Z', '2026-11-02T04:00:00.000Z']);
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3_600_000);
    // The day before it is a 24-hour one: previous is the calendar day, not the same span.
    expect(span(autumn.previous)).toEqual(['2026-10-31T03:00:00.000Z', '2026-11-01T03:00:00.000Z']);
  });

  it('reads from/to local dates as local midnights, to exclusive', () => {
    const w = resolveWindow({ from: '2026-03-07', to: '2026-03-10' }, Z, NOW);
    expect(span(w)).toEqual(['2026-03-07T04:00:00.000Z', '2026-03-10T03:00:00.000Z']);
    expect(w.to.getTime() - w.from.getTime()).toBe((3 * 24 - 1) * 3_600_000);
    expect(span(w.previous)).toEqual(['2026-03-04T05:00:00.000Z', '2026-03-07T04:00:00.000Z']);
    expect(() => resolveWindow({ from: '2026-02-29', to: '2026-03-02' }, Z, NOW)).toThrow(/local date/);
  });

  it('cuts day, week and month buckets at local midnights, 23 and 25 hours long on the DST days', () => {
    const at = (s: string) => new Date(s);
    // 23:59 AST on Saturday 2026-03-07 is still the 7th locally.
    expect(iso(bucketStart(at('2026-03-08T03:59:00Z'), 'day', Z))).toBe('2026-03-07T04:00:00.000Z');
    expect(iso(bucketStart(at('2026-03-08T04:01:00Z'), 'day', Z))).toBe('2026-03-08T04:00:00.000Z');
    expect(iso(bucketEnd(at('2026-03-08T04:00:00Z'), 'day', Z))).toBe('2026-03-09T03:00:00.000Z');
    expect(iso(bucketEnd(at('2026-11-01T03:00:00Z'), 'day', Z))).toBe('2026-11-02T04:00:00.000Z');
    // Week of Monday 2026-10-26 (ADT) ends Monday 2026-11-02 (AST): 169 hours.
    expect(iso(bucketStart(at('2026-11-01T12:00:00Z'), 'week', Z))).toBe('2026-10-26T03:00:00.000Z');
    expect(iso(bucketEnd(at('2026-10-26T03:00:00Z'), 'week', Z))).toBe('2026-11-02T04:00:00.000Z');
    expect(iso(bucketStart(at('2026-12-01T03:30:00Z'), 'month', Z))).toBe('2026-11-01T03:00:00.000Z');
    expect(iso(bucketEnd(at('2026-11-01T03:00:00Z'), 'month', Z))).toBe('2026-12-01T04:00:00.000Z');
    const w = { from: at('2026-03-07T04:00:00Z'), to: at('2026-03-10T03:00:00Z'), timeZone: Z };
    expect(pointsIn(w, 'day')).toBe(3);
    expect(isPartial(at('2026-03-08T04:00:00Z'), 'day', w)).toBe(false);
    expect(isPartial(at('2026-03-09T03:00:00Z'), 'day', w)).toBe(false);
  });
});
