import type { EntitySpan } from '../entity-types';

const MONTHS = [
  // en
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  // de
  'januar', 'jänner', 'februar', 'märz', 'maerz', 'mai', 'juni', 'juli', 'oktober', 'dezember', 'mrz', 'okt', 'dez',
  // fr
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre', 'décembre', 'decembre',
  'janv', 'févr', 'fevr', 'avr', 'juil',
  // es
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'ene', 'abr', 'ago', 'dic',
  // it
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
  'gen', 'mag', 'giu', 'lug', 'ott',
  // pt
  'janeiro', 'fevereiro', 'março', 'marco', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
  'fev', 'out', 'dez',
  // nl
  'januari', 'februari', 'maart', 'mei', 'augustus', 'mrt',
  // ja, romanised: "sangatsu", "3-gatsu" (the numeric form is in DATE below)
  'ichigatsu', 'nigatsu', 'sangatsu', 'shigatsu', 'gogatsu', 'rokugatsu', 'shichigatsu', 'hachigatsu',
  'kugatsu', 'jūgatsu', 'juugatsu', 'jugatsu', 'jūichigatsu', 'juuichigatsu', 'juichigatsu', 'jūnigatsu', 'juunigatsu', 'junigatsu',
];
// Longest first so "march" is not cut to "mar".
const MONTH = `(?:${[...new Set(MONTHS)].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])`;
const ORDINAL = String.raw`(?:st|nd|rd|th|er|ᵉʳ|\.|º|°)?`;
const YEAR4 = String.raw`(?:19|20)\d{2}`;

// Japanese order: "1983-nen 1-gatsu 17-nichi", "1983nen 3gatsu 5ka".
const JA_DATE = String.raw`${YEAR4}\s*-?\s*nen\s*(?:\d{1,2}\s*-?\s*gatsu)(?:\s*\d{1,2}\s*-?\s*(?:nichi|ka))?`;

const DATE = [
  JA_DATE,
  String.raw`\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})`,
  // ISO and its Japanese and slashed variants: "1985-03-12", "1992/03/08", "1992.03.08".
  String.raw`\d{4}(?<isep>[./-])\d{1,2}\k<isep>\d{1,2}`,
  String.raw`(?:${DAY}${ORDINAL}|premier|1er)\s*(?:of\s+|de\s+)?${MONTH}(?:,?\s*(?:de\s+|del\s+|van\s+)?(?:${YEAR4}|['’]?\d{2}))?`,
  String.raw`${MONTH}\s+${DAY}${ORDINAL}(?:,?\s+${YEAR4})?`,
  String.raw`${MONTH}\s+(?:de\s+)?${YEAR4}`,
  // Airline and form style: "12-Mar-1985", "12.Mar.85".
  String.raw`${DAY}(?<sep>[-/.])${MONTH}\k<sep>(?:${YEAR4}|\d{2})`,
  // Day and month only ("birthday 12/06"): still a quasi-identifier.
  String.raw`${DAY}[./]${DAY}`,
  // A bare year only after "born in" / "geboren" / "nacido en" / "né en".
  String.raw`${YEAR4}`,
].join('|');

/*
 * Only dates announced as a birth date count. Check-in and stay dates never are, so without one
 * of these words nothing is redacted. The filler between word and date allows a few words but
 * no digits, commas or sentence ends: "birthday dinner for 10 on 12 June" stops at "10".
 */
const CONTEXT = String.raw`(?:born|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?['’]?day|geboren|geb\.|geburtsdatum|geburtstag|né(?:e|\(e\))?\s+(?:le|en)|date\s+de\s+naissance|fecha\s+de\s+nacimiento|nacid[oa]\s+(?:el|en)|nac[íi]\s+el|naci[óo]\s+el|data\s+de\s+nasc\.|cumplea[ñn]os|anniversaire(?!\s+de\s+mariage)|nat[oaie]\s+(?:il|nel|a)|data\s+di\s+nascita|compleanno|nascid[oa]s?\s+(?:em|a|no|na)|nasc(?:i|eu|eram)\s+(?:em|a|no|na)|nac(?:ieron|io)\s+el|data\s+de\s+nascimento|anivers[áa]rio|geboren\s+op|geboortedatum|verjaardag|umare|tanj[oōou]{1,2}bi|seinengappi)(?![\p{L}])`;
// "birth date, it's Dec 12, 2016", "Geburtsdatum, ist der 3. Mai": a comma may come once, before a copula.
const COPULA_AFTER_COMMA = String.raw`(?:,\s*(?:it['’]?s|is|was|c['’]est|est|es|era|è|é|ist|war|wa)\s+(?:the\s+|der\s+|le\s+|el\s+|il\s+|o\s+)?)?`;
const DOB = new RegExp(
  String.raw`(?<![\p{L}])${CONTEXT}[^\d\n,\[\]!?;]{0,25}?${COPULA_AFTER_COMMA}(?<![\p{L}\p{N}])(${DATE})(?![\p{L}\p{N}]|[./:-]\d)`,
  'giu',
);

