import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { generateDemoDataset } from '../../nodes/shared/crm/demo/dataset';
import type { Deal } from '../../nodes/shared/model/deal';
import {
	buildReport,
	computeTeamWins,
	createMarketingRule,
	Formatter,
	renderReport,
	ReportError,
	resolvePeriod,
	teamWinsTexts,
} from '../../nodes/shared/report';
import type { ReportRequest, TeamWinsRowWithThanks, ThankYou } from '../../nodes/shared/report';
import type { RunResult } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { deal, NASTY, NOW, plusMinutes } from './fixtures';

/** The formatter's separators: a non-breaking space between a number and its unit. */
const NB = '\u00a0';
/** NOW is 27 Nov 2026, so "last month" is October 2026 (UTC). */
const IN_OCTOBER = '2026-10-15T12:00:00.000Z';
const CREATED = '2026-10-01T09:00:00.000Z';

interface WinSpec {
	owner?: [string, string];
	source?: string;
	crmSource?: string;
	amount?: number | null;
	currency?: string | null;
	contactMinutes?: number | null;
	closedAt?: string | null;
	status?: Deal['status'];
}

function win(spec: WinSpec): Deal {
	return deal({
		ownerId: spec.owner?.[0] ?? null,
		ownerName: spec.owner?.[1] ?? null,
		utm: { source: spec.source ?? null },
		source: spec.crmSource ?? null,
		status: spec.status ?? 'won',
		amount: spec.amount ?? null,
		currency: spec.currency === undefined ? 'RUB' : spec.currency,
		createdAt: CREATED,
		closedAt: spec.closedAt === undefined ? IN_OCTOBER : spec.closedAt,
		firstContactAt:
			spec.contactMinutes === undefined || spec.contactMinutes === null
				? null
				: plusMinutes(CREATED, spec.contactMinutes),
	});
}

const ANNA: [string, string] = ['u1', 'Anna'];
const BORIS: [string, string] = ['u2', 'Boris'];
const CARL: [string, string] = ['u3', 'Carl'];

/**
 * Known answers for last month (October 2026), default marketing rule, currency chosen as RUB (5 RUB wins vs 1 USD):
 * - Anna: 3 marketing wins (vk_ads 1,000,000 + 150,000 + 50,000 RUB = 1,200,000), first contacts 3, 10, 30 min →
 *   median 10, fastest 3. Not counted: a seo win closed in November, a referral win, a vk_ads win without closedAt.
 * - Boris: 3 marketing wins (yandex_direct 300,000 RUB; yandex_direct 100 USD; google_ads without amount), first
 *   contacts 5, 1, 2 min → median 2 (the team's lowest), fastest 1. Not counted: a "Cold call" CRM-source win.
 * - Carl: a "direct" win and a lost vk_ads deal → 0 marketing wins.
 * - No owner: one telegram win of 20,000 RUB. Last, an open vk_ads deal of Boris (never a win).
 * Team: 7 wins, revenue 1,520,000 RUB, 2 reps thanked.
 */
function fixture(): Deal[] {
	return [
		win({ owner: ANNA, source: 'vk_ads', amount: 1_000_000, contactMinutes: 3 }),
		win({ owner: ANNA, source: 'vk_ads', amount: 150_000, contactMinutes: 10 }),
		win({ owner: ANNA, source: 'vk_ads', amount: 50_000, contactMinutes: 30 }),
		win({ owner: ANNA, source: 'seo', amount: 70_000, closedAt: '2026-11-02T10:00:00.000Z' }),
		win({ owner: ANNA, source: 'referral', amount: 90_000, contactMinutes: 1 }),
		win({ owner: ANNA, source: 'vk_ads', amount: 5_000, closedAt: null }),
		win({ owner: BORIS, source: 'yandex_direct', amount: 300_000, contactMinutes: 5 }),
		win({ owner: BORIS, source: 'yandex_direct', amount: 100, currency: 'USD', contactMinutes: 1 }),
		win({ owner: BORIS, source: 'google_ads', amount: null, contactMinutes: 2 }),
		win({ owner: BORIS, crmSource: 'Cold call', amount: 40_000 }),
		win({ owner: CARL, source: 'direct', amount: 10_000 }),
		win({ owner: CARL, source: 'vk_ads', status: 'lost', closedAt: IN_OCTOBER }),
		win({ source: 'telegram', amount: 20_000 }),
		// Open: not a win, whatever the period.
		win({
			owner: BORIS,
			source: 'vk_ads',
			status: 'open',
			amount: 999,
			closedAt: null,
			contactMinutes: 1,
		}),
	];
}

