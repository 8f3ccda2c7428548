import type { Channel, GuestType } from '@cbc/contract';
import {
  CHANNEL_WEIGHTS,
  GUEST_TYPE_WEIGHTS,
  HOUR_WEIGHTS,
  LANGUAGE_WEIGHTS,
  SESSION_WEIGHT,
  TEXT_LANGUAGES,
  USER_AGENTS,
  WEEKDAY_WEIGHTS,
  type TextLanguage,
} from './catalogue';
import { Random, hashInts, opaqueIdOf } from './prng';

/*
 * Phase one of the generator: who the guests are and when each of their sessions starts. Only
 * numbers per session are kept (typed arrays), so ten million events plan in a few megabytes;
 * the sessions' events are produced one session at a time by session.ts.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/**
 * No session starts later than this before the end, so its last event (a slow service request,
 * the feedback after it) still lies in the past. Then which events exist never depends on the
 * time of the run, only their timestamps do: a re-run on another day sends the same ids.
 */
export const MAX_SESSION_SPAN = 12 * HOUR;

export interface SeedOptions {
  seed?: number;
  guests?: number;
  days?: number;
  sessionsPerGuest?: number;
  /** The end of the generated window (default: now). */
  end?: number | Date;
}

export const SEED_DEFAULTS = { seed: 42, guests: 100, days: 90, sessionsPerGuest: 5 } as const;

export interface Guest {
  index: number;
  id: string;
  type: GuestType;
  language: string;
  textLanguage: TextLanguage;
  channel: Channel;
  analytics: boolean;
  marketing: boolean;
  ip: string;
  userAgents: { web: string; mobile: string; kiosk: string };
  /** Where in the window the guest is around, as fractions of it (a stay, a day visit, …). */
  window: readonly [number, number];
  consentViaWebhook: boolean;
  /** Accepts a new policy version at the start of the last session. */
  reconsent: boolean;
}

export interface SeedPlan {
  seed: number;
  days: number;
  end: number;
  /** Part of every id: the same options give the same ids, other options other ids. */
  idWord: number;
  guests: Guest[];
  sessionGuest: Uint32Array;
  sessionStart: Float64Array;
  firstSession: Uint32Array;
  lastSession: Uint32Array;
}

export const KIND = { event: 1, webhook: 2, consent: 3, guest: 4, session: 5, chat: 6, request: 7, consentWebhook: 8 } as const;
/** The third id word: what the id is for, and its sequence number inside its owner. */
export const idKey = (kind: number, seq: number) => ((kind << 24) | seq) >>> 0;

const TIME_TAG = 0x7173;

export function resolveOptions(options: SeedOptions = {}) {
  const seed = options.seed ?? SEED_DEFAULTS.seed;
  const guests = options.guests ?? SEED_DEFAULTS.guests;
  const days = options.days ?? SEED_DEFAULTS.days;
  const sessionsPerGuest = options.sessionsPerGuest ?? SEED_DEFAULTS.sessionsPerGuest;
  const end = options.end === undefined ? Date.now() : typeof options.end === 'number' ? options.end : options.end.getTime();
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(guests) || guests < 1) throw new RangeError('guests must be a positive integer');
  // No longer than the shortest retention period (browsing, ops.retention_policy): older events
  // would be refused at the door.
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new RangeError('days must be an integer from 1 to 365');
  if (!(sessionsPerGuest >= 1)) throw new RangeError('sessionsPerGuest must be at least 1');
  return { seed, guests, days, sessionsPerGuest, end };
}

function ipOf(r: Random): string {
  if (r.chance(0.15)) {
    const h = () => r.int(1, 0xffff).toString(16);
    return `2001:db8:${h()}:${h()}::${h()}`;
  }
  const range = r.pick(['192.0.2', '198.51.100', '203.0.113']);
  return `${range}.${r.int(1, 254)}`;
}

function windowOf(r: Random, type: GuestType, days: number): readonly [number, number] {
  const span = (d: number) => Math.min(1, d / days);
  const placed = (len: number) => {
    const start = r.between(0, 1 - len);
    return [start, start + len] as const;
  };
  switch (type) {
    case 'hotel_guest':
      return placed(span(r.int(3, 10)));
    case 'day_visitor':
      return placed(span(1));
    case 'prospect':
      return placed(span(21));
    default:
      return [0, 1];
  }
}

