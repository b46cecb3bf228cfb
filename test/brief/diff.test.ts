import type { BriefChange } from '../../nodes/shared/brief/diff';
import { diffBriefs } from '../../nodes/shared/brief/diff';
import { validateBriefInput } from '../../nodes/shared/brief/input';
import type { Brief } from '../../nodes/shared/brief/types';
import { OPTIONS, sampleInput } from './fixtures';

const v1 = validateBriefInput(sampleInput(), OPTIONS).brief;

function next(change: (brief: Brief) => void): Brief {
	const copy: Brief = JSON.parse(JSON.stringify(v1));
	copy.version = 2;
	copy.id = 'other';
	copy.changedBecause = 'Because.';
	copy.releasedAt = '2026-12-20T09:00:00.000Z';
	change(copy);
	return copy;
}

function byField(changes: BriefChange[]): Record<string, BriefChange> {
	return Object.fromEntries(changes.map((change) => [change.field, change]));
}

describe('diffBriefs', () => {
	test('id, version, releasedAt and changedBecause are not content: no change reported', () => {
		expect(
			diffBriefs(
				v1,
				next(() => undefined),
				'en',
			),
		).toEqual([]);
	});

	test('text fields, one change each, with labels in the brief language', () => {
		const v2 = next((b) => {
			b.cause = 'New cause.';
			b.change = 'New change.';
			b.audience = null;
			b.assetType = 'offer';
		});
		expect(diffBriefs(v1, v2, 'en')).toEqual([
			{ field: 'assetType', label: 'Type', before: 'Sales script', after: 'Offer' },
			{ field: 'cause', label: 'What we saw', before: v1.cause, after: 'New cause.' },
			{ field: 'change', label: 'What changes', before: v1.change, after: 'New change.' },
			{ field: 'audience', label: 'For', before: 'SMB sales team', after: null },
		]);
		const ru = byField(diffBriefs(v1, v2, 'ru'));
		expect(ru.cause.label).toBe('Что мы увидели');
		expect(ru.assetType).toMatchObject({ before: 'Скрипт продаж', after: 'Предложение' });
	});

	test('expected effect: each sub-field separately, values with their unit and dates as shown', () => {
		const v2 = next((b) => {
			b.expectedEffect.target = 30;
			b.expectedEffect.reviewDate = '2027-02-01';
			b.expectedEffect.scope.owner = 'Anna';
		});
		const changes = byField(diffBriefs(v1, v2, 'en'));
		expect(Object.keys(changes)).toEqual([
			'expectedEffect.target',
			'expectedEffect.reviewDate',
			'expectedEffect.scope.owner',
		]);
		expect(changes['expectedEffect.target']).toEqual({
			field: 'expectedEffect.target',
			label: 'Target',
			before: '27%',
			after: '30%',
		});
		expect(changes['expectedEffect.reviewDate']).toMatchObject({
			before: '15 Jan 2027',
			after: '1 Feb 2027',
		});
		expect(changes['expectedEffect.scope.owner']).toMatchObject({
			label: 'Owner',
			before: null,
			after: 'Anna',
		});
		const ru = byField(diffBriefs(v1, v2, 'ru'));
		expect(ru['expectedEffect.target']).toMatchObject({
			label: 'Цель',
			before: '27%',
			after: '30%',
		});
	});

	test('a metric change shows both metric names and the values in their new units', () => {
		const v2 = next((b) => {
			b.expectedEffect = {
				...b.expectedEffect,
				metric: 'speedToLeadP50',
				baseline: 45,
				target: 15,
			};
		});
		const changes = byField(diffBriefs(v1, v2, 'en'));
		expect(changes['expectedEffect.metric']).toMatchObject({
			before: 'Win rate',
			after: 'Speed to lead (median)',
		});
		expect(changes['expectedEffect.baseline']).toMatchObject({
			before: '21%',
			after: '45\u00a0min',
		});
	});

	test('steps compared by position: an edited step, an added step', () => {
		const v2 = next((b) => {
			b.howToUse = [b.howToUse[0], 'Under 3: offer Starter.', b.howToUse[2], 'Book the demo.'];
		});
		expect(diffBriefs(v1, v2, 'en')).toEqual([
			{
				field: 'howToUse[1]',
				label: 'Step 2',
				before: 'Under 5: offer the Starter plan.',
				after: 'Under 3: offer Starter.',
			},
			{ field: 'howToUse[3]', label: 'Step 4', before: null, after: 'Book the demo.' },
		]);
		const removed = diffBriefs(
			v1,
			next((b) => b.howToUse.pop()),
			'ru',
		);
		expect(removed).toEqual([
			{ field: 'howToUse[2]', label: 'Шаг 3', before: 'Log the answer in the deal.', after: null },
		]);
	});

	test('objections matched by their text: a new answer is one change, a new objection an addition, a dropped one a removal', () => {
		const v2 = next((b) => {
			b.objections = [
				{ objection: 'No time', answer: 'Two minutes.' },
				{ objection: 'too  EXPENSIVE', answer: 'Count the cost of one lost deal.' },
			];
		});
		const changes = diffBriefs(v1, v2, 'en');
		expect(changes).toEqual([
			{
				field: 'objections[1].objection',
				label: 'Objection',
				before: 'Too expensive',
				after: 'too  EXPENSIVE',
			},
			{
				field: 'objections[1].answer',
				label: 'Answer to “too  EXPENSIVE”',
				before: 'Compare it with one lost deal a month.',
				after: 'Count the cost of one lost deal.',
			},
			{ field: 'objections[0]', label: 'Objection', before: null, after: 'No time — Two minutes.' },
		]);
		const dropped = diffBriefs(
			v1,
			next((b) => (b.objections = [])),
			'en',
		);
		expect(dropped).toEqual([
			{
				field: 'objections[0]',
				label: 'Objection',
				before: 'Too expensive — Compare it with one lost deal a month.',
				after: null,
			},
		]);
	});

	test('links matched by address: renamed, added, removed', () => {
		const v2 = next((b) => {
			b.links = [
				{ title: 'The script', url: 'https://docs.example.com/script' },
				{ title: 'Pricing', url: 'https://docs.example.com/pricing' },
			];
		});
		expect(diffBriefs(v1, v2, 'en')).toEqual([
			{
				field: 'links[0].title',
				label: 'Link https://docs.example.com/script',
				before: 'Script in Docs',
				after: 'The script',
			},
			{
				field: 'links[1]',
				label: 'Link',
				before: null,
				after: 'Pricing (https://docs.example.com/pricing)',
			},
		]);
	});

	test('confirmation, deadline and evidence', () => {
		const v2 = next((b) => {
			b.ackRequired = false;
			b.deadline = '2026-12-24T20:59:59.999Z';
			b.evidenceUrl = null;
		});
		const changes = byField(diffBriefs(v1, v2, 'ru', 'Europe/Moscow'));
		expect(changes.ackRequired).toMatchObject({
			label: 'Нужно подтверждение',
			before: 'да',
			after: 'нет',
		});
		expect(changes.deadline.before).toMatch(/^4 дек/);
		expect(changes.deadline.after).toMatch(/^24 дек/);
		expect(changes.evidenceUrl).toMatchObject({ before: v1.evidenceUrl, after: null });
	});
});
