import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { detectCreditCards } from '../src/detectors/credit-card';
import { detectDatesOfBirth } from '../src/detectors/date-of-birth';
import { detectEmails } from '../src/detectors/email';
import { detectIbans } from '../src/detectors/iban';
import { detectIdNumbers } from '../src/detectors/id-number';
import { detectIpAddresses } from '../src/detectors/ip-address';
import { detectPersons } from '../src/detectors/person';
import { detectPhones } from '../src/detectors/phone';
import { detectRoomNumbers } from '../src/detectors/room-number';
import { redact } from '../src/index';
import { adversarialInputs } from './support/adversarial';

/*
 * Hostile input must not stall the event loop. `redact` caps its input, so the detectors are
 * also run here on the full 64 KB, uncapped: each must be linear on its own. The bound is
 * deliberately generous (a shared, loaded CI machine); the real figures, as ratios against
 * ordinary text, come from `make bench-redaction`.
 */
const GENEROUS_MS = 5_000;

const detectors: Array<[string, (text: string) => unknown]> = [
  ['email', detectEmails],
  ['person', detectPersons],
  ['card', detectCreditCards],
  ['iban', detectIbans],
  ['ip', detectIpAddresses],
  ['dob', detectDatesOfBirth],
  ['id', detectIdNumbers],
  ['room', detectRoomNumbers],
  ['phone', (text) => detectPhones(text)],
];

function elapsedMs(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

describe('worst-case inputs (64 KB each)', () => {
  for (const input of adversarialInputs()) {
    it(`${input.name}: redact finishes and is idempotent`, () => {
      let out = '';
      expect(elapsedMs(() => (out = redact(input.text).text))).toBeLessThan(GENEROUS_MS);
      expect(redact(out).text).toBe(out);
    });

    it(`${input.name}: every detector finishes on the uncapped text`, () => {
      for (const [name, detect] of detectors) {
        expect(elapsedMs(() => detect(input.text)), name).toBeLessThan(GENEROUS_MS);
      }
    });
  }
});
