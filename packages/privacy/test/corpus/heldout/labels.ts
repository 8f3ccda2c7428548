// Building blocks for the seventh held-out corpus. The tagged templates, the plain label helpers and the
// two checksum definitions are the second corpus's (they hold no corpus data). The phone, card, IBAN and
// identity-number makers are shared with the other later corpora; this corpus's own are its digit seed,
// issuer prefixes and banks.
import { ibanValid, luhn } from '../blind-dev-2/labels';
import { nationalValues } from '../../support/national-values';

export { DOB, IP, LANGS, type Lang, type Line, MAIL, NAME, ROOM, t, w } from '../blind-dev-2/labels';
export type { CardKind, CardSep, IbanForm } from '../../support/national-values';
export { ibanValid, luhn };

export const { phoneRegions, TEL, CARD, IBAN, idValue, ID } = nationalValues(
  'coral-heldout-7',
  {
    visa: ['47', [4, 4, 4, 4]],
    'visa-19': ['45', [4, 4, 4, 4, 3]],
    mastercard: ['55', [4, 4, 4, 4]],
    'mastercard-2': ['2367', [4, 4, 4, 4]],
    amex: ['37', [4, 6, 5]],
    discover: ['6011', [4, 4, 4, 4]],
    jcb: ['3589', [4, 4, 4, 4]],
    diners: ['36', [4, 6, 4]],
    unionpay: ['628', [4, 4, 4, 4]],
    maestro: ['6761', [4, 4, 4, 4]],
    elo: ['5090', [4, 4, 4, 4]],
  },
  { DE: '50010517', GB: 'NWBK601613', IE: 'AIBK931152', CH: '00230', AT: '12000', LU: '019', BE: '539', FR: ['30003', '03620'], ES: ['0049', '1500'], IT: '0306909606', PT: '00330000', NL: 'RABO' },
  luhn,
);
