import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PiiQuarantineCard } from '@/app/(dashboard)/operations/pii-quarantine-card';

describe('PiiQuarantineCard', () => {
  it('says how many rows wait since when, for the privacy officer, per mart and kind', () => {
    const html = renderToStaticMarkup(
      <PiiQuarantineCard
        q={{
          rows: 3,
          since: '2026-12-01T08:30:00.000Z',
          latest_found_at: '2026-12-02T09:00:00.000Z',
          by_model: [{ model: 'fct_searches', rows: 3, kinds: ['card_number', 'email'], since: '2026-12-01T08:30:00.000Z' }],
          summary: '3 rows quarantined since 2026-12-01T08:30:00.000Z, privacy officer to review',
        }}
      />,
    );
    expect(html).toContain('3 rows quarantined since 1 Dec 2026, 08:30 UTC, privacy officer to review');
    expect(html).toContain('fct_searches: 3 (card number, email)');
    expect(html).toContain('to review');
  });

  it('shows an empty quarantine, and nothing for an API that does not report one', () => {
    expect(renderToStaticMarkup(<PiiQuarantineCard q={{ rows: 0, since: null, latest_found_at: null, by_model: [], summary: null }} />)).toContain('No mart row has held PII.');
    expect(renderToStaticMarkup(<PiiQuarantineCard q={undefined} />)).toBe('');
  });
});
