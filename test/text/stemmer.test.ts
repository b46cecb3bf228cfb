import { stemEnglish, stemRussian } from '../../nodes/shared/text';

/**
 * One case per rule of the Snowball English (Porter2) and Russian algorithms, as their definitions state them
 * (https://snowballstem.org/algorithms/english/stemmer.html, …/russian/stemmer.html, and english.sbl of 2025 for the
 * newer exceptions). The whole sample vocabularies are checked by test/text/snowball.vocabulary.js.
 */
describe('English Snowball (Porter2) stemmer', () => {
	it.each([
		['caresses', 'caress'], // 1a sses → ss
		['ties', 'tie'], // 1a ies after one letter → ie
		['cries', 'cri'], // 1a ies after two or more → i
		['gaps', 'gap'], // 1a s deleted after a vowel earlier on
		['gas', 'gas'], // 1a s kept: the only vowel is just before it
		['agreed', 'agre'], // 1b eed in R1 → ee; 5 drops the final e (in R1, not after a short syllable)
		['hoping', 'hope'], // 1b ing deleted, short word gets e back
		['hopping', 'hop'], // 1b double letter undoubled
		['added', 'add'], // 1b a + double at the start stays (2023 change)
		['dying', 'die'], // 1b consonant + y + ing → ie
		['proceeding', 'proceed'], // 1b keeps proc-eed
		['cry', 'cri'], // 1c y after a non-first consonant → i
		['say', 'say'], // 1c y after a vowel stays
		['relational', 'relat'], // 2 ational → ate, 4 ate in R2
		['generously', 'generous'], // gener prefix sets R1
		['hopefulness', 'hope'], // 2 fulness → ful, 3 ful deleted
		['psychologists', 'psycholog'], // 2 ogist → og (2025)
		['international', 'internat'], // inter prefix (2025)
		['pasted', 'paste'], // past/paste (2025)
		['skies', 'sky'], // exception list
		['news', 'news'], // invariant
		["dog's", 'dog'], // apostrophe ending
		['by', 'by'], // two letters unchanged
	])('%s → %s', (word, stem) => {
		expect(stemEnglish(word)).toBe(stem);
	});
});

describe('Russian Snowball stemmer', () => {
	it.each([
		['прочитав', 'прочита'], // perfective gerund в after а
		['доставки', 'доставк'], // noun и
		['быстрая', 'быстр'], // adjective ая
		['работающий', 'работа'], // participle ющ after а + adjective ий
		['улыбаются', 'улыба'], // reflexive ся, verb ют after а
		['сделали', 'сдела'], // verb ли after а
		['цены', 'цен'], // noun ы
		['ёлки', 'елк'], // ё read as е
		['выгодность', 'выгодн'], // derivational ость in R2
		['красивейший', 'красив'], // superlative ейш removed in step 4
		['бей', 'бе'], // ending must fit in RV: й, not ей
	])('%s → %s', (word, stem) => {
		expect(stemRussian(word)).toBe(stem);
	});
});
