import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, addDays, parseView, periodLabel, viewQuery, withFilter } from '@/lib/view';
import { appliedFilters, metricQuery, unappliedFilters } from '@/lib/charts/load';

const view = (extra: Partial<Parameters<typeof viewQuery>[0]> = {}) => ({ ...DEFAULT_VIEW, ...extra });

describe('view controls in the URL', () => {
  it('reads window, segment and comparison', () => {
    expect(parseView({ window: '30d', segment: 'channel', compare: '1' }, 'overview')).toEqual({ window: '30d', segment: 'channel', compare: true, filters: {}, problems: [] });
    expect(parseView(new URLSearchParams('window=12m&segment=language'))).toEqual({ window: '12m', segment: 'language', compare: false, filters: {}, problems: [] });
  });

  it('reads every calendar window the API has', () => {
    for (const w of ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year'] as const) {
      expect(parseView({ window: w })).toMatchObject({ window: w, problems: [] });
    }
  });

  it('falls back to the defaults for anything unknown, never passing it on, and says so', () => {
    const v = parseView({ window: "7d'; DROP TABLE", segment: 'ip_address' }, 'overview');
    expect(v).toMatchObject({ ...DEFAULT_VIEW });
    expect(v.range).toBeUndefined();
    expect(v.problems.join(' ')).toMatch(/not one the dashboard knows.*Showing last 7 days instead/);
    expect(parseView({ window: ['90d', '24h'] })).toMatchObject({ window: '90d' });
  });

  it('allows service_type only where the metric has it', () => {
    expect(parseView({ segment: 'service_type' }, 'overview').segment).toBe('none');
    expect(parseView({ segment: 'service_type' }, 'service_requests').segment).toBe('service_type');
  });

  it('writes every control so a copied URL says what it shows', () => {
    expect(viewQuery(view({ window: '24h' }))).toBe('window=24h&segment=none');
    expect(viewQuery(view({ window: '7d', segment: 'channel', compare: true }))).toBe('window=7d&segment=channel&compare=1');
  });
});

describe('custom ranges', () => {
  it('honours from/to as the club’s days, both included, in place of the window', () => {
    const v = parseView({ window: '30d', from: '2026-03-07', to: '2026-03-09' });
    expect(v).toMatchObject({ range: { from: '2026-03-07', to: '2026-03-09' }, problems: [] });
    expect(viewQuery(v)).toBe('from=2026-03-07&to=2026-03-09&segment=none');
    // The window is not written beside a range (it is not what the page shows): the URL round-trips.
    expect(viewQuery(parseView(new URLSearchParams(viewQuery(v))))).toBe(viewQuery(v));
    // One day is a range too.
    expect(parseView({ from: '2026-11-01', to: '2026-11-01' }).range).toEqual({ from: '2026-11-01', to: '2026-11-01' });
  });

  it('asks the API for the day after the last one (its `to` is exclusive), with bucket=auto', () => {
    const q = metricQuery('searches', parseView({ from: '2026-03-07', to: '2026-03-09' }));
    expect(q).toEqual({ from: '2026-03-07', to: '2026-03-10', segment: 'none', bucket: 'auto', filters: {} });
    expect(metricQuery('overview', parseView({ window: 'last_month' }))).toEqual({ window: 'last_month', segment: 'none', bucket: 'auto', filters: {} });
    // Month and year ends, and the leap day.
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-02' }, /from “2026-02-30” is not a calendar day/],
    [{ from: '2026-03-01', to: '2026-3-9' }, /to “2026-3-9” is not a calendar day/],
    [{ from: '2026-03-01T00:00:00Z', to: '2026-03-09' }, /not a calendar day written YYYY-MM-DD/],
    [{ from: '2026-03-09', to: '2026-03-01' }, /ends \(2026-03-01\) before it starts \(2026-03-09\)/],
    [{ from: '1999-12-31', to: '2000-01-02' }, /nothing before 2000-01-01/],
    [{ from: '2025-01-01', to: '2026-02-05' }, /longer than 400 days/],
    [{ from: '2026-03-07' }, /needs both a first day \(from\) and a last day \(to\)/],
    [{ to: '2026-03-07' }, /needs both/],
  ])('an invalid range %j shows the window instead, with a clear message', (params, message) => {
    const v = parseView({ window: '30d', ...params });
    expect(v.range).toBeUndefined();
    expect(v.window).toBe('30d');
    expect(v.problems.join(' ')).toMatch(message);
    expect(v.problems.at(-1)).toBe('Showing last 30 days instead.');
  });

  it('takes exactly 400 days, and quotes a long bad value only in part', () => {
    expect(parseView({ from: '2025-01-01', to: '2026-02-04' }).range).toEqual({ from: '2025-01-01', to: '2026-02-04' });
    const long = `2026-${'x'.repeat(5000)}`;
    const msg = parseView({ from: long, to: '2026-03-01' }).problems.join(' ');
    expect(msg.length).toBeLessThan(300);
  });

  it('labels the period for the picker', () => {
    expect(periodLabel({ window: 'last_month' })).toBe('Last month');
    expect(periodLabel({ window: '7d', range: { from: '2026-03-07', to: '2026-03-09' } })).toBe('7 Mar – 9 Mar 2026');
    expect(periodLabel({ window: '7d', range: { from: '2025-12-30', to: '2026-01-02' } })).toBe('30 Dec 2025 – 2 Jan 2026');
    expect(periodLabel({ window: '7d', range: { from: '2026-11-01', to: '2026-11-01' } })).toBe('1 Nov 2026');
  });
});

