import {
	buildReport,
	computeLostReasons,
	createDimensionReader,
	renderReport,
	resolvePeriod,
} from '../../nodes/shared/report';
import { deal, NOW } from './fixtures';

const ALL_TIME = resolvePeriod({ preset: 'allTime' }, NOW, 'UTC');
const byChannel = [createDimensionReader('channel', 'UTC')];

/** vk: 4 lost (2 "Not target audience" spelled differently, 1 "No answer", 1 without reason) + 1 won. seo: 1 lost "Chose a competitor". */
function fixture() {
	return [
		deal({ source: 'vk', status: 'lost', lostReason: 'Not target audience' }),
		deal({ source: 'vk', status: 'lost', lostReason: '  not   TARGET audience ' }),
		deal({ source: 'vk', status: 'lost', lostReason: 'No answer' }),
		deal({ source: 'vk', status: 'lost', lostReason: null }),
		deal({ source: 'vk', status: 'won', lostReason: 'ignored on a won deal' }),
		deal({ source: 'seo', status: 'lost', lostReason: 'Chose a competitor' }),
	];
}

describe('lost reasons', () => {
	const result = computeLostReasons(fixture(), { readers: byChannel, period: ALL_TIME });

	it('counts and shares reasons per group, merging spellings and keeping the first one', () => {
		const vk = result.rows.find((row) => row.groupKey === 'vk');
		expect(vk).toEqual({
			report: 'lostReasons',
			groupBy: 'channel',
			groupKey: 'vk',
			group: 'vk',
			leads: 5,
			lost: 4,
			leadQuality: 2,
			handling: 1,
			other: 0,
			noReason: 1,
			leadQualityPct: 50,
			handlingPct: 25,
			otherPct: 0,
			noReasonPct: 25,
			topReason: 'Not target audience',
			reasons: [
				{
					reason: 'Not target audience',
					reasonClass: 'leadQuality',
					classifiedBy: 'builtIn',
					count: 2,
					sharePct: 50,
				},
				{
					reason: 'No answer',
					reasonClass: 'handling',
					classifiedBy: 'builtIn',
					count: 1,
					sharePct: 25,
				},
			],
		});
	});

	it('totals all groups', () => {
		expect(result.totals).toMatchObject({
			lost: 5,
			leadQuality: 2,
			handling: 1,
			other: 1,
			noReason: 1,
			leadQualityPct: 40,
			otherPct: 20,
		});
		expect(result.totals.reasons.map((reason) => [reason.reason, reason.count])).toEqual([
			['Not target audience', 2],
			['Chose a competitor', 1],
			['No answer', 1],
		]);
	});

	it('applies the user mapping to the classes', () => {
		const mapped = computeLostReasons(fixture(), {
			readers: byChannel,
			period: ALL_TIME,
			overrides: [{ match: 'competitor', reasonClass: 'handling' }],
		});
		expect(mapped.totals).toMatchObject({ handling: 2, other: 0 });
		expect(mapped.totals.reasons.find((r) => r.reason === 'Chose a competitor')).toMatchObject({
			reasonClass: 'handling',
			classifiedBy: 'override',
		});
	});

	it('has no shares when nothing was lost', () => {
		const none = computeLostReasons([deal({ status: 'won' }), deal()], {
			readers: byChannel,
			period: ALL_TIME,
		});
		expect(none.totals).toMatchObject({
			lost: 0,
			leadQualityPct: null,
			noReasonPct: null,
			topReason: null,
			reasons: [],
		});
		const text = renderReport(
			buildReport([deal({ status: 'won' })], { report: 'lostReasons', now: NOW }),
		);
		expect(text.markdown).toContain('No lost deals in the period.');
	});

	it('writes the class of each reason in both languages', () => {
		const en = renderReport(
			buildReport(fixture(), { report: 'lostReasons', now: NOW, language: 'en' }),
		);
		expect(en.markdown).toContain('- **Not target audience** — 2 (40%) · lead quality');
		expect(en.markdown).toContain('| vk | 4 | 50% | 25% | 0% | 25% | Not target audience |');
		const ru = renderReport(
			buildReport(fixture(), { report: 'lostReasons', now: NOW, language: 'ru' }),
		);
		expect(ru.markdown).toContain('- **Not target audience** — 2 (40%) · качество лидов');
		expect(ru.markdown).toContain('# Причины отказов (по каналам)');
	});
});
