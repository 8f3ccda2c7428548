/** Hostile inputs shared by the worst-case test and the benchmark: each aims at one detector's loop. */
export interface AdversarialInput {
  name: string;
  text: string;
}

export const ADVERSARIAL_CHARS = 64 * 1024;

function fill(unit: string, chars = ADVERSARIAL_CHARS): string {
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

function nestedBrackets(chars: number): string {
  const depth = Math.floor(chars / 4);
  return `${'([{<'.repeat(depth / 4)}x${'>}])'.repeat(depth / 4)}`.slice(0, chars);
}

export function adversarialInputs(chars = ADVERSARIAL_CHARS): AdversarialInput[] {
  return [
    // Digit runs with separators: every window is a plausible national phone number somewhere.
    { name: 'digits_space', text: fill('0 ', chars) },
    { name: 'digits_dash', text: fill('1-', chars) },
    { name: 'digits_dot', text: fill('4.', chars) },
    { name: 'plus_one', text: fill('+1 ', chars) },
    { name: 'digit_soup', text: fill('41 1-1.1 (2) 0/9 ', chars) },
    { name: 'at_run', text: fill('@', chars) },
    { name: 'dot_run', text: fill('.', chars) },
    { name: 'a_at_a', text: fill('a@', chars) },
    { name: 'a_dot_a', text: fill('a.', chars) },
    // Spelled-out email markers with no end: "x at y dot z dot …".
    { name: 'at_dot_words', text: fill('x at y dot ', chars) },
    { name: 'nested_brackets', text: nestedBrackets(chars) },
    { name: 'mixed_scripts', text: fill('Anna 東京 مرحبا 😀 Zimmer 名前 ', chars) },
    { name: 'whitespace', text: fill(' \t\n\u00a0', chars) },
    // Name-shaped words for the lexicon and the title/particle loops.
    { name: 'capitalised_names', text: fill('Mr Anna Maria van der Berg de la ', chars) },
    // Context words with no value: every context regex finds a start and searches forward.
    { name: 'context_words', text: fill('room passport born geboren kamer ', chars) },
    // Card separators of up to three spaces, slashes: every group may continue the run.
    { name: 'padded_digits', text: fill('4  1   2 / 3/', chars) },
    // Chat introductions and verbs of calling, each followed by a name-shaped word that never ends.
    { name: 'chat_introductions', text: fill('hi its ollie. sono ale, met roos! yui desu. ', chars) },
    { name: 'calling_verbs', text: fill('call Anna Berg Carl Dora under Ema Fritz bitte ', chars) },
    { name: 'japanese_intro', text: fill('watashi wa aa bb to ', chars) },
    // Signature lines, sentence-final names, thanks and telling verbs, "X ni … tsutaete" openings.
    { name: 'signatures_and_told', text: fill('Warmly,\nAnn Le Bo\nm. Bo Di Ca. sag jo dass dile a pi que. yu ni aa ', chars) },
    // Bracketed at-words and Japanese dot words with no known TLD.
    { name: 'spelled_markers', text: fill('x (à) y (point) z atto w ten ', chars) },
    // Staff roles and treatments (matched at the end of a compound word), place and dish words after
    // a name, order words and particles before one, greetings before "here".
    { name: 'roles_and_places', text: fill('Der Tennistrainer Ana slot with Bo Crystal Cave ein Hugo pai de la Rosa wa hey jo here ', chars) },
    // Lower-case third parties: kinship, owner and calling words, departments, relations before a
    // comma, joined full names and article-led room numbers, none closing its pattern.
    { name: 'kin_owners_departments', text: fill('nana bea zio la carta di ruf uwe mon mari, Zorv Quil vom spa Anna Berg und Carl Dora de la 305 ', chars) },
    // One word with no end: the role and service words are tried at the end of every word.
    { name: 'one_long_word', text: fill('a', chars) },
  ];
}
