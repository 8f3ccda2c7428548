import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EntitySpan } from '../entity-types';

export type { CountryCode };

/*
 * Regions whose *national* formats we try ("0171 1234567", "06 12 34 56 78", "(415) 555-2671").
 * Numbers written internationally (+49…, 0049…) are found whatever the list. The default covers the
 * guests' languages (en, de, fr, es, it, nl, pt, ja); the first entry should be the club's own country. We use the
 * "max" metadata: the default "min" metadata validates by length only and accepts far more digit
 * runs (booking codes, prices) as phone numbers.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'PT', 'BR', 'JP'];

const MIN_DIGITS = 7;

// Words that say the digits are something else. A "+" or "00" prefix overrides them.
const NOT_A_PHONE = String.raw`rooms?|rm|suites?|zimmer|chambres?|habitaci[oó]n|hab|villas?|caba[nñ]as?|bungalows?|items?|orders?|bookings?|reservations?|confirmation|ref|reference|invoice|tickets?|codes?|flights?|flug|vol|vuelo|tables?|tisch|mesa|passport|pass|reisepass|passeport|pasaporte|id|dni|nie|ausweis|iban|account|konto|cards?|karte|carte|tarjeta|voucher|pnr|bestellung|buchung|buchungsnummer|reserva|reservierung|pedido|commande|r[ée]servation|facture|factura|rechnung|quittung|receipt|transaction|membership|member|loyalty|locker|parking|plate|kennzeichen|guests?|people|persons?|personen|personnes|personas|pax|nights?|nächte|nuits|noches|price|total|amount|betrag|prix|precio|importe|cost|costs|kosten|eur|euros?|usd|chf|gbp|dollars?|camera|stanza|quarto|kamer|heya|prenotazione|boeking|reservering|volo|voo|vlucht|tavolo|tafel|passaporto|passaporte|paspoort|persone|pessoas|notti|noites|nachten|prezzo|pre[çc]o|prijs|totale|bedrag|yoyaku|ordine|encomenda|bestelling`;
const IS_A_PHONE = String.raw`call|calls|phone|phones|tel|telephone|mobile|mobil|cell|cellphone|whatsapp|text|sms|reach|contact|ring|dial|handy|telefon|telefonnummer|handynummer|rufnummer|anrufen|erreichbar|erreichen|t[ée]l[ée]phone|portable|appeler|appelez|joindre|joignable|tel[ée]fono|m[óo]vil|llamar|ll[áa]mame|ll[áa]menos|celular|fijo|whats|cel|chiamami|chiamarmi|chiamare|chiamatemi|richiamare|richiamami|rappelle[rz]?|cellulare|telefono|numero\s+di\s+telefono|ligue|ligar|liga-me|telem[óo]vel|telefone|contacto|bel|bellen|mobiel|telefoonnummer|denwa|keitai|bang[oō]{1,2}u?`;
const NUMBER_WORD = String.raw`numbers?|nummer|n[uú]mero|num[ée]ro|numero|no|nr`;
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

// Where a phone number can be: digits with the separators people type between them. Linear: no
// nested quantifier, and every match is consumed once.
const PHONE_RUN = /[+(]{0,2}\d[\d \u00A0\u202F()./-]*\d\)?/g;
const GROUP = /\d+/g;
// E.164 allows 15 digits; a national trunk prefix or a "(0)" adds up to two.
const MAX_DIGITS = 17;
// More than this many separator characters between two groups ends a candidate ("12 - - 34").
const MAX_GAP = 3;
// "0 0 0 0 0 0 0": real numbers are typed in groups of two or more, with at most a country code
// and a "(0)" or a leading mobile digit standing alone.
const MAX_SINGLE_DIGIT_GROUPS = 2;
/*
 * Validating one candidate in one region costs tens of µs (libphonenumber "max" metadata). This
 * caps the validations per text, so the worst case is bounded whatever the input: an ordinary
 * message uses a handful. Beyond it, the remaining phone-shaped candidates of 9+ digits are
 * redacted unvalidated (recall first), still subject to the context rules.
 */
export const MAX_PHONE_VALIDATIONS = 300;

interface Group {
  start: number;
  end: number;
  digits: number;
}

/**
 * Candidates first, validation second: each digit run is cut into candidate spans of whole typed
 * groups (7–17 digits), and each candidate alone is parsed, region by region, longest first. A
 * run is walked once from left to right, so the work is linear in the text and bounded per text.
 * Numbers whose surroundings say they are something else are then dropped.
 */
