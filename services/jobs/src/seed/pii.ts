import type { Random } from './prng';
import type { TextLanguage } from './catalogue';

/*
 * Personal data that guests really do type into a concierge chat, so the seed exercises
 * redaction end to end. Every value is fictional (example.* domains, test card numbers, drama
 * phone ranges) and distinctive: finding one of them in a raw table means redaction failed.
 */

const NAMES = ['Oliver Hartley', 'Annika Vollmer', 'Margaux Lefèvre', 'Lucía Navarro', 'Tobias Brenner', 'Jean-Luc Fabre', 'Henrike Sandberg', 'Mateo Iglesias'];
const EMAILS = ['oliver.hartley@example.co.uk', 'annika.vollmer@example.de', 'margaux.lefevre@example.fr', 'lucia.navarro@example.es', 'tobias.brenner@example.com', 'jl.fabre@example.org'];
const PHONES = ['+44 20 7946 0958', '+49 30 12345678', '+33 1 42 68 53 00', '+34 912 345 678', '+1 415 555 0132'];
const CARDS = ['4111 1111 1111 1111', '5555 5555 5555 4444', '4012 8888 8888 1881', '3782 822463 10005'];
const ROOMS = ['214', '312', '118', '207', '1412', '509'];

const ROOM_WORD: Record<TextLanguage, string> = { en: 'room', de: 'Zimmer', fr: 'chambre', es: 'habitación' };

type Template = (v: { name: string; email: string; phone: string; card: string; room: string }) => string;

// Only phrasings the redactor is specified to catch (names need an introduction such as
// "my name is"); a name dropped mid-sentence is a known gap of the detector, not a seed case.
const TEMPLATES: Record<TextLanguage, readonly Template[]> = {
  en: [
    (v) => `My name is ${v.name}, ${ROOM_WORD.en} ${v.room}.`,
    (v) => `You can reach me at ${v.email} or ${v.phone}.`,
    (v) => `Please charge it to my card ${v.card}.`,
    (v) => `Reservation under ${v.name}, call me on ${v.phone}.`,
  ],
  de: [
    (v) => `Mein Name ist ${v.name}, ${ROOM_WORD.de} ${v.room}.`,
    (v) => `Meine E-Mail ist ${v.email}, Telefon ${v.phone}.`,
    (v) => `Bitte mit Karte ${v.card} bezahlen.`,
  ],
  fr: [
    (v) => `Je m'appelle ${v.name}, ${ROOM_WORD.fr} ${v.room}.`,
    (v) => `Mon e-mail : ${v.email}, téléphone ${v.phone}.`,
    (v) => `Payer avec la carte ${v.card} svp.`,
  ],
  es: [
    (v) => `Me llamo ${v.name}, ${ROOM_WORD.es} ${v.room}.`,
    (v) => `Mi correo es ${v.email} y mi teléfono ${v.phone}.`,
    (v) => `Pagar con tarjeta ${v.card}.`,
  ],
};

/** A sentence carrying personal data, in the guest's language. */
export function piiSentence(r: Random, lang: TextLanguage): string {
  const template = r.pick(TEMPLATES[lang]);
  return template({ name: r.pick(NAMES), email: r.pick(EMAILS), phone: r.pick(PHONES), card: r.pick(CARDS), room: r.pick(ROOMS) });
}

/** A query string carrying an email address, as contact forms leave in URLs. */
export function piiQueryString(r: Random): string {
  return `?email=${encodeURIComponent(r.pick(EMAILS))}&ref=chat`;
}

/**
 * Strings that must never be found in storage. Room numbers count only with their word
 * ("Zimmer 312"): "312" alone turns up in durations and counts.
 */
export const PII_CANARIES: readonly string[] = [
  ...NAMES,
  ...EMAILS,
  ...EMAILS.map(encodeURIComponent),
  ...PHONES,
  ...CARDS,
  ...CARDS.map((c) => c.replace(/ /g, '')),
  ...Object.values(ROOM_WORD).flatMap((w) => ROOMS.map((n) => `${w} ${n}`)),
];
