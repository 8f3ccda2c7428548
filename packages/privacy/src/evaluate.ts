import { ENTITY_TYPES, type EntityType } from './entity-types';
import { redact, type RedactResult } from './redact';

/** A corpus line: the text and every PII value in it, labelled by value (not offset) so it stays easy to edit. */
export interface LabelledExample {
  text: string;
  entities: Array<{ type: EntityType; value: string }>;
  lang?: string;
}

/** Text that contains no PII and must come out of `redact` unchanged. */
export interface HardNegative {
  text: string;
  lang?: string;
  kind?: string;
}

export interface EntityScore {
  type: EntityType;
  /** Labelled values covered by a detected span of the same type. */
  tp: number;
  /** Detected spans that cover no labelled value of their type (hard negatives included). */
  fp: number;
  /** Labelled values no span of the same type covers. */
  fn: number;
  recall: number | null;
  precision: number | null;
}

export interface CorpusEvaluation {
  perEntity: EntityScore[];
  overall: Omit<EntityScore, 'type'>;
  hardNegatives: { total: number; survived: number; survival: number | null };
  misses: Array<{ text: string; type: EntityType; value: string }>;
  falsePositives: Array<{ text: string; type: EntityType; value: string }>;
  survivalFailures: Array<{ text: string; redacted: string }>;
}

interface Tally {
  labelsFound: number;
  labelsMissed: number;
  spansMatched: number;
  spansUnmatched: number;
}

/**
 * Per-entity recall and precision of `redactFn` over a labelled corpus, plus hard-negative
 * survival. A span is a true positive when it covers a whole labelled value of the same type;
 * a span of the wrong type counts as a false positive for its type and leaves the label missed.
 */
export function evaluateCorpus(
  positives: readonly LabelledExample[],
  negatives: readonly HardNegative[],
  redactFn: (text: string) => RedactResult = (text) => redact(text),
): CorpusEvaluation {
  const tallies = new Map<EntityType, Tally>(
    ENTITY_TYPES.map((t) => [t, { labelsFound: 0, labelsMissed: 0, spansMatched: 0, spansUnmatched: 0 }]),
  );
  const tally = (t: EntityType): Tally => tallies.get(t) as Tally;
  const misses: CorpusEvaluation['misses'] = [];
  const falsePositives: CorpusEvaluation['falsePositives'] = [];

  for (const example of positives) {
    const { entities: spans } = redactFn(example.text);
    const labels = example.entities.map((label) => ({ ...label, occurrences: occurrencesOf(example.text, label.value) }));
    for (const label of labels) {
      const found = spans.some(
        (s) => s.type === label.type && label.occurrences.some((o) => s.start <= o && s.end >= o + label.value.length),
      );
      if (found) tally(label.type).labelsFound += 1;
      else {
        tally(label.type).labelsMissed += 1;
        misses.push({ text: example.text, type: label.type, value: label.value });
      }
    }
    for (const s of spans) {
      const matches = labels.some(
        (l) => l.type === s.type && l.occurrences.some((o) => s.start <= o && s.end >= o + l.value.length),
      );
      if (matches) tally(s.type).spansMatched += 1;
      else {
        tally(s.type).spansUnmatched += 1;
        falsePositives.push({ text: example.text, type: s.type, value: example.text.slice(s.start, s.end) });
      }
    }
  }

  let survived = 0;
  const survivalFailures: CorpusEvaluation['survivalFailures'] = [];
  for (const negative of negatives) {
    const result = redactFn(negative.text);
    if (result.entities.length === 0 && result.text === negative.text) {
      survived += 1;
      continue;
    }
    survivalFailures.push({ text: negative.text, redacted: result.text });
    for (const s of result.entities) {
      tally(s.type).spansUnmatched += 1;
      falsePositives.push({ text: negative.text, type: s.type, value: negative.text.slice(s.start, s.end) });
    }
  }

  const perEntity = ENTITY_TYPES.map((type) => score(type, tally(type)));
  const total = [...tallies.values()].reduce(
    (sum, t) => ({
      labelsFound: sum.labelsFound + t.labelsFound,
      labelsMissed: sum.labelsMissed + t.labelsMissed,
      spansMatched: sum.spansMatched + t.spansMatched,
      spansUnmatched: sum.spansUnmatched + t.spansUnmatched,
    }),
    { labelsFound: 0, labelsMissed: 0, spansMatched: 0, spansUnmatched: 0 },
  );
  const { type: _overallType, ...overall } = score('EMAIL', total);
  return {
    perEntity,
    overall,
    hardNegatives: { total: negatives.length, survived, survival: ratio(survived, negatives.length) },
    misses,
    falsePositives,
    survivalFailures,
  };
}

function score(type: EntityType, t: Tally): EntityScore {
  return {
    type,
    tp: t.labelsFound,
    fp: t.spansUnmatched,
    fn: t.labelsMissed,
    recall: ratio(t.labelsFound, t.labelsFound + t.labelsMissed),
    // Precision counts spans, recall counts labels: one span covering two labels is one right answer.
    precision: ratio(t.spansMatched, t.spansMatched + t.spansUnmatched),
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function occurrencesOf(text: string, value: string): number[] {
  if (value === '') throw new Error('corpus label with an empty value');
  const found: number[] = [];
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) found.push(i);
  if (found.length === 0) throw new Error(`corpus label value not found in its text: ${JSON.stringify(value)}`);
  return found;
}

/** A fixed-width table for a console or a CI log. */
export function formatEvaluation(evaluation: CorpusEvaluation): string {
  const fmt = (x: number | null): string => (x === null ? '   -' : x.toFixed(2));
  const row = (name: string, s: Omit<EntityScore, 'type'>): string =>
    `${name.padEnd(14)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${fmt(s.recall)}      ${fmt(s.precision)}`;
  const lines = [
    `${'entity'.padEnd(14)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}   recall  precision`,
    ...evaluation.perEntity.map((s) => row(s.type, s)),
    row('ALL', evaluation.overall),
    '',
    `hard negatives survived: ${evaluation.hardNegatives.survived}/${evaluation.hardNegatives.total} (${fmt(evaluation.hardNegatives.survival)})`,
  ];
  return lines.join('\n');
}
