/**
 * Agreement of our Snowball stemmers with the Snowball project's sample vocabularies (snowballstem/snowball-data,
 * BSD licence: english/voc.txt + output.txt, russian/voc.txt + output.txt — every word with its expected stem).
 * The word lists are not part of this repository; point SNOWBALL_DATA at a checkout of snowball-data and run
 *
 *   SNOWBALL_DATA=/path/to/snowball-data npx jest --testMatch '**\/snowball.vocabulary.js' test/text
 *
 * Without SNOWBALL_DATA the check fails (it never passes by skipping). The floors are the rates measured on
 * snowball-data at commit ba91f32 (2025): English 42,649 of 42,649 words, Russian 49,785 of 49,785 (README, "Stemmers").
 */
const fs = require('fs');
const path = require('path');
const { stemEnglish } = require('../../nodes/shared/text/english');
const { stemRussian } = require('../../nodes/shared/text/russian');

const FLOORS = { english: 1, russian: 1 };

function agreement(language, stem) {
	const dir = process.env.SNOWBALL_DATA;
	if (!dir) throw new Error('Set SNOWBALL_DATA to a checkout of snowballstem/snowball-data');
	const words = fs.readFileSync(path.join(dir, language, 'voc.txt'), 'utf8').split('\n');
	const stems = fs.readFileSync(path.join(dir, language, 'output.txt'), 'utf8').split('\n');
	let total = 0;
	let same = 0;
	const wrong = [];
	for (let i = 0; i < words.length; i++) {
		if (words[i] === '') continue;
		total++;
		const got = stem(words[i]);
		if (got === stems[i]) same++;
		else if (wrong.length < 20) wrong.push(`${words[i]} → ${got} (expected ${stems[i]})`);
	}
	return { total, same, rate: same / total, wrong };
}

describe('Snowball sample vocabularies', () => {
	it.each([
		['english', stemEnglish],
		['russian', stemRussian],
	])('%s: agreement at or above the measured floor', (language, stem) => {
		const result = agreement(language, stem);
		console.log(
			`${language}: ${result.same} of ${result.total} words (${((100 * result.same) / result.total).toFixed(3)} %)`,
			result.wrong,
		);
		expect(result.total).toBeGreaterThan(40000);
		expect(result.rate).toBeGreaterThanOrEqual(FLOORS[language]);
	});
});
