import type { EntitySpan } from '../entity-types';

// In a hotel the room number is a quasi-identifier: with a date it names the guest.
// "Room service" is not a room: "service en chambre 2 cafés" orders two coffees.
const NOT_ROOM_SERVICE = String.raw`(?<!(?:service|servicio|servizio|servi[çc]o)\s+(?:en|in|de|a\s+la|ao|da|di|in\s+the)\s+)`;
const CONTEXT = new RegExp(
  String.raw`(?<![\p{L}])${NOT_ROOM_SERVICE}(?:rooms?|rm\.?|suites?|su[ií]tes?|suiito|ruumu|huisjes?|chalets?|chambres?|zimmer(?:nummer|nr\.?)?|zi\.?|habitaci[oó]n(?:es)?|cuartos?|bangal[ôo]s?|vivendas?|moradias?|casitas?|villettas?|kabinen?|b[iī]{1,2}ra|k[oō]t[eē]{1,2}ji|(?<!(?:ich|i)\s+)hab\.?|kmr\.?|villas?|viira|caba[nñ]as?|bungalows?|cabins?|cottages?|apartamento|appartement|appartamento|apt\.?|camer[ae]|stanz[ae]|quartos?|kamers?(?:nummer|nr\.?)?|heya|g[oō]{1,2}u?shitsu)` +
    // After a number word a copula may follow: "suite number is 22B", "Zimmernummer ist 305", "heya bangou wa 208".
    // "ein Zimmer neben 120", "a room next to 214": the number of the room beside it is a room too.
    String.raw`(?:\s+(?:next\s+to|near|beside|neben|naast|pr[èe]s\s+de\s+la|[àa]\s+c[ôo]t[ée]\s+de\s+la|junto\s+a\s+la|al\s+lado\s+de\s+la|accanto\s+alla|vicino\s+alla|ao\s+lado\s+d[oa]))?` +
    String.raw`(?:\s*(?:number|no\.?|nr\.?|n\.?[°º]\.?|n\.|#|num[ée]ro|n[úu]mero|nummer|bang[oō]{1,2}u?)(?:\s+(?:is|was|ist|est|es|era|è|é|wa))?)?\s*[:#]?\s*(?=[A-Za-z]?-?\d)`,
  'giu',
);

// "214", "1204B", "B12", "A-3"; not a time, price, quantity or the start of a date.
const NUMBER = String.raw`(?<![\p{L}\p{N}])(?:[A-Za-z]-?\d{1,4}|\d{1,5}(?:-?[A-Za-z])?)`;
const NOT_AFTER = String.raw`(?![\p{L}\p{N}]|[.,:/]\d|\s*(?:%|€|\$|£|(?:am|pm|h|uhr|hrs?|min|mins|minutes|people|persons?|personen|personnes|personas|guests?|adults?|kids|children|nights?|nächte|nuits|noches|pax|bedrooms?|beds?|x|eur|euros?|usd|chf|km|m|notti|noites|nachten|persone|pessoas|ospiti|h[óo]spedes|gasten|minuti|minutos|minuten|ore|uur|horas|dias|giorni|dagen|hak|haku|nin|mei|fun|ji)(?![\p{L}])))`;
const FIRST = new RegExp(`${NUMBER}${NOT_AFTER}`, 'iuy');
// "rooms 214 and 215", "Zimmer 12 und 14": every number of the list is its own entity. A bare comma
// only continues a list after a plural ("rooms 12, 14"); after "room 12, 4 of us" it is a new clause.
const NEXT_WORD = new RegExp(String.raw`\s*(?:&|and|und|et|y|or|oder|ou|o)\s+(${NUMBER})${NOT_AFTER}`, 'iuy');
const NEXT_WORD_OR_COMMA = new RegExp(String.raw`\s*(?:,|(?:,\s*)?(?:&|and|und|et|y|or|oder|ou|o)\s)\s*(${NUMBER})${NOT_AFTER}`, 'iuy');
const PLURAL_CONTEXT = /^(?:rooms|suites|huisjes|chalets|chambres|habitaciones|villas|caba[nñ]as|bungalows|cabins|cottages|zimmer|camere|stanze|quartos|kamers)\b/i;
// Japanese puts the word after the number: "512号室", "512-gōshitsu", "512 goshitsu".
const NUMBER_THEN_WORD = /(?<![\p{L}\p{N}])(\d{1,5})\s*(?:号室|-?\s*g[oō]{1,2}u?shitsu(?![\p{L}]))/giu;

// Cheap keyword test so most messages never run the context regex.
const HINT = /room|rm|suite|su[ií]te|suiito|ruumu|huisje|chalet|chambre|zimmer|zi|cuarto|bangal|villet|vivenda|moradia|casita|kabine|b[iī]{1,2}ra|k[oō]t[eē]|habitaci|hab|kmr|villa|viira|caba|bungalow|cabin|cottage|apart|apt|camer|stanz|quarto|kamer|heya|shitsu|号室/i;

/*
 * Chat leaves the room word out and keeps its article: "c juju de la 305", "me traen hielo a la
 * 402", "sono giuli della 122", "sou a naninha do 403", "lientje hier van 119", "mei desu 313".
 * The feminine article stands for chambre/habitación/camera, the masculine for quarto; only a
 * three-digit number counts (times and party sizes are shorter, years longer).
 */
const ELIDED_ROOM = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:de|[àa]|en|dans)\s+la|della|alla|nella|dalla|d[oa]|n[oa]|ao|hier\s+van|desu)\s+(\d{3}[A-Za-z]?)${NOT_AFTER}`,
  'dgiu',
);

export function detectRoomNumbers(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(ELIDED_ROOM)) {
    const [start, end] = m.indices?.[1] ?? [];
    if (start !== undefined && end !== undefined) spans.push({ type: 'ROOM_NUMBER', start, end });
  }
  if (!HINT.test(text)) return spans;
  for (const m of text.matchAll(CONTEXT)) {
    FIRST.lastIndex = m.index + m[0].length;
    const first = FIRST.exec(text);
    if (!first) continue;
    spans.push({ type: 'ROOM_NUMBER', start: first.index, end: first.index + first[0].length });
    const listNext = PLURAL_CONTEXT.test(m[0]) ? NEXT_WORD_OR_COMMA : NEXT_WORD;
    listNext.lastIndex = first.index + first[0].length;
    for (let next = listNext.exec(text); next; next = listNext.exec(text)) {
      const value = next[1] ?? '';
      const end = next.index + next[0].length;
      spans.push({ type: 'ROOM_NUMBER', start: end - value.length, end });
    }
  }
  for (const m of text.matchAll(NUMBER_THEN_WORD)) {
    spans.push({ type: 'ROOM_NUMBER', start: m.index, end: m.index + (m[1] ?? '').length });
  }
  return spans;
}
