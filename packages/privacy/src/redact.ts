import { detectCreditCards } from './detectors/credit-card';
import { detectDatesOfBirth } from './detectors/date-of-birth';
import { detectEmails } from './detectors/email';
import { detectIbans } from './detectors/iban';
import { detectIdNumbers } from './detectors/id-number';
import { detectIpAddresses } from './detectors/ip-address';
import { detectPersons } from './detectors/person';
import { DEFAULT_PHONE_REGIONS, detectPhones, type CountryCode } from './detectors/phone';
import { detectRoomNumbers } from './detectors/room-number';
import {
  ENTITY_PRIORITY,
  ENTITY_TYPES,
  PLACEHOLDER_PATTERN,
  placeholder,
  type EntitySpan,
  type EntityType,
} from './entity-types';

/*
 * Callers cap free text at 4,000 characters; this cap only bounds our work on hostile input. It
 * is counted in UTF-16 units and leaves room for callers that count code points. Text beyond it
 * is dropped, never passed through unredacted. Placeholders already in the text do not count,
 * so redacting our own (possibly longer) output never truncates it: that keeps `redact` idempotent.
 */
export const MAX_REDACT_INPUT_CHARS = 8_000;

export interface RedactOptions {
  /** Regions whose national phone formats are recognised; the first should be the club's own. */
  phoneRegions?: readonly CountryCode[];
}

export interface RedactResult {
  text: string;
  /** Spans of the input that were replaced: UTF-16 offsets, sorted, non-overlapping. */
  entities: EntitySpan[];
}

const HAS_DIGIT = /\d/;
const HAS_IPV6_HINT = /[0-9a-f]?:[0-9a-f]*:/i;
const PRIORITY_RANK = new Map(ENTITY_PRIORITY.map((type, rank) => [type, rank]));

// Each detector says cheaply whether the text can contain its entity, so plain chat skips the
// digit-based detectors (and libphonenumber) entirely.
function detectAll(text: string, phoneRegions: readonly CountryCode[]): EntitySpan[] {
  const hasDigit = HAS_DIGIT.test(text);
  const found: EntitySpan[] = [...detectEmails(text), ...detectPersons(text)];
  if (hasDigit) {
    const ids = detectIdNumbers(text);
    const checksummed = [...detectIbans(text), ...cardsThatAreNotIds(text, detectCreditCards(text), ids)];
    found.push(
      ...checksummed,
      ...detectIpAddresses(text),
      ...detectDatesOfBirth(text),
      ...ids,
      ...detectRoomNumbers(text),
      ...detectPhones(text, phoneRegions, checksummed),
    );
  } else if (HAS_IPV6_HINT.test(text)) {
    found.push(...detectIpAddresses(text));
  }
  return found;
}

/*
 * A 12-digit number is both the shortest Maestro card and the Japanese My Number (and other
 * national ids): when an identity-document word announced exactly that number, it is an
 * ID_NUMBER. Either way it is redacted; only the label changes.
 */
const SHORTEST_CARD_DIGITS = 12;
function cardsThatAreNotIds(text: string, cards: EntitySpan[], ids: readonly EntitySpan[]): EntitySpan[] {
  const isAnnouncedId = (c: EntitySpan): boolean =>
    ids.some((id) => id.start === c.start && id.end === c.end) &&
    text.slice(c.start, c.end).replace(/\D/g, '').length === SHORTEST_CARD_DIGITS;
  return cards.filter((c) => !isAnnouncedId(c));
}

/**
 * Longest span first, then the fixed priority: deterministic whatever order detectors report in.
 * Spans touching a placeholder are dropped, so our own output (or a guest's literal "[EMAIL]")
 * is never re-detected or altered.
 */
