import { describe, expect, it } from 'vitest';
import { change, describeChange } from '@/lib/shape/change';
import { displayCell, displayText, faqLabel, faqTitle, formatAxis, formatBucket, formatValue, humanize, suppressedText } from '@/lib/shape/format';
import { labelIndices, valueTicks } from '@/lib/charts/scale';

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
    expect(formatValue(4.5, 'score')).toBe('4.50 / 5');
  });

  it('keeps axis labels short', () => {
    expect([formatAxis(1250, 'count'), formatAxis(0.4, 'rate'), formatAxis(85, 'minutes'), formatAxis(168, 'minutes'), formatAxis(4, 'score')]).toEqual(['1.3K', '40%', '85 min', '2.8 h', '4']);
  });

  it('reads durations by one rule: minutes below 90, hours from 90, one unit per axis', () => {
    expect([formatValue(89, 'minutes'), formatValue(90, 'minutes')]).toEqual(['89.0 min', '1.5 h']);
    const ticks = valueTicks(204, 'minutes');
    const labels = ticks.map((t) => formatAxis(t, 'minutes', ticks.at(-1)));
    expect(labels.every((l) => l.endsWith(' h'))).toBe(true);
    expect(ticks.every((t) => (t / 60) % 1 === 0 || (t / 60) % 0.5 === 0)).toBe(true);
    const short = valueTicks(42, 'minutes');
    expect(short.map((t) => formatAxis(t, 'minutes', short.at(-1))).every((l) => l.endsWith(' min'))).toBe(true);
  });

  it('ticks an axis from 0 to a round top at or above the largest value', () => {
    expect(valueTicks(37, 'count')).toEqual([0, 10, 20, 30, 40]);
    expect(valueTicks(0.42, 'rate')).toEqual([0, 0.2, 0.4, 0.6]);
    expect(valueTicks(3, 'count')).toEqual([0, 1, 2, 3]);
    expect(valueTicks(0, 'count')).toEqual([0, 1]);
    expect(valueTicks(4.2, 'score')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(labelIndices(31, 6)).toEqual([0, 6, 12, 18, 24, 30]);
  });

  it('shows invisible and control characters escaped, never as an empty box', () => {
    expect(displayText('bell\u0007 ring')).toBe('bell\\u0007 ring');
    expect(displayText('a\u200Bb\u202Ec')).toBe('a\\u200Bb\\u202Ec');
    expect(displayText('tab\there')).toBe('tab\\u0009here');
    expect(displayText('\uDB80x')).toBe('\\uDB80x');
    expect(displayText('\u{F0001}')).toBe('\\u{F0001}');
    expect(displayText('Café über straße 東京 🙂')).toBe('Café über straße 東京 🙂');
  });

  it('names an FAQ by its id when the data has no title', () => {
    expect(faqTitle('faq-pool-hours')).toBe('Pool hours');
    expect(faqTitle('checkout_time')).toBe('Checkout time');
  });

  it('labels an FAQ by its catalogue title, else by its humanised id', () => {
    expect(faqLabel('faq-beach-towels', 'Can I borrow beach towels?')).toBe('Can I borrow beach towels?');
    expect(faqLabel('faq-beach-towels', null)).toBe('Beach towels');
    expect(faqLabel('faq-beach-towels', undefined)).toBe('Beach towels');
    // A blank catalogue cell must not leave a bar without a name.
    expect(faqLabel('faq-beach-towels', '  ')).toBe('Beach towels');
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
