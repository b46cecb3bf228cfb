import { briefId } from '../../nodes/shared/brief/id';
import type { BriefInput } from '../../nodes/shared/brief/input';
import { BriefInputError, validateBriefInput } from '../../nodes/shared/brief/input';
import { NOW, OPTIONS, sampleInput } from './fixtures';

function refusal(input: BriefInput, options = OPTIONS): BriefInputError {
	let caught: unknown = null;
	try {
		validateBriefInput(input, options);
	} catch (error) {
		caught = error;
	}
	if (!(caught instanceof BriefInputError)) {
		throw new Error(`expected a BriefInputError, got ${String(caught)}`);
	}
	return caught;
}

const effect = sampleInput().expectedEffect!;

describe('validateBriefInput: a complete brief', () => {
	test('becomes a Brief record with the deterministic id, parsed numbers and steps', () => {
		const { brief, previous } = validateBriefInput(sampleInput(), OPTIONS);
		expect(previous).toBeNull();
		expect(brief.id).toBe(briefId('Cold call opener', 1));
		expect(brief.version).toBe(1);
		expect(brief.assetType).toBe('salesScript');
		expect(brief.expectedEffect).toEqual({
			metric: 'winRate',
			baseline: 21,
			target: 27,
			reviewDate: '2027-01-15',
			scope: { pipeline: 'SMB', channel: 'Google Ads', owner: null },
		});
		// "1. …" numbering is dropped (the brief numbers the steps), blank lines are skipped.
		expect(brief.howToUse).toEqual([
			'Ask how many people will use it.',
			'Under 5: offer the Starter plan.',
			'Log the answer in the deal.',
		]);
		expect(brief.objections).toEqual([
			{ objection: 'Too expensive', answer: 'Compare it with one lost deal a month.' },
		]);
		expect(brief.links).toEqual([
			{ title: 'Script in Docs', url: 'https://docs.example.com/script' },
		]);
		expect(brief.ackRequired).toBe(true);
		expect(brief.releasedAt).toBe(NOW.toISOString());
		// A date-only deadline ends at midnight in the timezone: 2026-12-04 23:59:59.999 Moscow = 20:59:59.999 UTC.
		expect(brief.deadline).toBe('2026-12-04T20:59:59.999Z');
		expect(brief.changedBecause).toBeNull();
		expect(brief.language).toBe('en');
	});

	test('reads numbers as spreadsheets and expressions give them', () => {
		const read = (baseline: unknown, target: unknown) =>
			validateBriefInput(sampleInput({ expectedEffect: { ...effect, baseline, target } }), OPTIONS)
				.brief.expectedEffect;
		expect(read('21,5', '27 %')).toMatchObject({ baseline: 21.5, target: 27 });
		expect(read(21, 30.25)).toMatchObject({ baseline: 21, target: 30.25 });
		expect(read('', null)).toMatchObject({ baseline: null, target: null });
		const money = validateBriefInput(
			sampleInput({
				expectedEffect: {
					metric: 'averageDeal',
					baseline: '1 234,5',
					target: '52000',
					currency: 'usd',
				},
			}),
			OPTIONS,
		).brief.expectedEffect;
		expect(money).toMatchObject({
			metric: 'averageDeal',
			baseline: 1234.5,
			target: 52000,
			currency: 'USD',
		});
		const speed = validateBriefInput(
			sampleInput({
				expectedEffect: { metric: 'speedToLeadP50', baseline: '45 min', target: '15' },
			}),
			OPTIONS,
		).brief.expectedEffect;
		expect(speed).toMatchObject({ baseline: 45, target: 15 });
	});

	test('accepts metric names as people write them, steps as a list, version as text', () => {
		const { brief } = validateBriefInput(
			sampleInput({
				version: '3',
				changedBecause: 'Clients asked about the price first.',
				expectedEffect: { metric: 'Win rate' },
				howToUse: ['- Ask first', '  ', 'Then listen'],
				ackRequired: 'false',
				language: 'RU',
			}),
			OPTIONS,
		);
		expect(brief.version).toBe(3);
		expect(brief.id).toBe(briefId('Cold call opener', 3));
		expect(brief.expectedEffect.metric).toBe('winRate');
		expect(brief.howToUse).toEqual(['Ask first', 'Then listen']);
		const collection = validateBriefInput(
			sampleInput({ howToUse: { values: [{ step: '1) Ask' }, { step: '' }, { step: 'Listen' }] } }),
			OPTIONS,
		).brief;
		expect(collection.howToUse).toEqual(['Ask', 'Listen']);
		expect(refusal(sampleInput({ howToUse: 42 })).field).toBe('howToUse');
		expect(brief.ackRequired).toBe(false);
		expect(brief.language).toBe('ru');
	});

	test('skips empty objection and link rows and accepts a fixedCollection shape and JSON text', () => {
		const { brief } = validateBriefInput(
			sampleInput({
				objections: {
					values: [
						{ objection: '', answer: '' },
						{ objection: 'No time', answer: 'It takes 2 minutes.' },
					],
				},
				links: JSON.stringify([
					{ title: '', url: 'https://a.example/x' },
					{ title: '', url: '' },
				]),
			}),
			OPTIONS,
		);
		expect(brief.objections).toEqual([{ objection: 'No time', answer: 'It takes 2 minutes.' }]);
		expect(brief.links).toEqual([{ title: 'https://a.example/x', url: 'https://a.example/x' }]);
	});

	test('releasedAt given as a date starts that day in the timezone; ISO without offset is local time', () => {
		expect(
			validateBriefInput(sampleInput({ releasedAt: '2026-12-02' }), OPTIONS).brief.releasedAt,
		).toBe('2026-12-01T21:00:00.000Z');
		expect(
			validateBriefInput(sampleInput({ releasedAt: '2026-12-02T10:00' }), OPTIONS).brief.releasedAt,
		).toBe('2026-12-02T07:00:00.000Z');
		expect(
			validateBriefInput(sampleInput({ releasedAt: '2026-12-02T10:00:00Z' }), OPTIONS).brief
				.releasedAt,
		).toBe('2026-12-02T10:00:00.000Z');
	});
});