export function detectPhones(
  text: string,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
  claimed: readonly EntitySpan[] = [],
): EntitySpan[] {
  if (countDigits(text) < MIN_DIGITS) return [];
  const budget = { left: MAX_PHONE_VALIDATIONS };
  const spans: EntitySpan[] = [];
  for (const run of text.matchAll(PHONE_RUN)) {
    if (countDigits(run[0]) < MIN_DIGITS) continue;
    const groups: Group[] = [];
    for (const g of run[0].matchAll(GROUP)) {
      groups.push({ start: run.index + g.index, end: run.index + g.index + g[0].length, digits: g[0].length });
    }
    spans.push(...phonesInGroups(text, groups, regions, claimed, budget));
  }
  return spans;
}

function phonesInGroups(
  text: string,
  groups: readonly Group[],
  regions: readonly CountryCode[],
  claimed: readonly EntitySpan[],
  budget: { left: number },
): EntitySpan[] {
  const spans: EntitySpan[] = [];
  let i = 0;
  while (i < groups.length) {
    const ends = candidateEnds(text, groups, i);
    let taken = -1;
    for (const j of ends) {
      const start = prefixStart(text, groups[i]?.start ?? 0);
      const end = closingEnd(text, start, groups[j]?.end ?? 0);
      if (claimed.some((c) => c.start <= start && c.end >= end)) continue;
      const candidate = text.slice(start, end);
      if (WHOLE_DATE.test(candidate) || !isPlausiblePhone(text, start, end)) continue;
      if (isValidSomewhere(candidate, regions, budget) || (budget.left <= 0 && countDigits(candidate) >= 9)) {
        spans.push({ type: 'PHONE', start, end });
        taken = j;
        break;
      }
    }
    i = taken >= 0 ? taken + 1 : i + 1;
  }
  return spans;
}

/** Group indices j such that groups i..j form a phone-shaped candidate, longest first. */
function candidateEnds(text: string, groups: readonly Group[], i: number): number[] {
  const ends: number[] = [];
  let digits = 0;
  let singles = 0;
  for (let j = i; j < groups.length; j++) {
    const g = groups[j];
    if (!g) break;
    const previous = groups[j - 1];
    if (j > i && previous && g.start - previous.end > MAX_GAP) break;
    // A "+" inside a run starts another number.
    if (j > i && text.slice(previous?.end ?? g.start, g.start).includes('+')) break;
    digits += g.digits;
    if (g.digits === 1) singles += 1;
    if (digits > MAX_DIGITS || singles > MAX_SINGLE_DIGIT_GROUPS) break;
    if (digits >= MIN_DIGITS) ends.push(j);
  }
  return ends.reverse();
}

/** Takes in a "+" or "(" typed just before the first group: "(+34) 612…", "(415) 555…". */
function prefixStart(text: string, groupStart: number): number {
  let start = groupStart;
  while (start > 0 && start > groupStart - 2 && (text[start - 1] === '+' || text[start - 1] === '(')) start -= 1;
  return start;
}

/** Takes in the ")" closing a parenthesis opened inside the candidate. */
function closingEnd(text: string, start: number, end: number): number {
  const inside = text.slice(start, end);
  const open = inside.split('(').length - inside.split(')').length;
  return open > 0 && text[end] === ')' ? end + 1 : end;
}

function isValidSomewhere(candidate: string, regions: readonly CountryCode[], budget: { left: number }): boolean {
  // An international number needs no region; one parse says all.
  const searchRegions: Array<CountryCode | undefined> = /^\(?\+/.test(candidate) || regions.length === 0 ? [undefined] : [...regions];
  for (const region of searchRegions) {
    if (budget.left <= 0) return false;
    budget.left -= 1;
    if (parsePhoneNumberFromString(candidate, region ? { defaultCountry: region } : {})?.isValid()) return true;
  }
  return false;
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

/**
 * The nearest context word before the number wins, so "room 214, call me on 0171…" is a phone.
 * A "not a phone" word whose own number comes before ours ("zimmer 305, … 0171 2345678") is
 * spent on that number and says nothing about ours.
 */
function lastContext(before: string): Context {
  let result: Context = 'none';
  let sawNotPhone = false;
  for (const m of before.matchAll(CONTEXT_WORD)) {
    if (m[1] !== undefined) {
      if (countDigits(before.slice(m.index + m[0].length)) > 0) continue;
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
