// Writes the held-out corpus from its source (positive-utterances.ts, negative-utterances.ts) and
// prints the counts the README quotes:
//   npx tsx test/corpus/blind-dev/generate.ts
// Output is deterministic; commit the .jsonl files together with any change to the source.
import { writeFileSync } from 'node:fs';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';
import { renderNegatives, renderPositives } from './render';

const dir = new URL('./', import.meta.url);
writeFileSync(new URL('positives.jsonl', dir), renderPositives());
writeFileSync(new URL('hard-negatives.jsonl', dir), renderNegatives());

const byLang = (list: { lang: string; chat?: boolean }[]): Record<string, string> =>
  Object.fromEntries(
    [...new Set(list.map((u) => u.lang))].map((lang) => {
      const mine = list.filter((u) => u.lang === lang);
      return [lang, `${mine.length} (${mine.filter((u) => u.chat).length} chat)`];
    }),
  );
const entities: Record<string, Record<string, number>> = {};
for (const u of positiveUtterances) {
  for (const l of u.labels) {
    const row = (entities[l.type] ??= {});
    row[u.lang] = (row[u.lang] ?? 0) + 1;
  }
}
const kinds: Record<string, number> = {};
for (const n of negativeUtterances) kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;

console.log(`positives: ${positiveUtterances.length}`, byLang(positiveUtterances));
console.log(`hard negatives: ${negativeUtterances.length}`, byLang(negativeUtterances));
console.table(entities);
console.log(kinds);
