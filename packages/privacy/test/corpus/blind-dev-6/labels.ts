// Building blocks for the sixth held-out corpus. The tagged templates, the plain label helpers and the
// two checksum definitions are the second corpus's (they hold no corpus data). The phone, card, IBAN and
// identity-number makers are shared with the other later corpora; this corpus's own are its digit seed,
// issuer prefixes and banks.
import { ibanValid, luhn } from '../blind-dev-2/labels';
import { nationalValues } from '../../support/national-values';

export { DOB, IP, LANGS, type Lang, type Line, MAIL, NAME, ROOM, t, w } from '../blind-dev-2/labels';
export type { CardKind, CardSep, IbanForm } from '../../support/national-values';
export { ibanValid, luhn };

export const { phoneRegions, TEL, CARD, IBAN, idValue, ID } = nationalValues(
  'coral-heldout-6',
  {
    visa: ['41', [4, 4, 4, 4]],
    'visa-19': ['46', [4, 4, 4, 4, 3]],
    mastercard: ['52', [4, 4, 4, 4]],
    'mastercard-2': ['2511', [4, 4, 4, 4]],
    amex: ['34', [4, 6, 5]],
    discover: ['644', [4, 4, 4, 4]],
    jcb: ['3540', [4, 4, 4, 4]],
    diners: ['38', [4, 6, 4]],
    unionpay: ['624', [4, 4, 4, 4]],
    maestro: ['6759', [4, 4, 4, 4]],
    elo: ['6363', [4, 4, 4, 4]],
  },
  { DE: '37040044', GB: 'LOYD309634', IE: 'BOFI900017', CH: '00762', AT: '20111', LU: '001', BE: '068', FR: ['20041', '01005'], ES: ['2085', '8120'], IT: '0200811770', PT: '00350651', NL: 'ABNA' },
  luhn,
);
