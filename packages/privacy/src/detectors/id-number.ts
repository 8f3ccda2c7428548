import type { EntitySpan } from '../entity-types';

/*
 * Identity documents are only recognised after a context word: a bare 9-digit number is as likely
 * an order or a booking reference, and redacting those would gut the analytics. "ID" is skipped
 * when it qualifies something that is not a person (booking ID, order ID, Wi-Fi ID…).
 */
const NON_PERSONAL_ID = String.raw`(?<!(?:booking|order|reservation|transaction|session|customer|member|membership|loyalty|user|table|request|ticket|confirmation|apple|wifi|wi-fi|device|event|payment|client|invoice|buchungs|bestell|reserva|commande|r[ée]servation|pedido|app|login|account|tracking|reference|ref)[\s-]?)`;
const CONTEXT = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    [
      String.raw`passports?`,
      // Not a bare "pass": a day pass or a boarding pass is not an identity document.
      String.raw`reisepass(?:nummer)?`,
      String.raw`pass(?:nummer|-?nr\.?)`,
      String.raw`(?:personal)?ausweis(?:nummer)?`,
      String.raw`passeport`,
      String.raw`carte\s+d['’]identit[ée]`,
      String.raw`pi[èe]ce\s+d['’]identit[ée]`,
      String.raw`CNI`,
      String.raw`pasaporte`,
      String.raw`DNI`,
      String.raw`NIE`,
      String.raw`documento\s+(?:de\s+identidad|nacional)`,
      String.raw`c[ée]dula`,
      String.raw`${NON_PERSONAL_ID}ID(?:\s+(?:card|document))?`,
      String.raw`identity\s+(?:card|document|number)`,
      String.raw`national\s+(?:id|identity)(?:\s+card)?`,
      String.raw`driver['’]?s\s+licen[cs]e`,
      String.raw`driving\s+licen[cs]e`,
      // "my licence number, it's …": a licence with a number word is a driving licence.
      String.raw`licen[cs]e(?=[\s-]*(?:number|no\.?|nr\.?|#)(?![\p{L}]))`,
      String.raw`f[üu]hrerschein(?:nummer)?`,
      String.raw`permis\s+de\s+conduire`,
      String.raw`carn[eé]t?\s+de\s+conducir`,
      String.raw`social\s+security`,
      String.raw`SSN`,
      String.raw`passaport[oe]`,
      String.raw`paspoort(?:nummer)?`,
      String.raw`pasup[oō]{1,2}u?to`,
      // Romanised Japanese "ryoken" (passport), usually with "bangou" (number).
      String.raw`ryoken(?:\s+bang[oō]u?)?`,
      String.raw`carta\s+d['’]identit[àa]`,
      String.raw`documento\s+d['’]identit[àa]`,
      String.raw`codice\s+fiscale`,
      String.raw`patente(?:\s+di\s+guida)?`,
      String.raw`cart[ãa]o\s+de\s+cidad[ãa]o`,
      String.raw`bilhete\s+de\s+identidade`,
      String.raw`carta\s+de\s+condu[çc][ãa]o`,
      String.raw`identiteitskaart`,
      String.raw`ID-kaart`,
      String.raw`rijbewijs(?:nummer)?`,
      String.raw`BSN`,
      // "menkyoshou", "untenmenkyoshou" (driving licence).
      String.raw`(?:unten)?menkyosh[oō]{1,2}u?`,
      // Brazil's taxpayer and identity numbers, asked for at check-in.
      String.raw`CPF`,
      // Tax and identity numbers asked for at check-in: Portuguese and Spanish NIF, Brazilian RG,
      // Mexican CURP, Chilean RUT, British NIN, "tax ID", German Steuer-ID.
      String.raw`NIF`, String.raw`RG`, String.raw`CURP`, String.raw`RUT`, String.raw`NINO?`,
      String.raw`tax\s+(?:id|number)`, String.raw`steuer-?(?:id|nummer)`, String.raw`num[ée]ro\s+fiscal`, String.raw`codice\s+identificativo`,
      String.raw`mai\s*nanb[aā]{1,2}`,
    ].join('|') +
    String.raw`)(?:[\s-]*(?:number|no\.?|nr\.?|n\.?[°º]\.?|n\.|#|nummer|n[úu]mero|num[ée]ro|numero|bang[oō]{1,2}u?))?(?![\p{L}])`,
  'giu',
);

/*
 * Tokens: "AB 1234567"; the Portuguese citizen card with its check code run together "14872309
 * 7ZX3"; digit groups "4829 1736 5520"; the Portuguese citizen card's digits,
 * check digit and letter-digit suffix "14628390 4 ZX1" (any digits-then-code shape); one
 * alphanumeric word with two digits.
 * Between the context and the number: a few words ("is", "de mi marido es", ":") but no digits,
 * no brackets and no sentence end. Stopping at the first digit means we only ever take the first
 * number after the context word; that keeps a second pass over our own output from reaching past
 * a placeholder to the next number.
 */
const FILLER_AND_TOKEN = new RegExp(
  String.raw`[^\d\n\[\]!?;.]{0,40}?(?<![\p{L}\p{N}])(\d{8} \d[A-Z]{2}\d|\d{5,9}(?: [A-Z0-9]{1,3})? [A-Z]{1,3}\d{1,2}|\d{3}\.\d{3}\.\d{3}-\d{2}|[A-Z]{1,3} \d{5,9}|\d{2,6}(?: \d{2,6}){1,3}|(?=[A-Za-z-]*\d[A-Za-z-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+){0,3})(?![\p{L}\p{N}]|[-/.,]\d)`,
  'uy',
);

// Cheap keyword test so most messages never run the big context regex.
const HINT = /pass|pasaport|paspoort|pasup|ryoken|ausweis|identi|cni|dni|nie|id|c[ée]dula|licen[cs]e|f[üu]hrerschein|permis|conducir|security|ssn|documento|fiscale|patente|cidad|condu|rijbewijs|bsn|menkyo|nanb|cpf|nif|rg|curp|rut|nin|tax|steuer|fiscal/i;

export function detectIdNumbers(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  if (!HINT.test(text)) return spans;
  for (const m of text.matchAll(CONTEXT)) {
    // German "nie" (never) would otherwise read as the Spanish foreigner number NIE.
    if (/^nie$/i.test(m[0].trim()) && !m[0].includes('NIE')) continue;
    FILLER_AND_TOKEN.lastIndex = m.index + m[0].length;
    const t = FILLER_AND_TOKEN.exec(text);
    const token = t?.[1];
    if (!t || token === undefined) continue;
    if (!isDocumentNumberShape(token)) continue;
    const end = t.index + t[0].length;
    spans.push({ type: 'ID_NUMBER', start: end - token.length, end });
  }
  return spans;
}

function isDocumentNumberShape(token: string): boolean {
  const core = token.replace(/[\s-]/g, '');
  // 16 for the Italian codice fiscale, the longest in the guests' countries.
  if (core.length < 6 || core.length > 16) return false;
  // At least two digits: document numbers always have them; words like "number" or "PERSON" don't.
  return (core.match(/\d/g)?.length ?? 0) >= 2;
}
