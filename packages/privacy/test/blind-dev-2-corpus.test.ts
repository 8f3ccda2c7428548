// Checks the second held-out corpus is well-formed and independent of the other corpora. Like the
// first, it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { ibanValid, LANGS, luhn } from './corpus/blind-dev-2/labels';
import { negativesJsonl, positivesJsonl } from './corpus/blind-dev-2/render';
import { blindCorpusChecks } from './support/blind-corpus-suite';

describe('the second held-out corpus', () => {
  blindCorpusChecks({ dir: fileURLToPath(new URL('./corpus/blind-dev-2', import.meta.url)), positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });
});