describe('filters', () => {
  it('reads every filter the API has, checked against the contract', () => {
    const v = parseView({ query: 'spa hours', service_type: 'spa', guest_type: 'member', channel: 'web', language: 'de-CH', page: '/spa/treatments', faq_id: 'faq-pool-hours' });
    expect(v.problems).toEqual([]);
    expect(v.filters).toEqual({ query: 'spa hours', service_type: 'spa', guest_type: 'member', channel: 'web', language: 'de-CH', page: '/spa/treatments', faq_id: 'faq-pool-hours' });
    // Written in the contract's order, whatever order they came in: equal views, equal URLs.
    expect(viewQuery(v)).toBe('window=7d&segment=none&guest_type=member&channel=web&language=de-CH&page=%2Fspa%2Ftreatments&query=spa+hours&faq_id=faq-pool-hours&service_type=spa');
    expect(parseView(new URLSearchParams(viewQuery(v)))).toEqual(v);
  });

  it.each([
    ['service_type', 'massage', /“massage” is not a valid service type filter/],
    ['channel', 'fax', /not a valid channel filter/],
    ['query', "spa'; DROP TABLE x", /not a valid search query filter/],
    ['query', 'Spa  Hours', /not a valid search query filter/],
    ['page', 'spa', /not a valid page filter/],
    ['language', 'english!', /not a valid language filter/],
  ])('leaves out an invalid %s and says so', (name, value, message) => {
    const v = parseView({ [name]: value });
    expect(v.filters).toEqual({});
    expect(v.problems.join(' ')).toMatch(message);
  });

  it('adds and removes one filter, keeping the rest of the view', () => {
    const base = view({ window: '90d', range: { from: '2026-03-07', to: '2026-03-09' }, filters: { channel: 'web' } });
    const drilled = withFilter(base, 'query', 'spa hours');
    expect(viewQuery(drilled)).toBe('from=2026-03-07&to=2026-03-09&segment=none&channel=web&query=spa+hours');
    expect(viewQuery(withFilter(drilled, 'channel', undefined))).toBe('from=2026-03-07&to=2026-03-09&segment=none&query=spa+hours');
    expect(base.filters).toEqual({ channel: 'web' });
  });

  it('sends a metric only the filters it takes, and names the others', () => {
    const v = parseView({ query: 'spa hours', channel: 'web', service_type: 'spa' });
    expect(appliedFilters('searches', v)).toEqual({ query: 'spa hours', channel: 'web' });
    expect(unappliedFilters('searches', v)).toEqual(['service_type']);
    expect(appliedFilters('overview', v)).toEqual({ channel: 'web' });
    expect(unappliedFilters('overview', v).sort()).toEqual(['query', 'service_type']);
    expect(metricQuery('service_requests', v).filters).toEqual({ channel: 'web', service_type: 'spa' });
  });
});
