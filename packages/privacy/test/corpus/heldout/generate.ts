// Writes positives.jsonl and hard-negatives.jsonl from the source and prints the README's counts.
// From packages/privacy: npx tsx test/corpus/<this folder>/generate.ts
// Deterministic; commit the .jsonl files with every change to the source.
import { writeCorpus } from '../../support/corpus-source';
import { LANGS } from './labels';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';

writeCorpus(new URL('./', import.meta.url), LANGS, positiveUtterances, negativeUtterances);
