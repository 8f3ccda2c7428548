import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { PiiQuarantine } from '@cbc/contract';
import { formatDateTime, formatValue } from '@/lib/shape/format';

const KINDS: Record<string, string> = { email: 'email', ipv4: 'IPv4 address', card_number: 'card number', iban: 'IBAN' };

/**
 * Mart rows dbt moved to the PII quarantine instead of failing the build. The API sends counts
 * and kinds only; the rows themselves are for the privacy officer, not for this page.
 */
export function PiiQuarantineCard({ q }: { q: PiiQuarantine | undefined }) {
  if (!q) return null;
  return (
    <Card className="gap-1 px-4 py-4" data-testid="ops-pii-quarantine">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs font-medium text-muted-foreground">PII quarantine</p>
        <Badge variant={q.rows > 0 ? 'destructive' : 'success'}>{q.rows > 0 ? 'to review' : 'empty'}</Badge>
      </div>
      {q.rows > 0 ? (
        <>
          <p className="text-sm font-semibold">
            {formatValue(q.rows, 'count')} {q.rows === 1 ? 'row' : 'rows'} quarantined since {formatDateTime(q.since)}, privacy officer to review
          </p>
          <ul className="text-xs text-muted-foreground">
            {q.by_model.map((m) => (
              <li key={m.model}>
                {m.model}: {formatValue(m.rows, 'count')} ({m.kinds.map((k) => KINDS[k] ?? k).join(', ')})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="text-xs text-muted-foreground">No mart row has held PII.</p>
      )}
    </Card>
  );
}