function resolve(candidates: EntitySpan[], protectedSpans: readonly EntitySpan[]): EntitySpan[] {
  const ordered = candidates
    .filter((c) => c.end > c.start && !protectedSpans.some((p) => overlaps(c, p)))
    .sort(
      (a, b) =>
        b.end - b.start - (a.end - a.start) ||
        (PRIORITY_RANK.get(a.type) ?? 0) - (PRIORITY_RANK.get(b.type) ?? 0) ||
        a.start - b.start,
    );
  const chosen: EntitySpan[] = [];
  for (const c of ordered) {
    if (!chosen.some((k) => overlaps(c, k))) chosen.push({ type: c.type, start: c.start, end: c.end });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

function overlaps(a: EntitySpan, b: EntitySpan): boolean {
  return a.start < b.end && b.start < a.end;
}

function placeholdersIn(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    // The type is irrelevant for protection; EMAIL is a stand-in.
    spans.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

interface Segment {
  /** Offset of this output segment in the input. */
  inputStart: number;
  inputEnd: number;
  output: string;
  entity: boolean;
}

function applySpans(input: string, entities: readonly EntitySpan[]): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  for (const e of entities) {
    if (e.start > cursor) segments.push({ inputStart: cursor, inputEnd: e.start, output: input.slice(cursor, e.start), entity: false });
    segments.push({ inputStart: e.start, inputEnd: e.end, output: placeholder(e.type), entity: true });
    cursor = e.end;
  }
  if (cursor < input.length) segments.push({ inputStart: cursor, inputEnd: input.length, output: input.slice(cursor), entity: false });
  return segments;
}

/** Maps spans found in redacted output back onto the input; they never overlap a placeholder. */
function toInputSpans(spans: readonly EntitySpan[], segments: readonly Segment[]): EntitySpan[] {
  const mapped: EntitySpan[] = [];
  let outputStart = 0;
  for (const seg of segments) {
    const outputEnd = outputStart + seg.output.length;
    if (!seg.entity) {
      for (const s of spans) {
        if (s.start >= outputStart && s.end <= outputEnd) {
          const shift = seg.inputStart - outputStart;
          mapped.push({ type: s.type, start: s.start + shift, end: s.end + shift });
        }
      }
    }
    outputStart = outputEnd;
  }
  return mapped;
}

function capInput(text: string): string {
  if (text.length <= MAX_REDACT_INPUT_CHARS) return text;
  let budget = MAX_REDACT_INPUT_CHARS;
  let cursor = 0;
  for (const p of placeholdersIn(text)) {
    if (p.start - cursor >= budget) break;
    budget -= p.start - cursor;
    cursor = p.end;
  }
  let end = Math.min(text.length, cursor + budget);
  // Never cut a surrogate pair in half.
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/*
 * Text made of ASCII lower-case letters only (the empty string included) is text no detector can
 * match, so it skips them. Derived from what each detector needs, not from what PII looks like:
 * - the digit detectors (phone, card, IBAN, ID, room, date of birth, IPv4) run only on text with
 *   a digit, and IPv6 only on text with a ":";
 * - EMAIL needs an "@" or an at-marker, and every marker holds a space, a bracket, "-", "_" or
 *   "@"/"＠" ("name at example dot net", "anna-at-gmx.de", "anna[at]gmx[dot]de");
 * - PERSON: every rule that reads a name after or before context words (introductions, titles,
 *   roles, sign-offs, departments, "X and Y") reads it with a pattern that needs an upper-case
 *   letter; the lower-case rules (nicknames after "its"/"soy"/kin words, "X desu", a pair of
 *   lexicon names, "thx!! kavita") need a space or punctuation between two words; a handle
 *   ("maria.garcia", "john_smith") needs "." or "_", an honorific ("tanaka-san") a "-". One run
 *   of lower-case letters is one word, and one lower-case word alone is none of these.
 * test/redact-fast-path.test.ts holds `redact` to `redactFully` over every corpus and a fuzz set;
 * widen this only with both.
 */
const NO_DETECTOR_MATCHES = /^[a-z]*$/;

/**
 * True when `redact(text)` provably returns `text` unchanged: callers may skip the call (and
 * decoding). Never for text over the cap, which `redact` shortens.
 */
export function cannotContainPii(text: string): boolean {
  return text.length <= MAX_REDACT_INPUT_CHARS && NO_DETECTOR_MATCHES.test(text);
}

/**
 * Replaces PII in free text with typed placeholders (`[EMAIL]`, `[PHONE]`, …). Offsets in
 * `entities` refer to the input. Pure and synchronous.
 */
export function redact(text: string, options: RedactOptions = {}): RedactResult {
  return cannotContainPii(text) ? { text, entities: [] } : redactFully(text, options);
}

/** `redact` without the pre-check: every detector runs. Exported for the equivalence test. */
export function redactFully(text: string, options: RedactOptions = {}): RedactResult {
  const phoneRegions = options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
  const input = capInput(text);
  const protectedInInput = placeholdersIn(input);
  let entities = resolve(detectAll(input, phoneRegions), protectedInInput);
  let segments = applySpans(input, entities);
  // Replacing a span can expose a match that the original context hid (a number that followed a
  // now-replaced digit, say). Re-scanning the output until nothing new appears is what guarantees
  // redact(redact(x)) === redact(x). Each pass redacts at least one more input character, so the
  // loop ends; in practice the second scan finds nothing and the loop runs once.
  while (entities.length > 0) {
    const output = segments.map((s) => s.output).join('');
    const fresh = toInputSpans(resolve(detectAll(output, phoneRegions), placeholdersIn(output)), segments);
    if (fresh.length === 0) break;
    entities = [...entities, ...fresh].sort((a, b) => a.start - b.start);
    segments = applySpans(input, entities);
  }
  return { text: segments.map((s) => s.output).join(''), entities };
}

/** Redactions per type, every type present (zero when absent) so metrics have stable labels. */
export function redactionCounts(entities: readonly { type: EntityType }[]): Record<EntityType, number> {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  for (const e of entities) counts[e.type] += 1;
  return counts;
}
