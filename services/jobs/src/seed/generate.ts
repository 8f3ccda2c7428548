import { SeedTally, occurredAt, type Delivery } from './deliveries';
import { planSeed, type SeedOptions, type SeedPlan } from './plan';
import { sessionDeliveries } from './session';

/*
 * The seed generator: a believable club over the last `days` days (guests, sessions, searches,
 * chats, service requests with their lifecycles, feedback, consent), deterministic in its seed.
 * `streamDeliveries` yields session by session in constant memory (bulk mode); `generateSeed`
 * returns the whole list in time order (the API mode's few thousand deliveries).
 */

export { planSeed, SEED_DEFAULTS, type SeedOptions, type SeedPlan, type Guest } from './plan';
export { SeedTally, toEvent, eventTypeOf, occurredAt, type Delivery } from './deliveries';
export { PII_CANARIES } from './pii';
export { SLA_MINUTES } from './catalogue';

export interface SeedCounts extends ReturnType<SeedTally['toJSON']> {
  guests: number;
  sessions: number;
  guestsWithoutConsent: number;
}

/** Every delivery, session after session (each session in time order). */
export function* streamDeliveries(plan: SeedPlan): Generator<Delivery> {
  for (let s = 0; s < plan.sessionGuest.length; s += 1) yield* sessionDeliveries(plan, s);
}

export function countsOf(plan: SeedPlan, tally: SeedTally): SeedCounts {
  return {
    guests: plan.guests.length,
    sessions: plan.sessionGuest.length,
    guestsWithoutConsent: plan.guests.filter((g) => !g.analytics).length,
    ...tally.toJSON(),
  };
}

export function generateSeed(options: SeedOptions = {}): { plan: SeedPlan; deliveries: Delivery[]; counts: SeedCounts } {
  const plan = planSeed(options);
  const tally = new SeedTally();
  const deliveries: Delivery[] = [];
  for (const d of streamDeliveries(plan)) {
    deliveries.push(d);
    tally.add(d);
  }
  // Stable sort: deliveries at the same instant keep their session order.
  deliveries.sort((a, b) => {
    const x = occurredAt(a);
    const y = occurredAt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { plan, deliveries, counts: countsOf(plan, tally) };
}