// A form written as text: "Date de naissance de Nathalie Prud’homme pour l'assurance golf : 18
// septembre 1963", "Geboortedatum van Truus de Wit voor de zeilcursus: 03-05-1949". Whose birth
// date and what for come between the word and a colon; the date follows the colon.
const DOB_FORM = new RegExp(
  String.raw`(?<![\p{L}])${CONTEXT}[^\d\n,\[\]!?;:.]{0,60}:\s*(${DATE})(?![\p{L}\p{N}]|[./:-]\d)`,
  'giu',
);

// German and Romance word order puts the verb after the date: "ist am 11.11.2014 geboren".
const DOB_BEFORE_VERB = new RegExp(
  String.raw`(?<![\p{L}\p{N}./-])(${DATE})\s+(?:geboren|born|nacid[oa]|né(?:e|\(e\))?|umare|nat[oa]|nascid[oa])(?![\p{L}])`,
  'giu',
);

const BIRTH_YEAR_CONTEXT = /^(?:born|geboren|geb\.|nacid[oa]|né(?:e|\(e\))?\s+en|nat[oa]\s+nel|nascid[oa]\s+em)/i;

// Cheap keyword test so most messages never run the big context regexes.
const HINT = /born|bday|b'day|d\.?o\.?b|birth|geb|naissance|nacimiento|nacid|nac[íi]|naci[óo]|né|cumplea|anniversaire|nat[oaie]\s|nascita|compleanno|nasc|anivers|verjaardag|umare|tanj|seinengappi/i;

export function detectDatesOfBirth(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  if (!HINT.test(text)) return spans;
  for (const m of text.matchAll(DOB)) {
    const date = m[1];
    if (date === undefined) continue;
    const end = m.index + m[0].length;
    const start = end - date.length;
    if (!isPlausibleDate(date)) continue;
    // A year alone is a birth year only after "born in"; "my birthday trip in 2026" is not one.
    if (/^\d{4}$/.test(date) && !BIRTH_YEAR_CONTEXT.test(m[0])) continue;
    spans.push({ type: 'DATE_OF_BIRTH', start, end });
  }
  for (const m of text.matchAll(DOB_FORM)) {
    const date = m[1] ?? '';
    if (/^\d{4}$/.test(date) || !isPlausibleDate(date)) continue;
    const end = m.index + m[0].length;
    spans.push({ type: 'DATE_OF_BIRTH', start: end - date.length, end });
  }
  for (const m of text.matchAll(DOB_BEFORE_VERB)) {
    const date = m[1] ?? '';
    if (/^\d{4}$/.test(date) || !isPlausibleDate(date)) continue;
    spans.push({ type: 'DATE_OF_BIRTH', start: m.index, end: m.index + date.length });
  }
  return spans;
}

/** Numeric dates must read as a real day/month one way round (d/m or m/d). */
function isPlausibleDate(date: string): boolean {
  const parts = date.split(/[./-]/);
  if (parts.length < 2 || !parts.every((p) => /^\d+$/.test(p))) return true;
  const nums = parts.map(Number);
  const [a = 0, b = 0, c = 0] = nums;
  const [day1, month1, day2, month2] = parts[0]?.length === 4 ? [c, b, c, b] : [a, b, b, a];
  const ok = (d: number, mo: number): boolean => d >= 1 && d <= 31 && mo >= 1 && mo <= 12;
  return ok(day1, month1) || ok(day2, month2);
}
