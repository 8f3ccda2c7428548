import type { EntitySpan } from '../entity-types';

/*
 * Candidates first, then validation on a bounded slice: every "@" (or spelled-out "at") is a
 * candidate, and the local part and the domain are read from at most a few dozen characters on
 * either side of it. No regex ever scans from one candidate to the next, so "a@a@a@…" or
 * "x at y dot x at y dot …" cost a constant per candidate: linear in the text.
 */

// \x60 is the backtick, legal in a local part (RFC 5322 atext).
const LOCAL_CHAR = /[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~.-]/u;
// RFC 5321 limits the local part to 64 characters and a domain to 255.
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
// A TLD is letters only (or punycode): this is what stops "v1.2@3.4" or "10@5.30" matching.
const TLD = String.raw`(?:\p{L}{2,24}|xn--[a-z0-9-]{2,59})`;
const DOMAIN = new RegExp(String.raw`(?:${LABEL}\.){1,8}${TLD}(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])`, 'uy');

/*
 * Spelled-out addresses in the guests' languages: "anna at gmail dot com", "anna [at] gmx [dot]
 * de", "anna at web punkt de", "ana arroba gmail punto com", "joão arroba sapo ponto pt",
 * "giulia chiocciola libero punto it", "femke apenstaartje ziggo punt nl", "mio atto māku docomo
 * dotto ne dotto jp". Bracketed markers and the non-English at-words are unambiguous; a bare
 * "at" is ordinary English, so it only counts when the domain is a well-known mailbox provider,
 * the local part looks machine-made (dots, digits, underscores, a spelled "dot"), or an email
 * word ("email", "correo", "indirizzo", …) comes just before.
 */
const DOT_WORD = 'dot|punkt|point|punto|ponto|punt|dotto';
// Also "[.]", "(.)", " . ", "-dot-", "_dot_".
const dotPattern = (words: string): string =>
  String.raw`(?:\s*(?:[([{<](?:${words}|\.)[)\]}>])\s*|\s+(?:${words})\s+|\s?[-_](?:${words})[-_]\s?|\s\.\s|\.)`;
