// Checks the held-out corpus is well-formed and independent of the other corpora. Like the others,
// it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
// REDACT_HELDOUT_DIR points it at a candidate corpus (a new edition before it replaces this one);
// that folder must hold the same source layout (labels.ts and render.ts beside the .jsonl files).
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'vitest';
import { blindCorpusChecks, phoneRegionCheck } from './support/blind-corpus-suite';

const dir = process.env.REDACT_HELDOUT_DIR ?? fileURLToPath(new URL('./corpus/heldout', import.meta.url));
const source = (file: string) => pathToFileURL(join(dir, file)).href;

// render.ts first: rendering builds the labels, which is what fills labels.ts's phone-region map.
const { negativesJsonl, positivesJsonl } = (await import(source('render.ts'))) as typeof import('./corpus/heldout/render');
const { ibanValid, LANGS, luhn, phoneRegions } = (await import(source('labels.ts'))) as typeof import('./corpus/heldout/labels');

describe(`the held-out corpus in ${dir}`, () => {
  blindCorpusChecks({ dir, positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });

  phoneRegionCheck(dir, phoneRegions);
});