function report(deals: Deal[], extra: Partial<ReportRequest> = {}) {
	return buildReport(deals, {
		report: 'teamWins',
		period: { preset: 'lastMonth' },
		now: NOW,
		timezone: 'UTC',
		trackMembers: true,
		...extra,
	});
}

function rowOf(rows: unknown[], key: string): TeamWinsRowWithThanks {
	const found = (rows as TeamWinsRowWithThanks[]).find((row) => row.groupKey === key);
	if (!found) throw new Error(`no row for owner "${key}"`);
	return found;
}

/** Every number anywhere in a value is finite (JSON would turn NaN/Infinity into null). */
function expectAllFinite(value: unknown, path = 'value'): void {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
		return;
	}
	if (value === null || typeof value !== 'object') return;
	for (const [key, entry] of Object.entries(value)) expectAllFinite(entry, `${path}.${key}`);
}

describe('team wins: counts, revenue and first contacts per owner', () => {
	const built = report(fixture());

	it('counts marketing wins closed in the period, per owner, with revenue in the report currency', () => {
		expect(built.summary.details.currency).toBe('RUB');
		expect(rowOf(built.rows, 'u1')).toMatchObject({
			report: 'teamWins',
			groupBy: 'owner',
			group: 'Anna',
			wins: 3,
			revenue: 1_200_000,
			currency: 'RUB',
			averageDeal: 400_000,
			wonWithoutAmount: 0,
			revenueInOtherCurrencies: {},
			firstContactMeasured: 3,
			fastestFirstContactMinutes: 3,
			medianFirstContactMinutes: 10,
		});
		expect(rowOf(built.rows, 'u2')).toMatchObject({
			wins: 3,
			revenue: 300_000,
			averageDeal: 300_000,
			wonWithoutAmount: 1,
			revenueInOtherCurrencies: { USD: 100 },
			firstContactMeasured: 3,
			fastestFirstContactMinutes: 1,
			medianFirstContactMinutes: 2,
		});
		expect(built.summary.totals).toMatchObject({
			wins: 7,
			revenue: 1_520_000,
			revenueInOtherCurrencies: { USD: 100 },
			reps: 2,
		});
		expect(built.summary.deals).toMatchObject({
			inputDeals: 14,
			wonInPeriod: 10,
			marketingWins: 7,
			outsidePeriod: 1,
			noClosedDate: 1,
			winsWithoutOwner: 1,
		});
		expect(built.summary.details.notCountedByChannel).toEqual({
			referral: 1,
			'Cold call': 1,
			direct: 1,
		});
	});

	it('orders rows by wins then revenue, keeps owners without wins (not thanked) and the no-owner row', () => {
		expect(built.rows.map((row) => [row.groupKey, (row as TeamWinsRowWithThanks).wins])).toEqual([
			['u1', 3],
			['u2', 3],
			['', 1],
			['u3', 0],
		]);
		expect(rowOf(built.rows, '').thankYou).toBeNull();
		expect(rowOf(built.rows, '').group).toBeNull();
		expect(rowOf(built.rows, 'u3').thankYou).toBeNull();
		expect(rowOf(built.rows, 'u3').winsSharePct).toBe(0);
		expect(rowOf(built.rows, 'u1').winsSharePct).toBe(42.9);
	});

	it('thanks each rep with wins in one concrete English sentence; the team’s lowest median is named once', () => {
		expect(rowOf(built.rows, 'u1').thankYou).toBe(
			`Anna, thank you: 3 deals won from marketing leads last month, 1.2${NB}M${NB}RUB revenue, and first contact in 10${NB}min (median).`,
		);
		expect(rowOf(built.rows, 'u2').thankYou).toBe(
			`Boris, thank you: 3 deals won from marketing leads last month, 300${NB}K${NB}RUB revenue, and the fastest first contacts in the team — 2${NB}min (median).`,
		);
		expect(built.summary.findings).toEqual([
			rowOf(built.rows, 'u1').thankYou,
			rowOf(built.rows, 'u2').thankYou,
		]);
		expect((built.summary.details.thankYous as ThankYou[]).map((entry) => entry.ownerId)).toEqual([
			'u1',
			'u2',
		]);
		expect(built.summary.headline).toBe(
			`7 deals won from marketing leads last month by 2 reps, 1.5${NB}M${NB}RUB revenue; most wins: Anna (3).`,
		);
		expect(built.summary.details.fastestFirstContacts).toEqual({
			medianMinutes: 2,
			owners: [{ ownerId: 'u2', owner: 'Boris' }],
		});
	});

	it('says the same in Russian, with correct plural forms', () => {
		const ru = report(fixture(), { language: 'ru' });
		expect(rowOf(ru.rows, 'u1').thankYou).toBe(
			`Anna, спасибо: 3 выигранные сделки из маркетинговых лидов в прошлом месяце, 1,2${NB}млн${NB}RUB выручки и первый контакт за 10${NB}мин (медиана).`,
		);
		expect(rowOf(ru.rows, 'u2').thankYou).toBe(
			`Boris, спасибо: 3 выигранные сделки из маркетинговых лидов в прошлом месяце, 300${NB}тыс.${NB}RUB выручки и самые быстрые первые контакты в команде — 2${NB}мин (медиана).`,
		);
		expect(ru.summary.headline).toBe(
			`7 выигранных сделок из маркетинговых лидов в прошлом месяце, 2 менеджера, выручка 1,5${NB}млн${NB}RUB; больше всех побед — Anna (3).`,
		);
		const t = teamWinsTexts('ru');
		const f = new Formatter('ru');
		const say = (wins: number) =>
			t.thankYou(
				{
					name: 'Анна',
					wins,
					period: 'в этом месяце',
					revenue: null,
					teamBest: null,
					ownMedian: null,
				},
				f,
			);
		expect(say(1)).toBe('Анна, спасибо: 1 выигранная сделка из маркетинговых лидов в этом месяце.');
		expect(say(2)).toBe('Анна, спасибо: 2 выигранные сделки из маркетинговых лидов в этом месяце.');
		expect(say(5)).toBe('Анна, спасибо: 5 выигранных сделок из маркетинговых лидов в этом месяце.');
		expect(say(11)).toBe(
			'Анна, спасибо: 11 выигранных сделок из маркетинговых лидов в этом месяце.',
		);
		expect(say(21)).toBe(
			'Анна, спасибо: 21 выигранная сделка из маркетинговых лидов в этом месяце.',
		);
		expect(t.notCounted('referral 31', 31, f)).toBe(
			'Не учтена: 31 выигранная сделка из других каналов (referral 31).',
		);
		expect(t.notCounted('referral 3', 3, f)).toBe(
			'Не учтены: 3 выигранные сделки из других каналов (referral 3).',
		);
		const short = (value: number, language: 'en' | 'ru') =>
			teamWinsTexts(language).compactMoney(value, 'RUB', new Formatter(language));
		expect([9_999, 10_000, 999_499, 999_500, 1_250_000].map((v) => short(v, 'en'))).toEqual([
			`9,999${NB}RUB`,
			`10${NB}K${NB}RUB`,
			`999${NB}K${NB}RUB`,
			`1${NB}M${NB}RUB`,
			`1.3${NB}M${NB}RUB`,
		]);
		expect(short(1_250_000, 'ru')).toBe(`1,3${NB}млн${NB}RUB`);
		expect(short(350_000, 'ru')).toBe(`350${NB}тыс.${NB}RUB`);
		const en = teamWinsTexts('en');
		expect(
			en.thankYou(
				{ name: 'Ann', wins: 1, period: '', revenue: null, teamBest: null, ownMedian: null },
				new Formatter('en'),
			),
		).toBe('Ann, thank you: 1 deal won from marketing leads.');
	});

	it('warns about wins without owner, without closing date, without amount and in another currency', () => {
		expect(built.summary.warnings).toEqual([
			'1 won deal has no closing date (closedAt) and is left out of a dated period.',
			'1 marketing win has no owner and is credited to nobody.',
			`Not added to the revenue because they are in another currency: 100${NB}USD.`,
			'1 win has no amount and is not in the revenue.',
		]);
	});

	it('pairs each row with its wins; an owner without wins with all of their deals', () => {
		const deals = fixture();
		const positions = (key: string) => Array.from(built.members?.positions('owner', key) ?? []);
		expect(positions('u1')).toEqual([0, 1, 2]);
		expect(positions('u2')).toEqual([6, 7, 8]);
		expect(positions('')).toEqual([12]);
		expect(positions('u3')).toEqual([10, 11]);
		expect(deals[10].owner?.id).toBe('u3');
	});

	it('has no NaN or Infinity anywhere, and stops with a message when amounts overflow', () => {
		expectAllFinite(built.rows);
		expectAllFinite(built.summary);
		const huge = [
			win({ owner: ANNA, source: 'vk_ads', amount: 1e308 }),
			win({ owner: ANNA, source: 'vk_ads', amount: 1e308 }),
		];
		expect(() => report(huge)).toThrow(ReportError);
	});
});

