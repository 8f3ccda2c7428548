// Prints the deterministic card and IBAN values used in positives.jsonl:
//   npx tsx test/corpus/print-checksum-values.ts
// The corpus itself is plain data; this script only documents where its checksum values came from.
import { CARD_BRANDS, group, makeCard, makeIban } from '../support/checksum-values';

let seed = 20260312;
function random(n: number): number {
  // mulberry32: small, seedable, good enough for test data.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
}

const separators = [' ', '-', ''];
for (const brand of CARD_BRANDS) {
  for (const length of brand.lengths) {
    for (const prefix of brand.prefixes.slice(0, 2)) {
      const card = makeCard(prefix, length, () => random(10));
      const sep = separators[random(separators.length)] ?? ' ';
      console.log(`card ${brand.name} ${length} ${group(card, brand.grouping, sep)}`);
    }
  }
}
for (const country of ['DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'AT', 'CH', 'GB', 'PT', 'IE', 'LU', 'PL', 'SE', 'DK', 'NO', 'FI', 'MT', 'GR', 'HR', 'MC']) {
  for (let i = 0; i < 2; i++) {
    const iban = makeIban(country, random);
    console.log(`iban ${country} ${iban} ${group(iban, undefined, ' ')}`);
  }
}
