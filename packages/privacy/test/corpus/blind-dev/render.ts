// Renders the held-out corpus source as JSON lines, in the main corpus files' layout (Python's
// json.dumps: ", " and ": " separators, raw UTF-8). Pure, so a test can check the committed files.
import { locateLabels } from '../../support/corpus';
import { negativeUtterances } from './negative-utterances';
import { positiveUtterances } from './positive-utterances';

const str = (s: string): string => JSON.stringify(s);

export function renderPositives(): string {
  const lines = positiveUtterances.map((u) => {
    // The template tags placed every label; the located offsets must agree, or a value is ambiguous.
    const located = locateLabels({ text: u.text, entities: u.labels });
    located.forEach((label, i) => {
      const placed = u.labels[i];
      if (!placed || placed.start !== label.start || u.text.slice(placed.start, placed.end) !== label.value) {
        throw new Error(`label ${i} of ${str(u.text)} is not where the template put it`);
      }
    });
    const entities = u.labels.map((l) => `{"type": ${str(l.type)}, "value": ${str(l.value)}}`).join(', ');
    return `{"text": ${str(u.text)}, "entities": [${entities}], "lang": ${str(u.lang)}}`;
  });
  return `${lines.join('\n')}\n`;
}

export function renderNegatives(): string {
  const lines = negativeUtterances.map((n) => `{"text": ${str(n.text)}, "lang": ${str(n.lang)}, "kind": ${str(n.kind)}}`);
  return `${lines.join('\n')}\n`;
}