describe('validateBriefInput: the why is the product', () => {
	test('no cause → refused, naming the cause and giving an example', () => {
		const error = refusal(sampleInput({ cause: '  ' }));
		expect(error.field).toBe('cause');
		expect(error.message).toContain('the cause (what we saw)');
		expect(error.message).not.toContain('the change');
		expect(error.description).toContain('e.g.');
	});

	test('no change → refused, naming the change', () => {
		const error = refusal(sampleInput({ change: undefined }));
		expect(error.field).toBe('change');
		expect(error.message).toContain('the change (what changes)');
		expect(error.message).not.toContain('cause');
		expect(error.description).toContain('From Monday');
	});

	test('no expected effect (no metric) → refused, naming the expected effect and listing metrics', () => {
		for (const expectedEffect of [
			null,
			{ metric: '' },
			{ metric: null, baseline: 21, target: 27 },
		]) {
			const error = refusal(sampleInput({ expectedEffect }));
			expect(error.field).toBe('expectedEffect.metric');
			expect(error.message).toContain('the expected effect (which CRM metric should move)');
			expect(error.description).toContain('winRate');
		}
	});

	test('everything missing → one message naming all three parts', () => {
		const error = refusal(sampleInput({ cause: '', change: '', expectedEffect: null }));
		expect(error.message).toContain(
			'missing the cause (what we saw), the change (what changes) and the expected effect',
		);
		expect(error.field).toBe('cause');
	});

	test('version 2 without "changed because" → refused', () => {
		const error = refusal(sampleInput({ version: 2, changedBecause: '' }));
		expect(error.field).toBe('changedBecause');
		expect(error.message).toContain('Version 2 needs "changed because"');
		expect(
			validateBriefInput(sampleInput({ version: 2, changedBecause: 'Too long.' }), OPTIONS).brief
				.changedBecause,
		).toBe('Too long.');
	});
});

