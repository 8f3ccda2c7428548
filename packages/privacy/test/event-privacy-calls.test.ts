import { describe, expect, it, vi } from 'vitest';
import { exampleEvent, type AnalyticsEvent } from '@cbc/contract';

// Which texts prepareEvent hands to redact: the parts that cannot hold PII (empty, lower-case
// letters only; see cannotContainPii) are kept as sent without a call.
vi.mock('../src/redact', async (original) => {
  const real = await original<typeof import('../src/redact')>();
  return { ...real, redact: vi.fn(real.redact) };
});
const { redact } = await import('../src/redact');
const { prepareEvent } = await import('../src/index');

describe('prepareEvent calls redact only for parts that can hold PII', () => {
  it('a page view: the title and the referrer host, not the empty and lower-case path parts', () => {
    const event = exampleEvent('page_view', {
      properties: { path: '/spa/treatments?lang=en#', title: 'Spa treatments', referrer: 'https://www.coralbeachclub.example/' },
    }) as AnalyticsEvent;
    const { row } = prepareEvent(event, 'api', { collectPii: false, ipSalt: 's', ipHashRotation: 'none' });
    expect(vi.mocked(redact).mock.calls.map(([text]) => text)).toEqual(['Spa treatments', 'www.coralbeachclub.example']);
    expect(JSON.parse(row.props)).toMatchObject({ path: '/spa/treatments?lang=en#', title: 'Spa treatments', referrer: 'https://www.coralbeachclub.example/' });
  });
});
