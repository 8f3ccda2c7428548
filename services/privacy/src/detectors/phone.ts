import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { EntitySpan } from '../entity-types';

export type { CountryCode };

/*
 * Regions whose *national* formats we try ("0171 1234567", "06 12 34 56 78", "(415) 555-2671").
 * Numbers written internationally (+49…, 0049…) are found whatever the list. The default covers the
 * guests' languages (en/de/fr/es); the first entry should be the club's own country. We use the
 * "max" metadata: the default "min" metadata validates by length only and accepts far more digit
 * runs (booking codes, prices) as phone numbers.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES'];

const MIN_DIGITS = 7;

// Words that say the digits are something else. A "+" or "00" prefix overrides them.
const NOT_A_PHONE = String.raw`rooms?|rm|suites?|zimmer|chambres?|habitaci[oó]n|hab|villas?|caba[nñ]as?|bungalows?|items?|orders?|bookings?|reservations?|confirmation|ref|reference|invoice|tickets?|codes?|flights?|flug|vol|vuelo|tables?|tisch|mesa|passport|pass|reisepass|passeport|pasaporte|id|dni|nie|ausweis|iban|account|konto|cards?|karte|carte|tarjeta|voucher|pnr|bestellung|buchung|buchungsnummer|reserva|reservierung|pedido|commande|r[ée]servation|facture|factura|rechnung|quittung|receipt|transaction|membership|member|loyalty|locker|parking|plate|kennzeichen|guests?|people|persons?|personen|personnes|personas|pax|nights?|nächte|nuits|noches|price|total|amount|betrag|prix|precio|importe|cost|costs|kosten|eur|euros?|usd|chf|gbp|dollars?`;
const IS_A_PHONE = String.raw`call|calls|phone|phones|tel|telephone|mobile|mobil|cell|cellphone|whatsapp|text|sms|reach|contact|ring|dial|handy|telefon|telefonnummer|handynummer|rufnummer|anrufen|erreichbar|erreichen|t[ée]l[ée]phone|portable|appeler|appelez|joindre|joignable|tel[ée]fono|m[óo]vil|llamar|ll[áa]mame|ll[áa]menos|celular|fijo|whats`;
const NUMBER_WORD = String.raw`numbers?|nummer|n[uú]mero|num[ée]ro|no|nr`;
const CONTEXT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:(${NOT_A_PHONE})|(${IS_A_PHONE})|(${NUMBER_WORD}))(?![\p{L}])`, 'giu');
const CONTEXT_WINDOW = 40;

// A calendar date anywhere in the candidate (libphonenumber happily reads "2026-07-21, 2" as a
// number). Day and month must be in range and the date must not continue ("06.12.34.56.78" is a
// French phone number, not 6 December '34).
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const DATE_INSIDE = new RegExp(
  `(?<![\\d./-])(?:(?:19|20)\\d{2}([./-])${MONTH}\\1${DAY}|${DAY}([./-])${MONTH}\\2(?:(?:19|20)\\d{2}|\\d{2}))(?![\\d]|[./-]\\d)`,
);
// "2019 2022 2026": a list of years, not a number.
const YEAR_LIST = /^(?:(?:19|20)\d{2}[\s,/-]+)+(?:19|20)\d{2}$/;
const WHOLE_DATE = new RegExp(`^${DATE_INSIDE.source}$`);
const CURRENCY_BEFORE = /(?:[€$£¥₣₤]|\b(?:EUR|USD|GBP|CHF)|\bFr\.)\s*$/iu;
const AFTER_REJECT = /^(?:\s*(?:[€$£¥%‰]|(?:EUR|USD|GBP|CHF|euros?|dollars?)(?![\p{L}]))|[\p{L}\p{N}/_@]|[.,:-]\d)/iu;
const BEFORE_REJECT = /(?:[\p{L}\p{N}/_@#.-]|\d:)$/u;

// Where a phone number can be: digits with the separators people type between them.
const PHONE_RUN = /[+(]{0,2}\d[\d \u00A0\u202F()./-]*\d\)?/g;
// Long runs (lists of numbers, digit soup) are scanned in overlapping windows: any number up to
// WINDOW_STRIDE chars long lies wholly inside one window, and the cost stays linear.
const LONG_RUN = 64;
const WINDOW = 64;
const WINDOW_STRIDE = 32;

/**
 * libphonenumber does the finding and validation, which dominate the cost of `redact`; so we
 * hand it only digit runs, skip runs that cannot produce a surviving phone, stop trying regions
 * once one explains the whole run, and then drop numbers whose surroundings say they are
 * something else.
 */