const DOT = dotPattern(DOT_WORD);
// Romanised Japanese also reads "." as "ten" (point) or "piriodo" (period); both are ordinary
// words elsewhere ("at ten"), so they only count in a domain after a Japanese at-word.
const JA_DOT = dotPattern(`${DOT_WORD}|ten|piriodo`);
const JA_AT = /atto/i;
// Every spelled-out "@", between spaces: romanised Japanese says "atto" or "atto māku".
const AT_WORD = String.raw`at|ät|arroba|arobase|chiocciola|apen?staart(?:je)?|atto(?:\s*m[aâā]{1,2}ku)?`;
// In brackets, any at-word is a marker, French "(à)", "(a)" and "[chez]" included: nobody brackets
// a preposition (and "chez" between spaces is everyday French, so only here).
const BRACKETED_AT_WORD = String.raw`${AT_WORD}|à|a|chez|@`;
const AT_MARKER = new RegExp(
  String.raw`\s*[([{<](?:${BRACKETED_AT_WORD})[)\]}>]\s*|\s+(?:${AT_WORD})\s+|\s?[-_](?:at|arroba)[-_]\s?|\s?[@＠]\s?`,
  'giu',
);
const OBF_PART = String.raw`[\p{L}\p{N}_%+-]{1,64}`;
const OBF_LOCAL = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])${OBF_PART}(?:${DOT}${OBF_PART}){0,4}$`, 'iu');
const obfDomain = (dot: string): RegExp =>
  new RegExp(String.raw`(${LABEL}(?:${dot}${LABEL}){0,4})${dot}(\p{L}{2,6})(?![\p{L}\p{N}])`, 'iuy');
const OBF_DOMAIN = obfDomain(DOT);
const JA_OBF_DOMAIN = obfDomain(JA_DOT);
const SPELLED_DOT = new RegExp(String.raw`[([{<\s_-](?:${DOT_WORD}|\.)[)\]}>\s_-]`, 'i');
const OBF_HINT = /(?:at|ät|arroba|arobase|chiocciola|apen?staart(?:je)?|chez|atto|[([{<][aà][)\]}>]|[@＠])/i;
const DOT_HINT = new RegExp(String.raw`${DOT_WORD}|\.|ten|piriodo`, 'iu');
const EMAIL_CONTEXT = /(?:e-?mail|mail|mailen|write|schreib(?:en)?|[ée]cri(?:s|vez)|escrib[ea]|escreva|scrivi|schrijf|correo|courriel|adresse|address|indirizzo|endere[cç]o|mailadres|m[eēē]{1,2}ru|meru|contact)\W{0,3}(?:\p{L}+\W{1,3}){0,4}$/iu;
const OBF_WINDOW = 80;
const WELL_KNOWN_PROVIDERS = new Set([
  'gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'aol',
  'gmx', 'web', 't-online', 'freenet', 'posteo', 'mailbox', 'proton', 'protonmail', 'pm',
  'orange', 'free', 'wanadoo', 'laposte', 'sfr', 'bbox', 'yandex', 'mail', 'libero', 'telefonica',
  'movistar', 'terra', 'btinternet', 'sky', 'virginmedia', 'zoho', 'fastmail', 'bluewin', 'hispeed',
  'virgilio', 'alice', 'tiscali', 'tim', 'fastwebnet', 'sapo', 'iol', 'clix', 'netcabo', 'uol', 'bol',
  'ziggo', 'kpnmail', 'kpnplanet', 'planet', 'hetnet', 'xs4all', 'chello', 'upcmail', 'telenet',
  'skynet', 'docomo', 'ezweb', 'softbank', 'nifty', 'ocn', 'biglobe',
]);
const KNOWN_TLDS = new Set([
  'com', 'net', 'org', 'de', 'fr', 'es', 'it', 'nl', 'be', 'at', 'ch', 'uk', 'co', 'io', 'eu',
  'pt', 'ie', 'se', 'dk', 'no', 'fi', 'pl', 'us', 'ca', 'info', 'biz', 'me', 'email', 'mx', 'ar', 'br',
  'jp', 'au', 'nz', 'lu', 'gr', 'cz', 'ru', 'tr', 'in',
  // Romanised Japanese readings of "com" and "net" ("dotto komu").
  'komu', 'netto',
]);

export function detectEmails(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const span = plainAt(text, at);
    if (span) spans.push(span);
  }
  if (OBF_HINT.test(text) && DOT_HINT.test(text)) spans.push(...detectObfuscated(text));
  return spans;
}

/** The address around one "@": the local part read leftwards (≤ 64 chars), the domain rightwards. */
function plainAt(text: string, at: number): EntitySpan | null {
  let start = at;
  while (start > 0 && at - start < MAX_LOCAL && LOCAL_CHAR.test(text[start - 1] ?? '')) start -= 1;
  // A local part neither starts nor ends with a dot, nor holds two in a row: keep what follows the last "..".
  const local = text.slice(start, at);
  const cut = local.lastIndexOf('..');
  if (cut >= 0) start += cut + 2;
  while (text[start] === '.') start += 1;
  if (start >= at || text[at - 1] === '.') return null;
  DOMAIN.lastIndex = 0;
  const domain = DOMAIN.exec(text.slice(at + 1, at + 1 + MAX_DOMAIN));
  if (!domain) return null;
  return { type: 'EMAIL', start, end: at + 1 + domain[0].length };
}

function detectObfuscated(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const marker of text.matchAll(AT_MARKER)) {
    const at = marker[0];
    const atStart = marker.index;
    const atEnd = atStart + at.length;
    const left = text.slice(Math.max(0, atStart - OBF_WINDOW), atStart);
    const local = OBF_LOCAL.exec(left)?.[0];
    if (local === undefined) continue;
    const domainPattern = JA_AT.test(at) ? JA_OBF_DOMAIN : OBF_DOMAIN;
    domainPattern.lastIndex = 0;
    const right = domainPattern.exec(text.slice(atEnd, atEnd + OBF_WINDOW * 2));
    if (!right) continue;
    const [domainText, domain = '', tld = ''] = right;
    if (!KNOWN_TLDS.has(tld.toLowerCase())) continue;
    // "anna@gmail.com" is the plain detector's; here a bare "@" needs a spelled-out dot after it,
    // or spaces around it ("anna @ gmail.com"), or the full-width form ("anna＠gmail.com").
    if (at === '@' && !SPELLED_DOT.test(domainText)) continue;
    const start = atStart - local.length;
    if (/^\s*(?:at|ät)\s*$/i.test(at) && !bareAtIsAnAddress(text.slice(0, start), local, domain)) continue;
    spans.push({ type: 'EMAIL', start, end: atEnd + domainText.length });
  }
  return spans;
}

function bareAtIsAnAddress(before: string, local: string, domain: string): boolean {
  const firstLabel = (domain.split(new RegExp(DOT, 'i'))[0] ?? '').toLowerCase();
  if (WELL_KNOWN_PROVIDERS.has(firstLabel)) return true;
  if (/[._\d]/.test(local) || SPELLED_DOT.test(local)) return true;
  return EMAIL_CONTEXT.test(before.slice(-40));
}
