import { describe, expect, it } from 'vitest';
import { change, describeChange } from '@/lib/shape/change';
import { displayCell, formatAxis, formatBucket, formatValue, humanize, suppressedText } from '@/lib/shape/format';

describe('suppression display', () => {
  it('says "fewer than N guests", never 0', () => {
    expect(suppressedText(5)).toBe('fewer than 5 guests');
    expect(displayCell(null, 'count', true, 5)).toBe('fewer than 5 guests');
    expect(displayCell(0, 'count', false, 5)).toBe('0');
    expect(displayCell(null, 'count', false, 5)).toBe('—');
  });
});

describe('formatting', () => {
  it('formats by kind', () => {
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(0.1234, 'rate')).toBe('12.3%');
    expect(formatValue(42.25, 'minutes')).toBe('42.3 min');
    expect(formatValue(150, 'minutes')).toBe('2.5 h');
    expect(formatValue(4.5, 'score')).toBe('4.50');
  });

  it('keeps axis labels short', () => {
    expect([formatAxis(1250, 'count'), formatAxis(0.4, 'rate'), formatAxis(85, 'minutes'), formatAxis(168, 'minutes'), formatAxis(4, 'score')]).toEqual(['1.3K', '40%', '85m', '2.8h', '4']);
  });

  it('labels buckets in UTC whatever the machine’s time zone', () => {
    expect(formatBucket('2025-03-04T00:00:00.000Z', 'day')).toBe('4 Mar');
    expect(formatBucket('2025-03-04T13:00:00.000Z', 'hour')).toBe('4 Mar, 13:00');
    expect(formatBucket('2025-03-01T00:00:00.000Z', 'month')).toBe('Mar 2025');
    expect(formatBucket('2025-03-03T00:00:00.000Z', 'week')).toBe('wk 3 Mar');
  });

  it('humanizes vocabulary values', () => {
    expect(humanize('hotel_guest')).toBe('Hotel guest');
    expect(humanize('de')).toBe('DE');
  });
});

describe('change vs previous period', () => {
  it('relative change for counts', () => {
    const c = change(120, 100, 'count');
    expect(c).toEqual({ delta: 20, relative: 0.2, direction: 'up' });
    expect(describeChange(c, 'count', 100)).toBe('+20.0%');
    expect(describeChange(change(80, 100, 'count'), 'count', 100)).toBe('-20.0%');
  });

  it('percentage points for rates', () => {
    const c = change(0.25, 0.2, 'rate');
    expect(c.relative).toBeNull();
    expect(describeChange(c, 'rate', 0.2)).toBe('+5.0 pp');
    expect(describeChange(change(0.2, 0.2002, 'rate'), 'rate', 0.2002)).toBe('no change');
  });

  it('from zero is "new", and nothing is said when either side is unknown (withheld)', () => {
    expect(describeChange(change(5, 0, 'count'), 'count', 0)).toBe('new');
    expect(change(null, 10, 'count').direction).toBeNull();
    expect(describeChange(change(10, null, 'count'), 'count', null)).toBeNull();
    expect(describeChange(change(10, undefined, 'count'), 'count', undefined)).toBeNull();
  });
});