export function detectPhones(
  text: string,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
  claimed: readonly EntitySpan[] = [],
): EntitySpan[] {
  if (countDigits(text) < MIN_DIGITS) return [];
  const seen = new Set<string>();
  const spans: EntitySpan[] = [];
  const searchRegions: Array<CountryCode | undefined> = regions.length > 0 ? [...regions] : [undefined];
  for (const run of text.matchAll(PHONE_RUN)) {
    if (countDigits(run[0]) < MIN_DIGITS) continue;
    for (const [offset, window] of windows(run.index, run[0])) {
      // A window that is wholly a card/IBAN already found, or wholly a date, cannot yield a phone
      // that would survive overlap resolution; skipping it saves the costliest library calls.
      const windowEnd = offset + window.length;
      if (claimed.some((c) => c.start <= offset && c.end >= windowEnd) || WHOLE_DATE.test(window)) continue;
      for (const region of searchRegions) {
        const found = findPhoneNumbersInText(window, region ? { defaultCountry: region } : {});
        for (const f of found) {
          // "(+34) 612 345 678": the library starts at "+", leaving the "(" behind.
          const opensBefore = window[f.startsAt - 1] === '(' && !window.slice(f.startsAt, f.endsAt).includes('(');
          const start = offset + f.startsAt - (opensBefore ? 1 : 0);
          const end = offset + f.endsAt;
          const key = `${start}:${end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (isPlausiblePhone(text, start, end)) spans.push({ type: 'PHONE', start, end });
        }
        // Validation is the expensive part; once one region has accounted for every digit of the
        // window (always so for "+" numbers) the other regions cannot add anything.
        if (coversAllDigits(window, found)) break;
      }
    }
  }
  return spans;
}

function coversAllDigits(window: string, found: ReadonlyArray<{ startsAt: number; endsAt: number }>): boolean {
  const covered = found.reduce((n, f) => n + countDigits(window.slice(f.startsAt, f.endsAt)), 0);
  return covered > 0 && covered === countDigits(window);
}

function* windows(runStart: number, run: string): Generator<[number, string]> {
  if (run.length <= LONG_RUN) {
    yield [runStart, run];
    return;
  }
  for (let at = 0; at < run.length; at += WINDOW_STRIDE) {
    yield [runStart + at, run.slice(at, at + WINDOW)];
    if (at + WINDOW >= run.length) return;
  }
}

function isPlausiblePhone(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  const digits = countDigits(value);
  if (digits < MIN_DIGITS) return false;
  if (DATE_INSIDE.test(value) || YEAR_LIST.test(value) || value.includes(':')) return false;
  const before = text.slice(Math.max(0, start - CONTEXT_WINDOW), start);
  const after = text.slice(end, end + 12);
  // Part of a larger token (a flight code, a time, a date, a reference): not a standalone number.
  if (BEFORE_REJECT.test(before) || AFTER_REJECT.test(after) || CURRENCY_BEFORE.test(before)) return false;
  const international = /^(?:\+|00)/.test(value);
  if (international) return true;
  const context = lastContext(before);
  if (context === 'not-phone') return false;
  if (context === 'phone' || context === 'number') return true;
  // No context at all: a short national number is as likely a code or an amount as a phone.
  return digits >= 9;
}

type Context = 'phone' | 'not-phone' | 'number' | 'none';

/** The nearest context word before the number wins, so "room 214, call me on 0171…" is a phone. */
function lastContext(before: string): Context {
  let result: Context = 'none';
  let sawNotPhone = false;
  for (const m of before.matchAll(CONTEXT_WORD)) {
    if (m[1] !== undefined) {
      result = 'not-phone';
      sawNotPhone = true;
    } else if (m[2] !== undefined) {
      result = 'phone';
    } else if (!sawNotPhone) {
      // "number" only supports a phone when nothing before it says "booking number" etc.
      result = 'number';
    }
  }
  return result;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