describe('team wins: which channels are marketing’s', () => {
	it('by default: every channel but none, direct, referral, partner and sales-made (case, _ and - ignored)', () => {
		const isMarketing = createMarketingRule(undefined, undefined);
		for (const channel of ['vk_ads', 'Yandex Direct', 'seo', 'email', 'telegram'])
			expect([channel, isMarketing(channel)]).toEqual([channel, true]);
		for (const channel of [
			'',
			' ',
			'Referral',
			'cold_call',
			'Cold-Call',
			'(none)',
			'DIRECT',
			'Рекомендация',
		])
			expect([channel, isMarketing(channel)]).toEqual([channel, false]);
	});

	it('with the Marketing Channels list: only those, matched on the key or its Channel Name', () => {
		const onlyVk = report(fixture(), { marketingChannels: ['VK_ADS'] });
		expect(rowOf(onlyVk.rows, 'u1').wins).toBe(3);
		expect(rowOf(onlyVk.rows, 'u2').wins).toBe(0);
		expect(onlyVk.rows.map((row) => row.groupKey)).toEqual(['u1', 'u2', 'u3', '']);
		expect(onlyVk.summary.details.marketingChannels).toEqual({
			rule: 'list',
			withWins: ['vk_ads'],
		});
		expect(renderReport(onlyVk).markdown).toContain('Marketing channels: vk\\_ads.');

		const byName = report(fixture(), {
			marketingChannels: ['Yandex Direct'],
			channelNames: [{ key: 'yandex_direct', name: 'Yandex Direct' }],
		});
		expect(rowOf(byName.rows, 'u2').wins).toBe(2);
		expect(rowOf(byName.rows, 'u1').wins).toBe(0);
		// With a list, a referral win may count too: the list decides, not the built-in rule.
		const referral = report(fixture(), { marketingChannels: ['referral'] });
		expect(rowOf(referral.rows, 'u1').wins).toBe(1);
	});
});

