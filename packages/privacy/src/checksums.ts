// The checksums live in the contract, which refuses identifiers and labels that are card numbers
// or IBANs; redaction uses the very same definitions.
export { isLuhnValid, ibanMod97, isIbanValid, IBAN_LENGTHS } from '@cbc/contract';
