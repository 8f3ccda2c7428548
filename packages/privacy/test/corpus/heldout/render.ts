// Renders the seventh corpus's source as JSON lines in the main corpus layout. Pure, so the test can compare the
// committed files with what the source produces.
import { renderNegatives, renderPositives } from '../../support/corpus-source';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';

export const positivesJsonl = (): string => renderPositives(positiveUtterances);
export const negativesJsonl = (): string => renderNegatives(negativeUtterances);
