import 'server-only';
import { alertStates, type AlertName, type AlertState } from '@/lib/ops/alerts';
import { env } from './env';

export type LiveAlerts =
  | { status: 'ok'; source: string; states: Record<AlertName, AlertState> }
  | { status: 'unconfigured' }
  | { status: 'unavailable'; source: string };

const TIMEOUT_MS = 3000;

/**
 * The live state of the page's alerts, from Prometheus (which knows pending as well as firing;
 * Alertmanager only hears of firing ones). Without PROMETHEUS_URL, or when it does not answer,
 * the page says so and shows no state rather than a reassuring "ok".
 */
export async function liveAlerts(): Promise<LiveAlerts> {
  const { prometheusUrl, cluster } = env();
  if (!prometheusUrl) return { status: 'unconfigured' };
  try {
    const res = await fetch(`${prometheusUrl}/api/v1/alerts`, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    const states = res.ok ? alertStates(await res.json(), cluster.namespace) : null;
    return states ? { status: 'ok', source: prometheusUrl, states } : { status: 'unavailable', source: prometheusUrl };
  } catch {
    return { status: 'unavailable', source: prometheusUrl };
  }
}
