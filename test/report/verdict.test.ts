import {
	buildReport,
	computeVerdicts,
	createDimensionReader,
	decideVerdict,
	renderReport,
	resolvePeriod,
} from '../../nodes/shared/report';
import type { VerdictRow } from '../../nodes/shared/report';
import { deal, NOW, plusMinutes } from './fixtures';

const ALL_TIME = resolvePeriod({ preset: 'allTime' }, NOW, 'UTC');
const byChannel = [createDimensionReader('channel', 'UTC')];
const CREATED = '2026-11-01T00:00:00.000Z';

describe('decideVerdict', () => {
	const counts = (leadQuality: number, handling: number, other: number, noReason: number) => ({
		lost: leadQuality + handling + other + noReason,
		leadQuality,
		handling,
		other,
		noReason,
	});

	it.each([
		['too few lost deals', counts(2, 1, 0, 0), 'insufficientData'],
		['nothing lost', counts(0, 0, 0, 0), 'insufficientData'],
		['more than half without a reason', counts(1, 1, 0, 3), 'noReasons'],
		['exactly half without a reason is still judged', counts(3, 0, 0, 3), 'leadQuality'],
		['lead quality at the 60 % threshold', counts(6, 4, 0, 0), 'leadQuality'],
		['handling dominates', counts(1, 4, 0, 0), 'handling'],
		['neither reaches 60 %', counts(5, 4, 0, 0), 'mixed'],
		['other reasons outnumber both together', counts(2, 1, 4, 0), 'otherReasons'],
		['other equal to both together is still judged', counts(3, 0, 3, 0), 'leadQuality'],
	])('%s', (_name, input, expected) => {
		expect(decideVerdict(input, 5, 60)).toBe(expected);
	});

	it('follows the dominance setting', () => {
		expect(decideVerdict(counts(7, 3, 0, 0), 5, 75)).toBe('mixed');
		expect(decideVerdict(counts(8, 2, 0, 0), 5, 75)).toBe('leadQuality');
	});
});

/**
 * ads: 6 lost — 4 "No budget" (lead quality), 1 "No answer" (handling), 1 "Chose a competitor"; contacted after 2 and
 * 4 minutes. calls: 5 lost — 4 "Не дозвонились" (handling), 1 "Не целевой"; contacted after 30, 40 and 50 minutes.
 * tiny: 1 lost.
 */
function fixture() {
	const lost = (source: string, lostReason: string, contactMinutes?: number) =>
		deal({
			source,
			status: 'lost',
			lostReason,
			createdAt: CREATED,
			firstContactAt: contactMinutes === undefined ? null : plusMinutes(CREATED, contactMinutes),
		});
	return [
		lost('ads', 'No budget', 2),
		lost('ads', 'No budget', 4),
		lost('ads', 'No budget'),
		lost('ads', 'No budget'),
		lost('ads', 'No answer'),
		lost('ads', 'Chose a competitor'),
		lost('calls', 'Не дозвонились', 30),
		lost('calls', 'Не дозвонились', 40),
		lost('calls', 'Не дозвонились', 50),
		lost('calls', 'Не дозвонились'),
		lost('calls', 'Не целевой'),
		deal({ source: 'calls', status: 'won' }),
		lost('tiny', 'Spam'),
	];
}

function rowOf(rows: VerdictRow[], key: string): VerdictRow {
	const found = rows.find((row) => row.groupKey === key);
	if (!found) throw new Error(`no row ${key}`);
	return found;
}

describe('computeVerdicts', () => {
	const result = computeVerdicts(fixture(), {
		readers: byChannel,
		period: ALL_TIME,
		nowMs: NOW.getTime(),
	});

	it('judges each channel and shows the numbers behind it', () => {
		expect(rowOf(result.rows, 'ads')).toMatchObject({
			verdict: 'leadQuality',
			lost: 6,
			leadQualityLost: 4,
			handlingLost: 1,
			otherLost: 1,
			leadQualityPct: 66.7,
			handlingPct: 16.7,
			topLeadQualityReason: 'No budget',
			p50FirstContactMinutes: 3,
			slaBreachPct: 0,
		});
		expect(rowOf(result.rows, 'calls')).toMatchObject({
			verdict: 'handling',
			leads: 6,
			won: 1,
			lost: 5,
			winRatePct: 16.7,
			handlingPct: 80,
			topHandlingReason: 'Не дозвонились',
			p50FirstContactMinutes: 40,
			slaBreachPct: 100,
		});
		expect(rowOf(result.rows, 'tiny').verdict).toBe('insufficientData');
	});

	it('orders rows by lost deals', () => {
		expect(result.rows.map((row) => row.groupKey)).toEqual(['ads', 'calls', 'tiny']);
	});
});

