import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseView, viewQuery } from '@/lib/view';

describe('view controls in the URL', () => {
  it('reads window, segment and comparison', () => {
    expect(parseView({ window: '30d', segment: 'channel', compare: '1' }, 'overview')).toEqual({ window: '30d', segment: 'channel', compare: true });
    expect(parseView(new URLSearchParams('window=12m&segment=language'))).toEqual({ window: '12m', segment: 'language', compare: false });
  });

  it('falls back to the defaults for anything unknown, never passing it on', () => {
    expect(parseView({ window: "7d'; DROP TABLE", segment: 'ip_address' }, 'overview')).toEqual(DEFAULT_VIEW);
    expect(parseView({ window: ['90d', '24h'] })).toMatchObject({ window: '90d' });
  });

  it('allows service_type only where the metric has it', () => {
    expect(parseView({ segment: 'service_type' }, 'overview').segment).toBe('none');
    expect(parseView({ segment: 'service_type' }, 'service_requests').segment).toBe('service_type');
  });

  it('writes every control so a copied URL says what it shows', () => {
    expect(viewQuery({ window: '24h', segment: 'none', compare: false })).toBe('window=24h&segment=none');
    expect(viewQuery({ window: '7d', segment: 'channel', compare: true })).toBe('window=7d&segment=channel&compare=1');
  });
});
