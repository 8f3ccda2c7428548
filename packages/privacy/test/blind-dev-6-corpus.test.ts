// Checks the sixth blind corpus is well-formed and independent of the other corpora. Like the
// others, it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { ibanValid, LANGS, luhn, phoneRegions } from './corpus/blind-dev-6/labels';
import { negativesJsonl, positivesJsonl } from './corpus/blind-dev-6/render';
import { blindCorpusChecks, phoneRegionCheck } from './support/blind-corpus-suite';

const dir = fileURLToPath(new URL('./corpus/blind-dev-6', import.meta.url));

describe('the sixth blind corpus', () => {
  blindCorpusChecks({ dir, positivesJsonl, negativesJsonl, luhn, ibanValid, langs: LANGS });

  phoneRegionCheck(dir, phoneRegions);
});
