import { describe, expect, it } from 'vitest';
import { evaluateCorpus, type EntitySpan, type RedactResult } from '../src/index';

/** A stand-in redactor that reports fixed spans for known texts. */
function fake(spans: Record<string, EntitySpan[]>): (text: string) => RedactResult {
  return (text) => {
    const entities = spans[text] ?? [];
    return { text: entities.length > 0 ? 'changed' : text, entities };
  };
}

describe('evaluateCorpus', () => {
  const text = 'mail anna@example.com or call 0171 2345678';
  const email = { type: 'EMAIL', value: 'anna@example.com' } as const;
  const phone = { type: 'PHONE', value: '0171 2345678' } as const;

  it('counts a covering span of the same type as a true positive', () => {
    const result = evaluateCorpus([{ text, entities: [email] }], [], fake({ [text]: [{ type: 'EMAIL', start: 4, end: 21 }] }));
    expect(result.perEntity.find((s) => s.type === 'EMAIL')).toMatchObject({ tp: 1, fp: 0, fn: 0, recall: 1, precision: 1 });
  });

  it('counts a span of the wrong type as a false positive and the label as missed', () => {
    const result = evaluateCorpus(
      [{ text, entities: [phone] }],
      [],
      fake({ [text]: [{ type: 'CREDIT_CARD', start: 30, end: 42 }] }),
    );
    expect(result.perEntity.find((s) => s.type === 'PHONE')).toMatchObject({ tp: 0, fn: 1, recall: 0 });
    expect(result.perEntity.find((s) => s.type === 'CREDIT_CARD')).toMatchObject({ fp: 1, precision: 0 });
  });

  it('counts a span that only partly covers the label as a miss and a false positive', () => {
    const result = evaluateCorpus([{ text, entities: [email] }], [], fake({ [text]: [{ type: 'EMAIL', start: 4, end: 10 }] }));
    expect(result.perEntity.find((s) => s.type === 'EMAIL')).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it('scores hard negatives by survival and counts their spans as false positives', () => {
    const result = evaluateCorpus(
      [],
      [{ text: 'table for 4' }, { text: 'room 12 at 10:30' }],
      fake({ 'room 12 at 10:30': [{ type: 'PHONE', start: 5, end: 16 }] }),
    );
    expect(result.hardNegatives).toEqual({ total: 2, survived: 1, survival: 0.5 });
    expect(result.perEntity.find((s) => s.type === 'PHONE')).toMatchObject({ fp: 1 });
    expect(result.survivalFailures).toEqual([{ text: 'room 12 at 10:30', redacted: 'changed' }]);
  });

  it('reports null rather than NaN for types with nothing to measure', () => {
    const result = evaluateCorpus([], [], fake({}));
    expect(result.overall.recall).toBeNull();
    expect(result.hardNegatives.survival).toBeNull();
  });

  it('rejects a label whose value is not in its text', () => {
    expect(() => evaluateCorpus([{ text: 'hello', entities: [email] }], [])).toThrow(/not found/);
  });
});
