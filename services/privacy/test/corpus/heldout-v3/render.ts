// Renders the third held-out corpus as JSON lines in the main corpus layout. The line format and the
// span check are the second corpus's, applied to this corpus's source.
import { checkSpans } from '../heldout/render';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';

const json = (s: string): string => JSON.stringify(s);

export function positivesJsonl(): string {
  return positiveUtterances
    .map((line) => {
      checkSpans(line);
      const entities = line.spans.map((s) => `{"type": ${json(s.type)}, "value": ${json(s.value)}}`).join(', ');
      return `{"text": ${json(line.text)}, "entities": [${entities}], "lang": ${json(line.lang)}}\n`;
    })
    .join('');
}

export function negativesJsonl(): string {
  return negativeUtterances.map((n) => `{"text": ${json(n.text)}, "lang": ${json(n.lang)}, "kind": ${json(n.kind)}}\n`).join('');
}
