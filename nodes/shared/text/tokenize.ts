/**
 * Tokenising and phrase counting for English and Russian free text (what sales reps type into a form or a chat).
 * A text is cut into clauses at punctuation; a clause into word tokens; each token is stemmed by its script
 * (Cyrillic → Russian Snowball, Latin → English Snowball, anything else lower-cased as is). Stop words and numbers
 * break a phrase; negations ("не", "no") may open a phrase but never stand alone or close one. Phrases are the
 * 1- to 3-word runs left, keyed by their stems, so "быстрая доставка" and "быстрой доставки" are one phrase.
 */
import { stemEnglish } from './english';
import { stemRussian } from './russian';
import { NEGATIONS, STOP_EN, STOP_RU } from './stopwords';

export interface Token {
	/** Lower case, ё → е, typographic apostrophe → '. */
	word: string;
	stem: string;
	kind: 'content' | 'negation' | 'stop';
	/** Offsets in the original text, for quoting around a phrase. */
	start: number;
	end: number;
}

export interface Phrase {
	/** Stems joined by a space: the counting key. */
	key: string;
	/** The words as written (lower case). */
	words: string;
	/** Number of words, 1–3. */
	size: number;
	start: number;
	end: number;
}

const CLAUSE_BREAK = /[.!?;:,()[\]{}"«»„“”\n\r\t…/\\|•]|\s[-–—]\s/u;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /^[a-z']+$/;

/** The stem of one lower-case word, by its script. */
export function stemWord(word: string): string {
	if (CYRILLIC.test(word)) return stemRussian(word);
	if (LATIN.test(word)) return stemEnglish(word);
	return word;
}

function kindOf(word: string): Token['kind'] {
	if (NEGATIONS.has(word)) return 'negation';
	if (STOP_EN.has(word) || STOP_RU.has(word)) return 'stop';
	if (/^\p{N}+$/u.test(word) || [...word].length < 2) return 'stop';
	return 'content';
}

/** Tokens of a text, clause by clause. */
export function tokenize(text: string): Token[][] {
	const clauses: Token[][] = [];
	let current: Token[] = [];
	let last = 0;
	const flushTo = (position: number): void => {
		if (CLAUSE_BREAK.test(text.slice(last, position)) && current.length > 0) {
			clauses.push(current);
			current = [];
		}
	};
	for (const match of text.matchAll(WORD)) {
		const start = match.index ?? 0;
		flushTo(start);
		const word = match[0].toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'");
		current.push({
			word,
			stem: stemWord(word),
			kind: kindOf(word),
			start,
			end: start + match[0].length,
		});
		last = start + match[0].length;
	}
	if (current.length > 0) clauses.push(current);
	return clauses;
}

/** Every 1- to `maxSize`-word phrase of a text, in order of appearance. */
export function phrases(text: string, maxSize = 3): Phrase[] {
	const found: Phrase[] = [];
	for (const clause of tokenize(text)) {
		for (let i = 0; i < clause.length; i++) {
			if (clause[i].kind === 'stop') continue;
			for (let size = 1; size <= maxSize && i + size <= clause.length; size++) {
				const lastToken = clause[i + size - 1];
				if (lastToken.kind === 'stop') break;
				if (lastToken.kind !== 'content') continue;
				const parts = clause.slice(i, i + size);
				found.push({
					key: parts.map((token) => token.stem).join(' '),
					words: parts.map((token) => token.word).join(' '),
					size,
					start: parts[0].start,
					end: lastToken.end,
				});
			}
		}
	}
	return found;
}