describe('team wins: currency, missing first contacts, empty periods', () => {
	it('uses the chosen currency and leaves the others out of revenue (a rep with none gets no revenue words)', () => {
		const usd = report(fixture(), { currency: 'usd' });
		expect(rowOf(usd.rows, 'u2')).toMatchObject({
			revenue: 100,
			currency: 'USD',
			revenueInOtherCurrencies: { RUB: 300_000 },
		});
		expect(rowOf(usd.rows, 'u1')).toMatchObject({
			revenue: 0,
			averageDeal: null,
			revenueInOtherCurrencies: { RUB: 1_200_000 },
		});
		expect(rowOf(usd.rows, 'u1').thankYou).toBe(
			`Anna, thank you: 3 deals won from marketing leads last month and first contact in 10${NB}min (median).`,
		);
		expect(usd.summary.warnings).toContain(
			`Not added to the revenue because they are in another currency: 1,520,000${NB}RUB.`,
		);
	});

	it('without first-contact times: says First Contact is off in CRM Sales Data, and thanks without speed', () => {
		const deals = fixture().map((entry) => ({ ...entry, firstContactAt: null }));
		const built = report(deals);
		expect(built.summary.warnings).toContain(
			'None of the wins has a first-contact time (firstContactAt), so the thanks say nothing about speed. In CRM Sales Data, First Contact is off: set Options → First Contact to "First Human Touch".',
		);
		expect(rowOf(built.rows, 'u2').thankYou).toBe(
			`Boris, thank you: 3 deals won from marketing leads last month and 300${NB}K${NB}RUB revenue.`,
		);
		expect(rowOf(built.rows, 'u1').medianFirstContactMinutes).toBeNull();
		expect(built.summary.details.fastestFirstContacts).toBeNull();
	});

	it('never names a slow median in a thank-you (above the SLA), and needs 3 timed wins to name one', () => {
		const slow = [40, 50, 60].map((minutes) =>
			win({ owner: ANNA, source: 'vk_ads', amount: 1000, contactMinutes: minutes }),
		);
		const few = [1, 2].map((minutes) =>
			win({ owner: BORIS, source: 'vk_ads', amount: 1000, contactMinutes: minutes }),
		);
		const built = report([...slow, ...few]);
		expect(rowOf(built.rows, 'u1').medianFirstContactMinutes).toBe(50);
		expect(rowOf(built.rows, 'u1').thankYou).toBe(
			`Anna, thank you: 3 deals won from marketing leads last month and 3,000${NB}RUB revenue.`,
		);
		expect(rowOf(built.rows, 'u2').thankYou).toBe(
			`Boris, thank you: 2 deals won from marketing leads last month and 2,000${NB}RUB revenue.`,
		);
		const strictSla = report(fixture(), { slaMinutes: 5 });
		expect(rowOf(strictSla.rows, 'u1').thankYou).not.toContain('first contact');
	});

	it('a period without marketing wins thanks nobody and says so', () => {
		const built = report(fixture(), {
			period: { preset: 'thisYear' },
			now: new Date('2027-03-01T00:00:00Z'),
		});
		expect(built.summary.headline).toBe(
			"No deal from marketing's channels was won this year, so there is no one to thank yet.",
		);
		expect(built.summary.findings).toEqual([]);
		expect(built.rows.every((row) => (row as TeamWinsRowWithThanks).wins === 0)).toBe(true);
		expect(renderReport(built).markdown).toContain('so there is no one to thank yet');
	});

	it('counts wins by closing date: all time takes every win, a custom period names its dates', () => {
		const all = report(fixture(), { period: { preset: 'allTime' } });
		// Anna's November seo win and the undated vk_ads win now count.
		expect(rowOf(all.rows, 'u1').wins).toBe(5);
		expect(rowOf(all.rows, 'u1').thankYou).toMatch(
			/^Anna, thank you: 5 deals won from marketing leads, /,
		);
		const custom = report(fixture(), {
			period: { preset: 'custom', from: '2026-10-01', to: '2026-10-31' },
		});
		expect(rowOf(custom.rows, 'u1').thankYou).toMatch(
			/^Anna, thank you: 3 deals won from marketing leads from 1 Oct 2026 to 31 Oct 2026, /,
		);
	});

	it('is always per owner: another Group By is refused with what to do', () => {
		expect(() => report(fixture(), { groupBy: ['channel'] })).toThrow(
			/Team wins is always per owner/,
		);
	});
});

