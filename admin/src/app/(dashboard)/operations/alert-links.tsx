import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { ALERTS, runbookUrl, type AlertName, type AlertState } from '@/lib/ops/alerts';
import type { LiveAlerts } from '@/lib/server/alerts';

const VARIANT = { firing: 'destructive', pending: 'warning', ok: 'success' } as const;

function stateOf(live: LiveAlerts, name: AlertName): AlertState | null {
  return live.status === 'ok' ? live.states[name] : null;
}

/** One alert as a link to its runbook, with its live state when there is one. */
export function AlertLink({ name, live }: { name: AlertName; live: LiveAlerts }) {
  const state = stateOf(live, name);
  return (
    <span className="inline-flex items-center gap-1" data-testid="alert-link" data-alert={name} data-state={state ?? 'unknown'}>
      <a href={runbookUrl(name)} className="font-mono underline underline-offset-2" target="_blank" rel="noreferrer">
        {name}
      </a>
      {state && <Badge variant={VARIANT[state]}>{state}</Badge>}
    </span>
  );
}

/** Where the states come from, or plainly that they are not known here. */
export function liveNote(live: LiveAlerts): string {
  if (live.status === 'ok') return `Live states from Prometheus (${live.source}).`;
  if (live.status === 'unavailable') return `Live alert state unavailable: Prometheus at ${live.source} did not answer. The alerts below may be firing.`;
  return 'Live alert state unknown: this dashboard has no PROMETHEUS_URL (a local stack has no Prometheus). The alerts are listed with their runbooks; their state is not shown.';
}

/** Every alert the page's conditions map to: what fires it, its state, its runbook. */
export function AlertsCard({ live }: { live: LiveAlerts }) {
  return (
    <Card data-testid="ops-alerts" data-live={live.status}>
      <CardHeader>
        <div className="space-y-1">
          <CardTitle>Alerts</CardTitle>
          <CardDescription data-testid="ops-alerts-source">{liveNote(live)}</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <Table>
          <caption className="sr-only">Alerts and their runbooks</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Alert</TableHead>
              <TableHead scope="col">Fires when</TableHead>
              <TableHead scope="col">Severity</TableHead>
              <TableHead scope="col">State</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {(Object.keys(ALERTS) as AlertName[]).map((name) => {
              const state = stateOf(live, name);
              return (
                <TableRow key={name} data-alert={name}>
                  <TableCell>
                    <a href={runbookUrl(name)} className="font-mono underline underline-offset-2" target="_blank" rel="noreferrer">
                      {name}
                    </a>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{ALERTS[name].when}</TableCell>
                  <TableCell>{ALERTS[name].severity}</TableCell>
                  <TableCell>{state ? <Badge variant={VARIANT[state]}>{state}</Badge> : <Badge variant="outline">unknown</Badge>}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