export function planSeed(options: SeedOptions = {}): SeedPlan {
  const o = resolveOptions(options);
  const sessionCount = Math.max(o.guests, Math.round(o.guests * o.sessionsPerGuest));
  const idWord = hashInts(o.seed, o.guests, o.days, sessionCount);
  const r = new Random(hashInts(o.seed, 0x5eed));

  const guests: Guest[] = [];
  for (let index = 0; index < o.guests; index += 1) {
    const type = r.weighted(GUEST_TYPE_WEIGHTS);
    const language = r.weighted(LANGUAGE_WEIGHTS);
    guests.push({
      index,
      id: opaqueIdOf('guest', idWord, index, idKey(KIND.guest, 0)),
      type,
      language,
      textLanguage: (TEXT_LANGUAGES as readonly string[]).includes(language) ? (language as TextLanguage) : 'en',
      channel: r.weighted(CHANNEL_WEIGHTS),
      analytics: true,
      marketing: r.chance(0.35),
      ip: ipOf(r),
      userAgents: { web: r.pick(USER_AGENTS.web), mobile: r.pick(USER_AGENTS.mobile), kiosk: r.pick(USER_AGENTS.kiosk) },
      window: windowOf(r, type, o.days),
      consentViaWebhook: r.chance(0.5),
      reconsent: r.chance(0.15),
    });
  }
  // 5–8 % of guests decline analytics: with 100 guests, 5 to 8 of them.
  const declining = Math.max(1, Math.round(o.guests * r.between(0.05, 0.085)));
  for (let n = 0; n < declining; ) {
    const g = guests[r.int(0, o.guests - 1)]!;
    if (!g.analytics) continue;
    g.analytics = false;
    n += 1;
  }

  // Every guest has a first session; the rest go to guests in proportion to how active their kind is.
  const perGuest = new Uint32Array(o.guests).fill(1);
  const cumulative = new Float64Array(o.guests);
  let total = 0;
  guests.forEach((g, i) => {
    total += SESSION_WEIGHT[g.type];
    cumulative[i] = total;
  });
  for (let n = o.guests; n < sessionCount; n += 1) {
    const x = r.float() * total;
    let lo = 0;
    let hi = o.guests - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    perGuest[lo]! += 1;
  }

  const sessionGuest = new Uint32Array(sessionCount);
  const sessionStart = new Float64Array(sessionCount);
  const firstSession = new Uint32Array(o.guests);
  const lastSession = new Uint32Array(o.guests);
  const periodStart = o.end - o.days * DAY;
  const latestStart = o.end - MAX_SESSION_SPAN;
  let s = 0;
  for (const g of guests) {
    const count = perGuest[g.index]!;
    if (count < 2) g.reconsent = false;
    let first = s;
    let last = s;
    for (let k = 0; k < count; k += 1, s += 1) {
      sessionGuest[s] = g.index;
      sessionStart[s] = startTime(new Random(hashInts(idWord, s, TIME_TAG)), g.window, periodStart, latestStart);
      if (sessionStart[s]! < sessionStart[first]!) first = s;
      if (sessionStart[s]! >= sessionStart[last]!) last = s;
    }
    firstSession[g.index] = first;
    lastSession[g.index] = last;
  }
  return { seed: o.seed, days: o.days, end: o.end, idWord, guests, sessionGuest, sessionStart, firstSession, lastSession };
}

const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
const WEEKDAY_MAX = Math.max(...WEEKDAY_WEIGHTS);

function hourOf(r: Random): number {
  let x = r.float() * HOUR_TOTAL;
  for (let h = 0; h < 24; h += 1) {
    x -= HOUR_WEIGHTS[h]!;
    if (x < 0) return h;
  }
  return 23;
}

/**
 * A start inside the guest's window with the club's rhythm: a day (weekends likelier, a slight
 * growth over the window), then an hour of the daily curve. Rejection sampling on the weekday,
 * from a generator of its own, so the time of a session never shifts the content of another.
 */
function startTime(r: Random, window: readonly [number, number], periodStart: number, latestStart: number): number {
  const span = latestStart - periodStart;
  let candidate = periodStart;
  for (let attempt = 0; attempt < 64; attempt += 1) {
    const at = periodStart + span * r.between(window[0], window[1]);
    const day = Math.floor(at / DAY) * DAY;
    candidate = day + hourOf(r) * HOUR + r.between(0, HOUR);
    if (candidate < periodStart || candidate > latestStart) continue;
    const weekday = new Date(day).getUTCDay();
    const growth = 0.85 + 0.15 * ((candidate - periodStart) / span);
    if (r.float() < (WEEKDAY_WEIGHTS[weekday]! / WEEKDAY_MAX) * growth) return candidate;
  }
  return Math.min(latestStart, Math.max(periodStart, candidate));
}
