// Checks the held-out corpus is well-formed and independent of the other corpora. Like the others,
// it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
// REDACT_HELDOUT_DIR points it at a candidate corpus (a new edition before it replaces this one);
// that folder must hold the same source layout (labels.ts and render.ts beside the .jsonl files).
// Between editions corpus/heldout/ is empty (the last one became a blind-dev corpus and the next is
// being written blind); the checks then show as skipped, never as passed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe } from 'vitest';
import { blindCorpusChecks, phoneRegionCheck } from './support/blind-corpus-suite';

const dir = process.env.REDACT_HELDOUT_DIR ?? fileURLToPath(new URL('./corpus/heldout', import.meta.url));
const source = (file: string) => pathToFileURL(join(dir, file)).href;
const present = existsSync(join(dir, 'render.ts'));
// A folder named on purpose must exist: only the default one may be absent between editions.
if (!present && process.env.REDACT_HELDOUT_DIR) throw new Error(`held-out corpus missing: ${dir}`);

// render.ts first: rendering builds the labels, which is what fills labels.ts's phone-region map.
// Any edition has the layout of the last one, so its types describe the modules.
type Render = typeof import('./corpus/blind-dev-6/render');
type Labels = typeof import('./corpus/blind-dev-6/labels');
const render = present ? ((await import(source('render.ts'))) as Render) : undefined;
const labels = present ? ((await import(source('labels.ts'))) as Labels) : undefined;

describe.runIf(render && labels)(`the held-out corpus in ${dir}`, () => {
  if (!render || !labels) return;
  const { negativesJsonl, positivesJsonl } = render;
  const { ibanValid, LANGS, luhn, phoneRegions } = labels;
  blindCorpusChecks({ dir, positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });

  phoneRegionCheck(dir, phoneRegions);
});
