// Checks the held-out corpus is well-formed and independent of the other corpora. Like the others,
// it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
// REDACT_HELDOUT_DIR points it at a candidate corpus (a new edition before it replaces this one);
// that folder must hold the same source layout (labels.ts and render.ts beside the .jsonl files).
// The repository always ships a held-out corpus: a missing folder fails here, never skips.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'vitest';
import { blindCorpusChecks, phoneRegionCheck } from './support/blind-corpus-suite';

const dir = process.env.REDACT_HELDOUT_DIR ?? fileURLToPath(new URL('./corpus/heldout', import.meta.url));
const source = (file: string) => pathToFileURL(join(dir, file)).href;
if (!existsSync(join(dir, 'render.ts'))) throw new Error(`held-out corpus missing: ${dir}`);

// render.ts first: rendering builds the labels, which is what fills labels.ts's phone-region map.
// Any edition has the layout of the last one, so its types describe the modules.
type Render = typeof import('./corpus/blind-dev-6/render');
type Labels = typeof import('./corpus/blind-dev-6/labels');
const render = (await import(source('render.ts'))) as Render;
const labels = (await import(source('labels.ts'))) as Labels;

describe(`the held-out corpus in ${dir}`, () => {
  const { negativesJsonl, positivesJsonl } = render;
  const { ibanValid, LANGS, luhn, phoneRegions } = labels;
  blindCorpusChecks({ dir, positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });

  phoneRegionCheck(dir, phoneRegions);
});