/** Telegram's HTML mode accepts only these tags (core.telegram.org/bots/api#html-style). */
const TELEGRAM_TAGS = new Set(['b', 'i', 'u', 's', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler']);

function expectValidTelegramHtml(message: string): void {
	const stack: string[] = [];
	for (const match of message.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
		const [, closing, tag] = match;
		expect(TELEGRAM_TAGS.has(tag)).toBe(true);
		if (closing) expect(stack.pop()).toBe(tag);
		else stack.push(tag);
	}
	expect(stack).toEqual([]);
	expect(message.replace(/&(amp|lt|gt|quot);/g, '')).not.toContain('&');
}

describe('team wins: hostile owner names stay text in every channel', () => {
	const SLACK_PING = '<!channel> <@U123ABC> *bold* _it_ `code`';
	const names = [NASTY, SLACK_PING, 'Eve\n# Heading\n- item', '<script>alert(1)</script>'];
	const deals = names.flatMap((name, index) =>
		[1, 2, 3].map((minutes) =>
			win({
				owner: [`h${index}`, name],
				source: 'vk_ads',
				amount: 1000,
				contactMinutes: minutes + index,
			}),
		),
	);
	const built = report(deals);
	const out = renderReport(built);

	it('thanks every hostile name, on one line', () => {
		const texts = (built.summary.details.thankYous as ThankYou[]).map((entry) => entry.text);
		expect(texts).toHaveLength(4);
		expect(texts.every((text) => !text.includes('\n'))).toBe(true);
		expect(texts.some((text) => text.startsWith('Eve # Heading - item, thank you: 3 deals'))).toBe(
			true,
		);
	});

	it('Markdown, Telegram, Slack and e-mail escape them', () => {
		expect(out.markdown).not.toContain('<b>');
		expect(out.markdown).not.toContain('<script>');
		expect(out.markdown).not.toContain('<!channel>');
		expect(out.markdown).toContain('\\<b\\>x\\</b\\>');
		out.telegram.forEach(expectValidTelegramHtml);
		const telegram = out.telegram.join('\n');
		expect(telegram).not.toContain('<b>x</b>');
		expect(telegram).not.toContain('<script>');
		expect(telegram).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		const slack = JSON.stringify(out.slack);
		expect(slack).not.toContain('<!channel>');
		expect(slack).not.toContain('<@U123ABC>');
		expect(slack).toContain('&lt;!channel&gt;');
		expect(out.email.html).not.toContain('<script>');
		expect(out.email.html).not.toContain('<b>x</b>');
		expect(out.email.html).toContain('&lt;script&gt;');
		expect(out.email.text).toContain(NASTY);
	});
});

describe('team wins on the Demo CRM', () => {
	const now = new Date('2026-11-27T10:00:00Z');
	const { deals } = generateDemoDataset({ now, language: 'en' });

	it('thanks first the owner with the most marketing wins in the last 30 days, computed here from the raw deals', () => {
		// Independently of the report: won deals closed in the 30 days before `now` whose channel is one of the Demo
		// CRM's paid/organic/social sources (referral and deals without a source are not marketing's).
		const marketing = new Set(['yandex_direct', 'vk_ads', 'google_ads', 'seo', 'telegram']);
		const to = now.getTime();
		const from = to - 30 * 24 * 60 * 60 * 1000;
		const wins = new Map<string, { wins: number; revenue: number }>();
		for (const entry of deals) {
			const closed = entry.closedAt === null ? NaN : Date.parse(entry.closedAt);
			const channel = entry.utm.source ?? entry.source ?? '';
			if (entry.status !== 'won' || !(closed >= from && closed < to) || !marketing.has(channel))
				continue;
			const owner = entry.owner?.id ?? '';
			const acc = wins.get(owner) ?? { wins: 0, revenue: 0 };
			acc.wins++;
			if (entry.currency === 'USD' && (entry.amount ?? 0) > 0) acc.revenue += entry.amount ?? 0;
			wins.set(owner, acc);
		}
		const ranked = [...wins].sort((a, b) => b[1].wins - a[1].wins || b[1].revenue - a[1].revenue);
		const [topOwner, top] = ranked[0];
		expect(top.wins).toBeGreaterThan(ranked[1][1].wins);

		const built = buildReport(deals, {
			report: 'teamWins',
			period: { preset: 'last30Days' },
			now,
			timezone: 'UTC',
		});
		const first = built.rows[0] as TeamWinsRowWithThanks;
		expect(first.groupKey).toBe(topOwner);
		expect(first.wins).toBe(top.wins);
		expect(first.revenue).toBeCloseTo(top.revenue, 2);
		expect(built.summary.totals.wins).toBe([...wins.values()].reduce((sum, w) => sum + w.wins, 0));
		expect((built.summary.details.thankYous as ThankYou[])[0].ownerId).toBe(topOwner);
		expect(first.thankYou).toMatch(
			new RegExp(
				`^${first.group}, thank you: ${top.wins} deals won from marketing leads in the last 30 days, `,
			),
		);
		expectAllFinite(built.summary);
	});
});

const REPORT = `${PACKAGE}.salesMarketingReport`;

function outputItems(result: RunResult, output: number): INodeExecutionData[] {
	return result.run.data.resultData.runData.Node[0].data?.main?.[output] ?? [];
}

describe('team wins in the real engine', () => {
	it('returns the Summary with thank-yous, rows per owner paired with their wins, and valid Telegram HTML', async () => {
		const items = fixture() as unknown as IDataObject[];
		const result = await runWorkflow({
			...singleNodeWorkflow(REPORT, {
				operation: 'teamWins',
				// Left over from another report type: team wins ignores it.
				groupBy: 'channel',
				period: 'lastMonth',
				language: 'ru',
				options: {
					now: '2026-11-27T10:00:00Z',
					timezone: 'UTC',
					marketingChannels: 'vk_ads, yandex_direct,google_ads , telegram',
				},
			}),
			pinData: { Start: items.map((json) => ({ json })) },
		});
		expect(result.error).toBeUndefined();
		const [summary] = outputItems(result, 0);
		expect(summary.json).toMatchObject({ report: 'teamWins', language: 'ru', groupBy: ['owner'] });
		expect(summary.json.headline).toBe(
			`7 выигранных сделок из маркетинговых лидов в прошлом месяце, 2 менеджера, выручка 1,5${NB}млн${NB}RUB; больше всех побед — Anna (3).`,
		);
		const thanks = (summary.json.details as IDataObject).thankYous as ThankYou[];
		expect(thanks.map((entry) => entry.ownerId)).toEqual(['u1', 'u2']);
		expect(summary.json.findings).toEqual(thanks.map((entry) => entry.text));
		const telegram = summary.json.telegram as string[];
		telegram.forEach(expectValidTelegramHtml);
		expect(telegram.join('\n')).toContain('<b>Anna</b>, спасибо: 3 выигранные сделки');
		expect((summary.json.email as IDataObject).subject).toBe('Победы команды (по менеджерам)');

		const rows = outputItems(result, 1);
		expect(rows.map((row) => row.json.groupKey)).toEqual(['u1', 'u2', '', 'u3']);
		const anna = rows[0];
		expect(anna.json).toMatchObject({
			group: 'Anna',
			groupBy: 'owner',
			wins: 3,
			revenue: 1_200_000,
		});
		expect((anna.json.details as IDataObject).thankYou).toBe(thanks[0].text);
		expect(anna.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(rows[3].pairedItem).toEqual([{ item: 10 }, { item: 11 }]);
		for (const { json } of rows) {
			const entries = Object.entries(json);
			expect(entries[entries.length - 1][0]).toBe('details');
			const nested = entries
				.slice(0, -1)
				.filter(([, value]) => value !== null && typeof value === 'object');
			expect(nested).toEqual([]);
		}
	});

	it('stops on a Marketing Channels value that is not a list', async () => {
		const result = await runWorkflow({
			...singleNodeWorkflow(REPORT, {
				operation: 'teamWins',
				options: { marketingChannels: '={{ 42 }}' },
			}),
			pinData: { Start: fixture().map((json) => ({ json: json as unknown as IDataObject })) },
		});
		expect(result.error?.message).toBe(
			'"Marketing Channels" must be a comma-separated list of channels (got number 42)',
		);
	});
});

describe('team wins computation alone', () => {
	it('works without a Group By reader and without tracking', () => {
		const result = computeTeamWins(fixture(), {
			period: resolvePeriod({ preset: 'lastMonth' }, NOW, 'UTC'),
		});
		expect(result.members).toBeNull();
		expect(result.totals.wins).toBe(7);
		expect(result.marketingChannels).toEqual(['vk_ads', 'yandex_direct', 'google_ads', 'telegram']);
	});
});
