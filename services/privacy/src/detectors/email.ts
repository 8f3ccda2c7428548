import type { EntitySpan } from '../entity-types';

// \x60 is the backtick, legal in a local part (RFC 5322 atext).
const LOCAL_CHAR = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]`;
const LOCAL = String.raw`${LOCAL_CHAR}+(?:\.${LOCAL_CHAR}+)*`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
// A TLD is letters only (or punycode): this is what stops "v1.2@3.4" or "10@5.30" matching.
const TLD = String.raw`(?:\p{L}{2,24}|xn--[a-z0-9-]{2,59})`;

const EMAIL = new RegExp(String.raw`${LOCAL}@(?:${LABEL}\.)+${TLD}(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])`, 'gu');

/*
 * Stretch goal: spelled-out addresses ("anna at gmail dot com", "anna [at] gmx [dot] de",
 * "ana arroba gmail punto com"). Bracketed markers are unambiguous; a bare "at" is ordinary
 * English, so it only counts when the domain is a well-known mailbox provider or the local
 * part looks machine-made (dots, digits, underscores).
 */
const BRACKET_AT = String.raw`\s*(?:\(at\)|\[at\]|\{at\}|<at>)\s*`;
const WORD_AT = String.raw`\s+(?:at|arroba|arobase)\s+`;
const DOT = String.raw`(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>|\(punkt\)|\(point\)|\(punto\))\s*|\s+(?:dot|punkt|point|punto)\s+|\.)`;
const OBF_LOCAL = String.raw`[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*`;
const OBF_LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const OBFUSCATED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])(${OBF_LOCAL})(${BRACKET_AT}|${WORD_AT}|@)(${OBF_LABEL}(?:${DOT}${OBF_LABEL})*?)${DOT}(\p{L}{2,6})(?![\p{L}\p{N}])`,
  'giu',
);
const OBF_MARKER = /\(at\)|\[at\]|\{at\}|<at>|\b(?:at|arroba|arobase|dot|punkt|point|punto)\b/i;
// "at" is common English, so the expensive regex runs only when an at-marker is followed by
// something dot-like: a dot word, or a "." directly followed by letters (".com").
const OBF_HINT = /(?:\bat\b|\(at\)|\[at\]|\{at\}|<at>|\barroba\b|\barobase\b|@).{0,80}?(?:\b(?:dot|punkt|point|punto)\b|\.[a-z]{2})/is;
const WELL_KNOWN_PROVIDERS = new Set([
  'gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'aol',
  'gmx', 'web', 't-online', 'freenet', 'posteo', 'mailbox', 'proton', 'protonmail', 'pm',
  'orange', 'free', 'wanadoo', 'laposte', 'sfr', 'bbox', 'yandex', 'mail', 'libero', 'telefonica',
  'movistar', 'terra', 'btinternet', 'sky', 'virginmedia', 'zoho', 'fastmail', 'bluewin', 'hispeed',
]);
const KNOWN_TLDS = new Set([
  'com', 'net', 'org', 'de', 'fr', 'es', 'it', 'nl', 'be', 'at', 'ch', 'uk', 'co', 'io', 'eu',
  'pt', 'ie', 'se', 'dk', 'no', 'fi', 'pl', 'us', 'ca', 'info', 'biz', 'me', 'email', 'mx', 'ar', 'br',
]);

export function detectEmails(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) {
      spans.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
    }
  }
  if (OBF_HINT.test(text)) spans.push(...detectObfuscated(text));
  return spans;
}

function detectObfuscated(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(OBFUSCATED)) {
    const [whole, local = '', at = '', domain = '', tld = ''] = m;
    if (!OBF_MARKER.test(at + domain + whole.slice(local.length + at.length + domain.length))) continue;
    if (!KNOWN_TLDS.has(tld.toLowerCase())) continue;
    const bareWordAt = !at.includes('@') && !/[([{<]/.test(at);
    if (bareWordAt) {
      const firstLabel = (domain.split(/\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)\s*|\s+(?:dot|punkt|point|punto)\s+|\./i)[0] ?? '').toLowerCase();
      const machineLike = /[._\d]/.test(local);
      if (!WELL_KNOWN_PROVIDERS.has(firstLabel) && !machineLike) continue;
    }
    spans.push({ type: 'EMAIL', start: m.index, end: m.index + whole.length });
  }
  return spans;
}