describe('validateBriefInput: fields a marketer can get wrong', () => {
	test.each([['0'], [0], [1000], ['1.5'], [2.5], ['two'], [true]])(
		'version %p is refused',
		(version) => {
			const error = refusal(sampleInput({ version, changedBecause: 'x' }));
			expect(error.field).toBe('version');
			expect(error.message).toContain('whole number from 1 to 999');
		},
	);

	test('version 999 and an empty version (= 1) are fine', () => {
		expect(
			validateBriefInput(sampleInput({ version: 999, changedBecause: 'x' }), OPTIONS).brief.version,
		).toBe(999);
		expect(validateBriefInput(sampleInput({ version: '' }), OPTIONS).brief.version).toBe(1);
	});

	test('title: required, one line, at most 200 characters', () => {
		expect(refusal(sampleInput({ title: '' })).field).toBe('title');
		expect(refusal(sampleInput({ title: 'a\nb' })).message).toContain('one line');
		const long = refusal(sampleInput({ title: 'x'.repeat(201) }));
		expect(long.field).toBe('title');
		expect(long.message).toContain('201 characters, at most 200');
		expect(
			validateBriefInput(sampleInput({ title: 'x'.repeat(200) }), OPTIONS).brief.title,
		).toHaveLength(200);
	});

	test.each([
		['javascript:alert(1)'],
		['ftp://files.example.com/x'],
		['docs.example.com/x'],
		['https://exa mple.com'],
	])('URL %p is refused in the evidence and in links', (url) => {
		expect(refusal(sampleInput({ evidenceUrl: url })).field).toBe('evidenceUrl');
		const link = refusal(sampleInput({ links: [{ title: 'x', url }] }));
		expect(link.field).toBe('links[0].url');
		expect(link.message).toContain('http:// or https://');
	});

	test('a link title without an address is refused', () => {
		expect(refusal(sampleInput({ links: [{ title: 'Script', url: '' }] })).message).toContain(
			'has no address',
		);
	});

	test('an objection without an answer (or the other way round) is refused', () => {
		const noAnswer = refusal(
			sampleInput({ objections: [{ objection: 'Too expensive', answer: '' }] }),
		);
		expect(noAnswer.field).toBe('objections[0]');
		expect(noAnswer.message).toContain('has no answer');
		expect(
			refusal(sampleInput({ objections: [{ objection: '', answer: 'Yes' }] })).message,
		).toContain('no objection');
		expect(refusal(sampleInput({ objections: 'not a list' })).field).toBe('objections');
	});

	test('dates: YYYY-MM-DD or ISO; anything else refused', () => {
		const error = refusal(sampleInput({ deadline: '04.12.2026' }));
		expect(error.field).toBe('deadline');
		expect(error.message).toContain('2026-12-10');
		expect(
			refusal(sampleInput({ expectedEffect: { ...effect, reviewDate: 'next month' } })).field,
		).toBe('expectedEffect.reviewDate');
		expect(
			validateBriefInput(sampleInput({ deadline: '2026-12-04T18:00:00+03:00' }), OPTIONS).brief
				.deadline,
		).toBe('2026-12-04T15:00:00.000Z');
	});

	test('deadline before the release is refused; later the same day is fine', () => {
		const error = refusal(sampleInput({ deadline: '2026-11-30' }));
		expect(error.field).toBe('deadline');
		expect(error.message).toContain('before the release');
		expect(refusal(sampleInput({ deadline: '2026-12-01T08:00:00Z' })).field).toBe('deadline');
		expect(
			validateBriefInput(sampleInput({ deadline: '2026-12-01' }), OPTIONS).brief.deadline,
		).toBe('2026-12-01T20:59:59.999Z');
	});

	test('review date must be after the release day', () => {
		const error = refusal(sampleInput({ expectedEffect: { ...effect, reviewDate: '2026-12-01' } }));
		expect(error.field).toBe('expectedEffect.reviewDate');
		expect(error.message).toContain('after the release (2026-12-01)');
	});

	test('ambiguous "1,234" is refused as report input refuses it; junk and out-of-range numbers too', () => {
		const ambiguous = refusal(
			sampleInput({ expectedEffect: { metric: 'averageDeal', baseline: '1,234', target: 2000 } }),
		);
		expect(ambiguous.field).toBe('expectedEffect.baseline');
		expect(ambiguous.message).toContain('could mean 1234 or 1.234');
		expect(
			refusal(sampleInput({ expectedEffect: { ...effect, target: 'a lot' } })).message,
		).toContain('must be a number');
		expect(refusal(sampleInput({ expectedEffect: { ...effect, target: 120 } })).message).toContain(
			'between 0 and 100',
		);
		expect(
			refusal(sampleInput({ expectedEffect: { metric: 'speedToLeadP50', target: -5 } })).message,
		).toContain('cannot be negative');
		expect(
			refusal(sampleInput({ expectedEffect: { ...effect, baseline: 21, target: '21' } })).field,
		).toBe('expectedEffect.target');
	});

	test('asset types are read from their key or their English label, as a form dropdown sends them', () => {
		const read = (assetType: string) =>
			validateBriefInput(sampleInput({ assetType }), OPTIONS).brief.assetType;
		expect(read('Sales script')).toBe('salesScript');
		expect(read('price_change')).toBe('priceChange');
		expect(read('Campaign launch')).toBe('campaignLaunch');
		expect(read('Sales material')).toBe('content');
		expect(read('QUALIFICATION RULES')).toBe('qualificationRules');
	});

	test('unknown metric, asset type, language and currency are refused with the known values', () => {
		const metric = refusal(sampleInput({ expectedEffect: { metric: 'happiness' } }));
		expect(metric.field).toBe('expectedEffect.metric');
		expect(metric.description).toContain('speedToLeadP50');
		expect(refusal(sampleInput({ assetType: 'poster' })).description).toContain('salesScript');
		expect(refusal(sampleInput({ language: 'de' })).field).toBe('language');
		expect(
			refusal(sampleInput({ expectedEffect: { metric: 'averageDeal', currency: 'dollars' } }))
				.field,
		).toBe('expectedEffect.currency');
		expect(refusal(sampleInput({ ackRequired: 'maybe' })).field).toBe('ackRequired');
	});
});

