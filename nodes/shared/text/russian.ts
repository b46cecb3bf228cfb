/**
 * The Russian Snowball stemmer, written from the algorithm's published definition
 * (https://snowballstem.org/algorithms/russian/stemmer.html, russian.sbl of Snowball 2.x). Lower-case Cyrillic
 * input; ё is read as е. Agreement with the Snowball project's sample vocabulary is measured by
 * test/text/snowball.vocabulary.js (README, "Stemmers").
 *
 * Every ending is looked for inside RV (the part after the first vowel); as in Snowball's `among`, the longest
 * ending in a list is taken first and a failed condition does not fall back to a shorter one.
 */
import { longest } from './english';

const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

const GERUND_AFTER_A = ['в', 'вши', 'вшись'];
const GERUND = ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись'];
const ADJECTIVE = [
	'ее',
	'ие',
	'ые',
	'ое',
	'ими',
	'ыми',
	'ей',
	'ий',
	'ый',
	'ой',
	'ем',
	'им',
	'ым',
	'ом',
	'его',
	'ого',
	'ему',
	'ому',
	'их',
	'ых',
	'ую',
	'юю',
	'ая',
	'яя',
	'ою',
	'ею',
];
const PARTICIPLE_AFTER_A = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const PARTICIPLE = ['ивш', 'ывш', 'ующ'];
const REFLEXIVE = ['ся', 'сь'];
const VERB_AFTER_A = [
	'ла',
	'на',
	'ете',
	'йте',
	'ли',
	'й',
	'л',
	'ем',
	'н',
	'ло',
	'но',
	'ет',
	'ют',
	'ны',
	'ть',
	'ешь',
	'нно',
];
const VERB = [
	'ила',
	'ыла',
	'ена',
	'ейте',
	'уйте',
	'ите',
	'или',
	'ыли',
	'ей',
	'уй',
	'ил',
	'ыл',
	'им',
	'ым',
	'ен',
	'ило',
	'ыло',
	'ено',
	'ят',
	'ует',
	'уют',
	'ит',
	'ыт',
	'ены',
	'ить',
	'ыть',
	'ишь',
	'ую',
	'ю',
];
const NOUN = [
	'а',
	'ев',
	'ов',
	'ие',
	'ье',
	'е',
	'иями',
	'ями',
	'ами',
	'еи',
	'ии',
	'и',
	'ией',
	'ей',
	'ой',
	'ий',
	'й',
	'иям',
	'ям',
	'ием',
	'ем',
	'ам',
	'ом',
	'о',
	'у',
	'ах',
	'иях',
	'ях',
	'ы',
	'ь',
	'ию',
	'ью',
	'ю',
	'ия',
	'ья',
	'я',
];
const GERUND_ALL = [...GERUND_AFTER_A, ...GERUND];
const PARTICIPLE_ALL = [...PARTICIPLE_AFTER_A, ...PARTICIPLE];
const VERB_ALL = [...VERB_AFTER_A, ...VERB];
const TIDY = ['ейш', 'ейше', 'н', 'ь'];

/** Start of the region after the first non-vowel that follows a vowel, searching from `from`. */
function regionAfter(word: string, from: number): number {
	for (let i = from + 1; i < word.length; i++) {
		if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
	}
	return word.length;
}

export function stemRussian(input: string): string {
	const whole = input.replace(/ё/g, 'е');
	let rv = whole.length;
	for (let i = 0; i < whole.length; i++) {
		if (isVowel(whole[i])) {
			rv = i + 1;
			break;
		}
	}
	const r2 = regionAfter(whole, regionAfter(whole, 0));
	let word = whole;

	/** The longest of `list` inside RV. */
	const find = (list: readonly string[]): string | null => {
		// Snowball's setlimit: only endings that fit inside RV take part.
		return longest(word.slice(rv), list);
	};
	/** Whether the letter before a suffix of `length` letters, still inside RV, is а or я. */
	const afterA = (length: number): boolean => {
		const at = word.length - length - 1;
		return at >= rv && (word[at] === 'а' || word[at] === 'я');
	};
	const cut = (length: number): void => {
		word = word.slice(0, word.length - length);
	};
	/** Removes the longest suffix of `all`; those in `needA` only after а or я. */
	const remove = (all: readonly string[], needA: readonly string[]): boolean => {
		const found = find(all);
		if (found === null) return false;
		if (needA.includes(found) && !afterA(found.length)) return false;
		cut(found.length);
		return true;
	};

	// Step 1.
	if (!remove(GERUND_ALL, GERUND_AFTER_A)) {
		remove(REFLEXIVE, []);
		const adjectival = remove(ADJECTIVE, []);
		if (adjectival) remove(PARTICIPLE_ALL, PARTICIPLE_AFTER_A);
		else if (!remove(VERB_ALL, VERB_AFTER_A)) remove(NOUN, []);
	}
	// Step 2.
	if (find(['и']) !== null) cut(1);
	// Step 3: derivational ending in R2.
	const derivational = find(['ост', 'ость']);
	if (derivational !== null && word.length - derivational.length >= r2) cut(derivational.length);
	// Step 4.
	const tidy = find(TIDY);
	if (tidy === 'ейш' || tidy === 'ейше') {
		cut(tidy.length);
		if (word.endsWith('нн') && word.length - 2 >= rv) cut(1);
	} else if (tidy === 'н') {
		if (word.endsWith('нн') && word.length - 2 >= rv) cut(1);
	} else if (tidy === 'ь') cut(1);
	return word;
}
