/**
 * Agreement of our Snowball stemmers with the Snowball project's sample vocabularies (snowballstem/snowball-data,
 * BSD licence: english/voc.txt + output.txt, russian/voc.txt + output.txt — every word with its expected stem).
 * The word lists are not part of this repository; point SNOWBALL_DATA at a checkout of snowball-data and run
 *
 *   SNOWBALL_DATA=/path/to/snowball-data npx jest --testMatch '**\/snowball.vocabulary.js' test/text
 *
 * Without SNOWBALL_DATA the check fails (it never passes by skipping). .ci/run uses Debian's package `snowball-data`
 * (0+20210120, /usr/share/snowball/data), the same lists as of January 2021. The floors are the counts measured per
 * edition (README, "Stemmers"): on the 2025 lists (commit ba91f32) every word agrees; on Debian's 2021 English list 38
 * of 29,417 words differ, all of them words the 2025 rules changed on purpose (added → add, geologist → geolog,
 * evening, inter-): our English stemmer follows the 2025 english.sbl.
 */
const fs = require('fs');
const path = require('path');
const { stemEnglish } = require('../../nodes/shared/text/english');
const { stemRussian } = require('../../nodes/shared/text/russian');

/** Words in english/voc.txt → the edition, and the measured agreement (words with the expected stem) per language. */
const EDITIONS = {
	42649: { name: 'snowball-data ba91f32 (2025)', english: 42649, russian: 49785 },
	29417: { name: "Debian's snowball-data 0+20210120", english: 29379, russian: 49785 },
};

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
		const englishWords = agreement('english', () => '').total;
		const edition = EDITIONS[englishWords];
		if (!edition) throw new Error(`Unknown snowball-data edition (${englishWords} English words)`);
		expect(result.total).toBeGreaterThan(29000);
		expect(result.same).toBeGreaterThanOrEqual(edition[language]);
	});
});
