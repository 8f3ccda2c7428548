// Writes positives.jsonl and hard-negatives.jsonl from the source and prints the README's counts:
//   npx tsx test/corpus/heldout-v3/generate.ts
// Deterministic; commit the .jsonl files with every change to the source.
import { writeFileSync } from 'node:fs';
import { LANGS } from './labels';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';
import { negativesJsonl, positivesJsonl } from './render';

writeFileSync(new URL('./positives.jsonl', import.meta.url), positivesJsonl());
writeFileSync(new URL('./hard-negatives.jsonl', import.meta.url), negativesJsonl());

const row = (list: { lang: string; chat: boolean }[], chatOnly: boolean): string =>
  LANGS.map((l) => list.filter((x) => x.lang === l && (!chatOnly || x.chat)).length).join(' | ');
console.log(`| positive texts | ${row(positiveUtterances, false)} | ${positiveUtterances.length} |`);
console.log(`| of which chat | ${row(positiveUtterances, true)} | ${positiveUtterances.filter((x) => x.chat).length} |`);
console.log(`| hard negatives | ${row(negativeUtterances, false)} | ${negativeUtterances.length} |`);
console.log(`| of which chat | ${row(negativeUtterances, true)} | ${negativeUtterances.filter((x) => x.chat).length} |`);
const spans = positiveUtterances.flatMap((line) => line.spans.map((s) => ({ ...s, lang: line.lang })));
for (const type of [...new Set(spans.map((s) => s.type))]) {
  const mine = spans.filter((s) => s.type === type);
  console.log(`| ${type} | ${LANGS.map((l) => mine.filter((s) => s.lang === l).length).join(' | ')} | ${mine.length} |`);
}
const kinds = new Map<string, number>();
for (const n of negativeUtterances) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
console.log([...kinds].map(([k, n]) => `${k} ${n}`).join(', '));
