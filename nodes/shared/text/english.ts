/**
 * The English Snowball stemmer ("Porter2"), written from the algorithm's published definition
 * (https://snowballstem.org/algorithms/english/stemmer.html) as it stands in Snowball's algorithms/english.sbl of
 * 2025 (the -ogist, dying → die, past/paste, evening and inter… adjustments). Lower-case input; words
 * of one or two letters come back unchanged. Agreement with the Snowball project's sample vocabulary is measured by
 * test/text/snowball.vocabulary.js (README, "Stemmers").
 *
 * Snowball's `among` picks the longest suffix in its list first and only then checks that suffix's condition; a
 * failed condition does not fall back to a shorter suffix. `longest` below does the same.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

/** Whole words with a fixed stem (the algorithm's exception list 1). */
const EXCEPTIONS: Record<string, string> = {
	skis: 'ski',
	skies: 'sky',
	idly: 'idl',
	gently: 'gentl',
	ugly: 'ugli',
	early: 'earli',
	only: 'onli',
	singly: 'singl',
	sky: 'sky',
	news: 'news',
	howe: 'howe',
	atlas: 'atlas',
	cosmos: 'cosmos',
	bias: 'bias',
	andes: 'andes',
};

/** Stems before -ing that keep the ending (inning, outing, canning, herring, earring, evening). */
const KEEP_ING = new Set(['inn', 'out', 'cann', 'herr', 'earr', 'even']);
/** Stems before -eed that keep it (proceed, exceed, succeed). */
const KEEP_EED = new Set(['proc', 'exc', 'succ']);

/** Prefixes whose end is R1: generate/general, communism, arsenal, past/paste, universal, lateral, emergency, organic, international. */
const R1_PREFIXES = [
	'gener',
	'commun',
	'arsen',
	'past',
	'univers',
	'later',
	'emerg',
	'organ',
	'inter',
];

const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const LI_ENDING = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

/** The longest of `suffixes` that `word` ends with, or null. */
export function longest(word: string, suffixes: readonly string[]): string | null {
	let best: string | null = null;
	for (const suffix of suffixes) {
		if (word.endsWith(suffix) && (best === null || suffix.length > best.length)) best = suffix;
	}
	return best;
}

/** Start of the region after the first non-vowel that follows a vowel, searching from `from`. */
function regionAfter(word: string, from: number): number {
	for (let i = from + 1; i < word.length; i++) {
		if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
	}
	return word.length;
}

/**
 * A short syllable ending at `end` (exclusive): non-vowel, vowel, non-vowel other than w, x, Y; or, at the very
 * start of the word, a vowel followed by a non-vowel.
 */
function endsWithShortSyllable(word: string, end: number): boolean {
	// pasted, pasting → paste
	if (end >= 4 && word.slice(end - 4, end) === 'past') return true;
	if (end === 2) return isVowel(word[0]) && !isVowel(word[1]);
	if (end < 3) return false;
	const last = word[end - 1];
	return (
		!isVowel(last) &&
		last !== 'w' &&
		last !== 'x' &&
		last !== 'Y' &&
		isVowel(word[end - 2]) &&
		!isVowel(word[end - 3])
	);
}

function hasVowel(text: string): boolean {
	for (const c of text) if (isVowel(c)) return true;
	return false;
}

const STEP2: Record<string, string> = {
	tional: 'tion',
	enci: 'ence',
	anci: 'ance',
	abli: 'able',
	entli: 'ent',
	izer: 'ize',
	ization: 'ize',
	ational: 'ate',
	ation: 'ate',
	ator: 'ate',
	alism: 'al',
	aliti: 'al',
	alli: 'al',
	fulness: 'ful',
	ousli: 'ous',
	ousness: 'ous',
	iveness: 'ive',
	iviti: 'ive',
	biliti: 'ble',
	bli: 'ble',
	ogist: 'og',
	ogi: 'og',
	fulli: 'ful',
	lessli: 'less',
	li: '',
};
const STEP2_KEYS = Object.keys(STEP2);

const STEP3: Record<string, string> = {
	tional: 'tion',
	ational: 'ate',
	alize: 'al',
	icate: 'ic',
	iciti: 'ic',
	ical: 'ic',
	ful: '',
	ness: '',
	ative: '',
};
const STEP3_KEYS = Object.keys(STEP3);

const STEP4 = [
	'al',
	'ance',
	'ence',
	'er',
	'ic',
	'able',
	'ible',
	'ant',
	'ement',
	'ment',
	'ent',
	'ism',
	'ate',
	'iti',
	'ous',
	'ive',
	'ize',
	'ion',
];