describe('verdict sentences', () => {
	it('explains each verdict in one plain English sentence', () => {
		const built = buildReport(fixture(), { report: 'verdict', now: NOW, language: 'en' });
		const rows = built.rows as Array<VerdictRow & { explanation: string }>;
		expect(rowOf(rows, 'ads')).toMatchObject({
			explanation:
				'ads: 66.7% of the 6 lost deals were lost on lead quality (most often “No budget”) and only 16.7% on handling — the leads are the problem, not the follow-up; review targeting and lead forms for this channel.',
		});
		expect((rowOf(rows, 'calls') as VerdictRow & { explanation: string }).explanation).toBe(
			'calls: 80% of the 5 lost deals were lost in handling (most often “Не дозвонились”) and only 20% on lead quality — the leads are fine, the follow-up is not; contact new leads faster (now 100% of leads get their first contact later than the 15-minute SLA).',
		);
		expect((rowOf(rows, 'tiny') as VerdictRow & { explanation: string }).explanation).toBe(
			'tiny: only 1 lost deal — too few to judge (at least 5 needed).',
		);
		expect(built.summary.details).toMatchObject({
			groupsByVerdict: { leadQuality: ['ads'], handling: ['calls'], insufficientData: ['tiny'] },
		});
	});

	it('explains each verdict in one plain Russian sentence, with the right plural forms', () => {
		const built = buildReport(fixture(), { report: 'verdict', now: NOW, language: 'ru' });
		const rows = built.rows as Array<VerdictRow & { explanation: string }>;
		expect((rowOf(rows, 'ads') as VerdictRow & { explanation: string }).explanation).toBe(
			'ads: 66,7% из 6 проигранных сделок потеряны из-за качества лидов (чаще всего «No budget») и лишь 16,7% — на обработке: проблема в самих лидах, а не в работе менеджеров; проверьте таргетинг и формы заявок этого канала.',
		);
		expect((rowOf(rows, 'calls') as VerdictRow & { explanation: string }).explanation).toContain(
			'(сейчас 100% лидов получают первый контакт позже SLA в 15 мин)',
		);
		expect((rowOf(rows, 'tiny') as VerdictRow & { explanation: string }).explanation).toBe(
			'tiny: всего 1 проигранная сделка — слишком мало для вывода (нужно не меньше 5).',
		);
		const text = renderReport(built);
		expect(text.markdown).toContain(
			'Вердикты: Качество лидов — **ads**. Обработка — **calls**. Мало данных — 1.',
		);
	});

	it('names the verdicts for mixed, other reasons and missing reasons', () => {
		const deals = [
			...['No budget', 'Spam', 'No answer', 'No answer', 'Chose a competitor'].map((reason) =>
				deal({ source: 'mixed', status: 'lost', lostReason: reason }),
			),
			...['Too expensive', 'Too expensive', 'Chose a competitor', 'Postponed', 'No answer'].map(
				(reason) => deal({ source: 'price', status: 'lost', lostReason: reason }),
			),
			...[null, null, null, 'No answer', 'Spam'].map((reason) =>
				deal({ source: 'silent', status: 'lost', lostReason: reason }),
			),
		];
		const built = buildReport(deals, { report: 'verdict', now: NOW });
		const explanation = (key: string) =>
			(rowOf(built.rows as VerdictRow[], key) as VerdictRow & { explanation: string }).explanation;
		expect(explanation('mixed')).toBe(
			'mixed: the 5 lost deals split between lead quality (40%) and handling (40%) — both the leads and the follow-up need work.',
		);
		expect(explanation('price')).toBe(
			'price: most of the 5 lost deals (80%) were lost for other reasons (most often “Too expensive”), not lead quality or handling — look at price, competitors and timing.',
		);
		expect(explanation('silent')).toBe(
			"silent: 60% of the 5 lost deals have no loss reason, so the cause can't be told — ask reps to record a reason for every lost deal.",
		);
	});
});
