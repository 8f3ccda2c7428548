// Checks the fifth blind corpus is well-formed and independent of the other corpora. Like the
// others, it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { ibanValid, LANGS, luhn, phoneRegions } from './corpus/blind-dev-5/labels';
import { negativesJsonl, positivesJsonl } from './corpus/blind-dev-5/render';
import { blindCorpusChecks, phoneRegionCheck } from './support/blind-corpus-suite';

const dir = fileURLToPath(new URL('./corpus/blind-dev-5', import.meta.url));

describe('the fifth blind corpus', () => {
  blindCorpusChecks({ dir, positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });

  phoneRegionCheck(dir, phoneRegions);
});