export function stemEnglish(input: string): string {
	let word = input;
	if (word.length <= 2) return word;
	const fixed = EXCEPTIONS[word];
	if (fixed !== undefined) return fixed;
	if (word.startsWith("'")) word = word.slice(1);
	// y at the start or after a vowel is a consonant: mark it Y.
	let marked = '';
	for (let i = 0; i < word.length; i++) {
		const c = word[i];
		marked += c === 'y' && (i === 0 || isVowel(word[i - 1])) ? 'Y' : c;
	}
	word = marked;

	const prefix = R1_PREFIXES.find((p) => word.startsWith(p));
	const r1 = prefix !== undefined ? prefix.length : regionAfter(word, 0);
	const r2 = regionAfter(word, r1);
	const inR1 = (suffix: string): boolean => word.length - suffix.length >= r1;
	const inR2 = (suffix: string): boolean => word.length - suffix.length >= r2;
	const cut = (suffix: string, replacement = ''): void => {
		word = word.slice(0, word.length - suffix.length) + replacement;
	};

	// Step 1a: apostrophe endings, then plural endings.
	const apostrophe = longest(word, ["'s'", "'s", "'"]);
	if (apostrophe !== null) cut(apostrophe);
	const s1a = longest(word, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
	if (s1a === 'sses') cut(s1a, 'ss');
	else if (s1a === 'ied' || s1a === 'ies') cut(s1a, word.length - 3 > 1 ? 'i' : 'ie');
	else if (s1a === 's') {
		// Delete when a vowel comes somewhere before the letter just before the s.
		if (hasVowel(word.slice(0, word.length - 2))) cut(s1a);
	}

	// Step 1b.
	const s1b = longest(word, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
	let generic = s1b !== null;
	if (s1b === 'eed' || s1b === 'eedly') {
		generic = false;
		if (inR1(s1b) && !KEEP_EED.has(word.slice(0, -s1b.length))) cut(s1b, 'ee');
	} else if (s1b === 'ing') {
		const stem = word.slice(0, -3);
		if (stem.length === 2 && stem[1] === 'y' && !isVowel(stem[0])) {
			// dying → die, lying → lie, tying → tie, vying → vie
			word = `${stem[0]}ie`;
			generic = false;
		} else if (KEEP_ING.has(stem)) generic = false;
	}
	if (generic && s1b !== null) {
		const stem = word.slice(0, word.length - s1b.length);
		if (hasVowel(stem)) {
			word = stem;
			const end = longest(word, ['at', 'bl', 'iz', ...DOUBLES]);
			if (end === 'at' || end === 'bl' || end === 'iz') word += 'e';
			else if (end !== null) {
				// add, ebb, err, off keep their double letter.
				const keep = word.length === 3 && 'aeo'.includes(word[0]);
				if (!keep) word = word.slice(0, -1);
			} else if (word.length === r1 && endsWithShortSyllable(word, word.length)) word += 'e';
		}
	}

	// Step 1c: y after a non-vowel that is not the first letter becomes i.
	const last = word[word.length - 1];
	if ((last === 'y' || last === 'Y') && word.length > 2 && !isVowel(word[word.length - 2])) {
		word = `${word.slice(0, -1)}i`;
	}

	// Step 2.
	const s2 = longest(word, STEP2_KEYS);
	if (s2 !== null && inR1(s2)) {
		const before = word[word.length - s2.length - 1];
		if (s2 === 'ogi') {
			if (before === 'l') cut(s2, 'og');
		} else if (s2 === 'li') {
			if (before !== undefined && LI_ENDING.has(before)) cut(s2);
		} else cut(s2, STEP2[s2]);
	}

	// Step 3.
	const s3 = longest(word, STEP3_KEYS);
	if (s3 !== null && inR1(s3)) {
		if (s3 === 'ative') {
			if (inR2(s3)) cut(s3);
		} else cut(s3, STEP3[s3]);
	}

	// Step 4.
	const s4 = longest(word, STEP4);
	if (s4 !== null && inR2(s4)) {
		if (s4 === 'ion') {
			const before = word[word.length - 4];
			if (before === 's' || before === 't') cut(s4);
		} else cut(s4);
	}

	// Step 5.
	const tail = word[word.length - 1];
	if (tail === 'e') {
		if (inR2('e') || (inR1('e') && !endsWithShortSyllable(word, word.length - 1))) cut('e');
	} else if (tail === 'l') {
		if (inR2('l') && word[word.length - 2] === 'l') cut('l');
	}

	return word.replace(/Y/g, 'y');
}
