/** Text tools for the feedback reports: Snowball stemmers (English, Russian), stop words, tokens and phrases. */
export { stemEnglish } from './english';
export { stemRussian } from './russian';
export { NEGATIONS, STOP_EN, STOP_RU } from './stopwords';
export { phrases, stemWord, tokenize } from './tokenize';
export type { Phrase, Token } from './tokenize';