describe('validateBriefInput: the previous version', () => {
	const v1 = validateBriefInput(sampleInput(), OPTIONS).brief;
	const v2 = (previous: unknown, overrides: Partial<BriefInput> = {}) =>
		sampleInput({
			version: 2,
			changedBecause: 'Clients ask about price first.',
			previous,
			...overrides,
		});

	test('accepted as a record or as JSON text, same title (case and spaces aside) and lower version', () => {
		expect(validateBriefInput(v2(v1), OPTIONS).previous).toEqual(v1);
		expect(validateBriefInput(v2(JSON.stringify(v1)), OPTIONS).previous).toEqual(v1);
		expect(
			validateBriefInput(v2(v1, { title: '  cold CALL  opener ' }), OPTIONS).previous?.id,
		).toBe(v1.id);
	});

	test('another title is refused', () => {
		const error = refusal(v2(v1, { title: 'Warm call opener' }));
		expect(error.field).toBe('previous');
		expect(error.message).toContain('"Cold call opener", not "Warm call opener"');
	});

	test('the same or a higher version is refused', () => {
		const same = refusal(sampleInput({ previous: v1 }));
		expect(same.field).toBe('previous');
		expect(same.message).toContain('previous brief is version 1; this one is version 1');
		expect(same.description).toContain('Set the version to 2');
	});

	test('not JSON, or not a Brief record, is refused', () => {
		expect(refusal(v2('{not json')).message).toContain('not valid JSON');
		expect(refusal(v2({ title: 'Cold call opener', version: 1 })).message).toContain(
			'not a Brief record',
		);
	});
});

describe('error messages name fields as the marketer knows them', () => {
	test('nested and list fields', () => {
		expect(
			refusal(
				sampleInput({
					links: [
						{ title: 'a', url: 'ftp://x' },
						{ title: 'b', url: 'x' },
					],
				}),
			).message,
		).toMatch(/^The address of link 1 must be a web address/);
		expect(refusal(sampleInput({ howToUse: ['ok', 'x'.repeat(1001)] })).message).toMatch(
			/^The step 2 of "how to use" is too long/,
		);
		expect(
			refusal(sampleInput({ expectedEffect: { ...effect, scope: { pipeline: { id: 1 } } } }))
				.message,
		).toBe('The scope pipeline must be text (got an object)');
		expect(refusal(sampleInput({ cause: 'x'.repeat(4001) })).message).toMatch(
			/^The cause \(what we saw\) is too long/,
		);
	});
});
