export { truncateIp, hashIp, normalizeIp, anonymizeIp, type TruncatedIp } from './ip';
export { redact, cannotContainPii, redactionCounts, MAX_REDACT_INPUT_CHARS, type RedactOptions, type RedactResult } from './redact';
export { ENTITY_TYPES, placeholder, type EntityType, type EntitySpan } from './entity-types';
export { DEFAULT_PHONE_REGIONS, type CountryCode } from './detectors/phone';
export { isLuhnValid, isIbanValid } from './checksums';
export {
  evaluateCorpus,
  formatEvaluation,
  type LabelledExample,
  type HardNegative,
  type CorpusEvaluation,
  type EntityScore,
} from './evaluate';
export {
  prepareEvent,
  type PreparedRow,
  type PrivacyOptions,
  type PrepareStats,
} from './event-privacy';
