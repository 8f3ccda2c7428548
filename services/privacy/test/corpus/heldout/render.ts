// Renders the source as JSON lines in the main corpus layout (", " and ": " separators, raw UTF-8).
// Pure, so the test can compare the committed files with what the source produces.
import { locateLabels } from '../../support/corpus';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';

const json = (s: string): string => JSON.stringify(s);

/** Throws unless every span the template recorded is the unambiguous, whole-token text at its offsets. */
export function checkSpans(line: { text: string; spans: { type: string; value: string; start: number; end: number }[] }): void {
  const located = locateLabels({ text: line.text, entities: line.spans as Parameters<typeof locateLabels>[0]['entities'] });
  for (const [i, span] of line.spans.entries()) {
    const found = located[i];
    if (line.text.slice(span.start, span.end) !== span.value || found?.start !== span.start || found.end !== span.end) {
      throw new Error(`span ${i} (${span.type} ${json(span.value)}) of ${json(line.text)} is not at its recorded offsets`);
    }
  }
}

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
  return negativeUtterances
    .map((n) => `{"text": ${json(n.text)}, "lang": ${json(n.lang)}, "kind": ${json(n.kind)}}\n`)
    .join('');
}
