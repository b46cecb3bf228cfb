import { demoAdapter, demoNotes } from '../nodes/shared/crm/demo/adapter';
import {
	DEMO_TRUTHS,
	DEMO_UI_URL,
	generateDemoDataset,
	mulberry32,
	truncateToUtcHour,
} from '../nodes/shared/crm/demo/dataset';
import type { DemoDataset } from '../nodes/shared/crm/demo/dataset';
import type { Deal, DealStatus } from '../nodes/shared/model/deal';
import { dealQuery, DealNotFoundError } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';

const NOW = new Date('2025-03-10T12:34:56.789Z');
const HOUR_START = Date.parse('2025-03-10T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The loss-reason names the report's classifier is built against (the brief lists them verbatim). */
const REASON_CLASSES = {
	en: {
		quality: ['Not target audience', 'No budget', 'Spam / duplicate', 'Wrong region'],
		handling: [
			'No answer',
			'Could not reach after first contact',
			'Slow follow-up — client went elsewhere',
		],
		other: ['Chose a competitor', 'Postponed purchase'],
	},
	ru: {
		quality: ['Не целевой', 'Нет бюджета', 'Спам / дубль', 'Не тот регион'],
		handling: [
			'Не дозвонились',
			'Не вышли на связь после первого контакта',
			'Долго не перезванивали — ушёл к другим',
		],
		other: ['Выбрал конкурента', 'Отложил покупку'],
	},
} as const;

const CHANNELS: Record<string, string> = {
	yandex_direct: 'cpc',
	vk_ads: 'paid_social',
	google_ads: 'cpc',
	seo: 'organic',
	telegram: 'social',
	referral: 'referral',
};

const DEAL_KEYS = [
	'amount',
	'closedAt',
	'createdAt',
	'crm',
	'currency',
	'firstContactAt',
	'id',
	'kind',
	'lostReason',
	'owner',
	'pipeline',
	'source',
	'stage',
	'status',
	'title',
	'updatedAt',
	'url',
	'utm',
];

const datasets = {
	en: generateDemoDataset({ now: NOW, language: 'en' }),
	ru: generateDemoDataset({ now: NOW, language: 'ru' }),
};

function ms(iso: string | null): number {
	if (iso === null) throw new Error('expected a date');
	return Date.parse(iso);
}

function share(part: number, whole: number): number {
	return whole === 0 ? 0 : part / whole;
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function groupBy<K>(deals: Deal[], key: (deal: Deal) => K): Map<K, Deal[]> {
	const groups = new Map<K, Deal[]>();
	for (const deal of deals) {
		const k = key(deal);
		const list = groups.get(k) ?? [];
		list.push(deal);
		groups.set(k, list);
	}
	return groups;
}

/** Runs a check over many records and returns "id: problem" lines, so one failure names the record. */
function collectProblems(
	deals: Deal[],
	check: (deal: Deal, problem: (what: string) => void) => void,
): string[] {
	const problems: string[] = [];
	for (const deal of deals) check(deal, (what) => problems.push(`${deal.id}: ${what}`));
	return problems;
}

/** Walks a value and returns the paths of every empty string in it. */
function emptyStrings(value: unknown, path = ''): string[] {
	if (value === '') return [path];
	if (value === null || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([k, v]) => emptyStrings(v, `${path}.${k}`));
}

function session(overrides: Partial<CrmSession> = {}): CrmSession {
	const http = new CrmHttpClient(
		async () => {
			throw new Error('The Demo CRM must not send requests');
		},
		{ policy: demoAdapter.ratePolicy, sleep: async () => undefined },
	);
	return { http, baseUrl: '', uiUrl: DEMO_UI_URL, language: 'en', now: NOW, ...overrides };
}

const query = dealQuery;

describe('mulberry32', () => {
	it('repeats its sequence for a seed and differs between seeds', () => {
		const a = mulberry32(7);
		const b = mulberry32(7);
		const c = mulberry32(8);
		const first = Array.from({ length: 5 }, () => a());
		expect(Array.from({ length: 5 }, () => b())).toEqual(first);
		expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
		for (const value of first) {
			expect(value).toBeGreaterThanOrEqual(0);
			expect(value).toBeLessThan(1);
		}
	});
});

describe('generateDemoDataset: determinism', () => {
	it('gives byte-identical output for the same options', () => {
		const again = generateDemoDataset({ now: new Date(NOW), language: 'en' });
		expect(JSON.stringify(again)).toBe(JSON.stringify(datasets.en));
	});

	it('gives the same output anywhere inside the same UTC hour, and new output the next hour', () => {
		const sameHour = generateDemoDataset({
			now: new Date('2025-03-10T12:59:59.999Z'),
			language: 'en',
		});
		expect(JSON.stringify(sameHour)).toBe(JSON.stringify(datasets.en));
		const nextHour = generateDemoDataset({ now: new Date('2025-03-10T13:00:00Z'), language: 'en' });
		expect(JSON.stringify(nextHour)).not.toBe(JSON.stringify(datasets.en));
		expect(truncateToUtcHour(NOW).toISOString()).toBe('2025-03-10T12:00:00.000Z');
	});

	it('changes with the seed', () => {
		const other = generateDemoDataset({ now: NOW, language: 'en', seed: 1 });
		expect(other.deals.length).toBe(datasets.en.deals.length);
		expect(JSON.stringify(other.deals)).not.toBe(JSON.stringify(datasets.en.deals));
	});

	it('describes the same deals in both languages; only texts and currency differ', () => {
		const { en, ru } = datasets;
		expect(ru.deals.length).toBe(en.deals.length);
		ru.deals.forEach((deal, i) => {
			const twin = en.deals[i];
			expect([deal.id, deal.status, deal.createdAt, deal.closedAt, deal.firstContactAt]).toEqual([
				twin.id,
				twin.status,
				twin.createdAt,
				twin.closedAt,
				twin.firstContactAt,
			]);
			expect(deal.utm.source).toBe(twin.utm.source);
			expect(deal.owner?.id).toBe(twin.owner?.id);
			expect(deal.amount === null).toBe(twin.amount === null);
		});
	});
});

describe('generateDemoDataset: sizes', () => {
	it('defaults to 2,400 deals and 300 leads', () => {
		expect(datasets.en.deals).toHaveLength(2400);
		expect(datasets.en.leads).toHaveLength(300);
		expect(datasets.en.deals.every((d) => d.kind === 'deal')).toBe(true);
		expect(datasets.en.leads.every((d) => d.kind === 'lead')).toBe(true);
	});

	it('honours size, including zero, and rejects nonsense', () => {
		const small = generateDemoDataset({ now: NOW, language: 'en', size: 80 });
		expect(small.deals).toHaveLength(80);
		expect(small.leads).toHaveLength(10);
		const empty = generateDemoDataset({ now: NOW, language: 'en', size: 0 });
		expect(empty.deals).toHaveLength(0);
		expect(empty.pipelines).toHaveLength(2);
		expect(() => generateDemoDataset({ now: NOW, language: 'en', size: -1 })).toThrow(RangeError);
		expect(() => generateDemoDataset({ now: NOW, language: 'en', size: 2.5 })).toThrow(RangeError);
		expect(() => generateDemoDataset({ now: new Date('junk'), language: 'en' })).toThrow(
			RangeError,
		);
	});

	it('gives every deal and lead its own id', () => {
		const ids = [...datasets.en.deals, ...datasets.en.leads].map((d) => d.id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe.each(['en', 'ru'] as const)('generateDemoDataset (%s): records', (language) => {
	const data: DemoDataset = datasets[language];
	const all = [...data.deals, ...data.leads];
	const currency = language === 'en' ? 'USD' : 'RUB';

	it('fills exactly the Deal fields, with the promised types and no empty strings', () => {
		const problems = collectProblems(all, (deal, problem) => {
			if (Object.keys(deal).sort().join() !== DEAL_KEYS.join()) problem('field set');
			for (const path of emptyStrings(deal)) problem(`empty string at ${path}`);
			if (deal.crm !== 'demo') problem('crm');
			if (!/^\d+$/.test(deal.id)) problem('id');
			if (typeof deal.title !== 'string') problem('title');
			if (!['open', 'won', 'lost'].includes(deal.status)) problem('status');
			if (Object.keys(deal.utm).sort().join() !== 'campaign,content,medium,source,term') {
				problem('utm fields');
			}
			for (const field of ['createdAt', 'updatedAt', 'closedAt', 'firstContactAt'] as const) {
				const value = deal[field];
				if (value !== null && !ISO_UTC.test(value)) problem(`${field} format`);
			}
			if (deal.amount === null) {
				if (deal.currency !== null) problem('currency without amount');
			} else {
				if (!Number.isInteger(deal.amount) || deal.amount <= 0) problem('amount');
				if (deal.currency !== currency) problem('currency');
			}
			const path = deal.kind === 'deal' ? 'deals' : 'leads';
			if (deal.url !== `${DEMO_UI_URL}/${path}/${deal.id}`) problem('url');
		});
		expect(problems).toEqual([]);
	});

	it('keeps every date inside the 180 days before the hour, in a sensible order', () => {
		const earliest = HOUR_START - 180 * DAY_MS;
		const problems = collectProblems(all, (deal, problem) => {
			const created = ms(deal.createdAt);
			const updated = ms(deal.updatedAt);
			if (created <= earliest || created > HOUR_START) problem('createdAt outside the window');
			if (updated < created || updated > HOUR_START) problem('updatedAt');
			if (deal.status === 'open') {
				if (deal.closedAt !== null) problem('open deal with closedAt');
			} else if (deal.closedAt === null) {
				problem('closed deal without closedAt');
			} else {
				const closed = ms(deal.closedAt);
				if (closed < created || closed > updated) problem('closedAt');
			}
			if (deal.firstContactAt !== null) {
				const contacted = ms(deal.firstContactAt);
				if (contacted < created || contacted > HOUR_START) problem('firstContactAt');
				if (deal.closedAt !== null && contacted > ms(deal.closedAt)) {
					problem('first contact after closing');
				}
			}
		});
		expect(problems).toEqual([]);
		// Spread over the whole window, not bunched at one end.
		const createdDays = data.deals.map((d) => (HOUR_START - ms(d.createdAt)) / DAY_MS);
		expect(Math.min(...createdDays)).toBeLessThan(1);
		expect(Math.max(...createdDays)).toBeGreaterThan(179);
	});

	it('has roughly 30 % open, 25 % won and 45 % lost deals', () => {
		const count = (status: DealStatus) => data.deals.filter((d) => d.status === status).length;
		const n = data.deals.length;
		expect(share(count('open'), n)).toBeGreaterThan(0.25);
		expect(share(count('open'), n)).toBeLessThan(0.35);
		expect(share(count('won'), n)).toBeGreaterThan(0.2);
		expect(share(count('won'), n)).toBeLessThan(0.3);
		expect(share(count('lost'), n)).toBeGreaterThan(0.4);
		expect(share(count('lost'), n)).toBeLessThan(0.5);
	});

	it('uses exactly the agreed loss reasons, on lost records only', () => {
		const classes = REASON_CLASSES[language];
		const names = [...classes.quality, ...classes.handling, ...classes.other];
		expect(data.lossReasons.map((r) => r.name)).toEqual(names);
		expect(new Set(data.lossReasons.map((r) => r.id)).size).toBe(names.length);
		const used = new Set<string>();
		for (const deal of all) if (deal.lostReason !== null) used.add(deal.lostReason);
		expect(all.filter((d) => d.status !== 'lost' && d.lostReason !== null)).toEqual([]);
		expect([...used].sort()).toEqual([...names].sort());
		// A few lost deals without a reason: a real gap the SLA report counts.
		const lost = data.deals.filter((d) => d.status === 'lost');
		const noReason = lost.filter((d) => d.lostReason === null).length;
		expect(noReason).toBeGreaterThan(0);
		expect(share(noReason, lost.length)).toBeLessThan(0.1);
	});

	it('has six reps, two pipelines with 4–6 open stages plus won and lost, and deals that fit them', () => {
		expect(data.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
		expect(data.users.find((u) => u.id === 'u5')?.name).toBe(
			language === 'en' ? 'Oleg Petrov' : 'Олег Петров',
		);
		expect(data.pipelines.map((p) => p.name)).toEqual(
			language === 'en' ? ['Sales', 'Partners'] : ['Продажи', 'Партнёры'],
		);
		expect(data.pipelines.filter((p) => p.isDefault).map((p) => p.id)).toEqual(['1']);
		for (const pipeline of data.pipelines) {
			const open = pipeline.stages.filter((s) => s.status === 'open').length;
			expect(open).toBeGreaterThanOrEqual(4);
			expect(open).toBeLessThanOrEqual(6);
			expect(pipeline.stages.filter((s) => s.status === 'won')).toHaveLength(1);
			expect(pipeline.stages.filter((s) => s.status === 'lost')).toHaveLength(1);
		}
		const problems = collectProblems(data.deals, (deal, problem) => {
			const pipeline = data.pipelines.find((p) => p.id === deal.pipeline?.id);
			if (pipeline === undefined || pipeline.name !== deal.pipeline?.name) problem('pipeline');
			const stage = pipeline?.stages.find((s) => s.id === deal.stage?.id);
			if (stage === undefined || stage.name !== deal.stage?.name) problem('stage');
			if (stage?.status !== deal.status) problem('stage status differs from deal status');
			if (deal.owner !== null) {
				const user = data.users.find((u) => u.id === deal.owner?.id);
				if (user === undefined || user.name !== deal.owner.name) problem('owner');
			}
		});
		expect(problems).toEqual([]);
		expect(data.leads.every((lead) => lead.pipeline === null && lead.stage !== null)).toBe(true);
		const partners = data.deals.filter((d) => d.pipeline?.id === '2').length;
		expect(partners).toBeGreaterThan(0);
		expect(partners).toBeLessThan(data.deals.length / 2);
	});

	it('tags deals with the six channels, 2–4 campaigns per paid channel, and real attribution gaps', () => {
		const bySource = groupBy(data.deals, (d) => d.utm.source);
		expect([...bySource.keys()].filter((k) => k !== null).sort()).toEqual(
			Object.keys(CHANNELS).sort(),
		);
		for (const [source, deals] of bySource) {
			if (source === null) continue;
			expect(new Set(deals.map((d) => d.utm.medium))).toEqual(new Set([CHANNELS[source]]));
			expect(deals.every((d) => d.source !== null)).toBe(true);
		}
		for (const paid of ['yandex_direct', 'vk_ads', 'google_ads']) {
			const campaigns = new Set(bySource.get(paid)?.map((d) => d.utm.campaign));
			campaigns.delete(null);
			expect(campaigns.size).toBeGreaterThanOrEqual(2);
			expect(campaigns.size).toBeLessThanOrEqual(4);
		}
		expect(data.deals.some((d) => d.utm.content !== null)).toBe(true);
		expect(data.deals.some((d) => d.utm.term !== null)).toBe(true);
		expect(data.deals.some((d) => d.utm.source !== null && d.utm.content === null)).toBe(true);

		const untagged = bySource.get(null) ?? [];
		expect(untagged.every((d) => d.source === null && d.utm.medium === null)).toBe(true);
		expect(share(untagged.length, data.deals.length)).toBeGreaterThan(0.02);
		expect(share(untagged.length, data.deals.length)).toBeLessThan(0.07);
		const noAmount = data.deals.filter((d) => d.amount === null).length;
		expect(noAmount).toBeGreaterThan(0);
		expect(share(noAmount, data.deals.length)).toBeLessThan(0.05);
	});

	it('leaves a few deals never contacted and contacts most', () => {
		const never = data.deals.filter((d) => d.firstContactAt === null).length;
		expect(never).toBeGreaterThan(0);
		expect(share(never, data.deals.length)).toBeLessThan(0.15);
	});
});

/** The planted truths, computed straight from the records, the way a report would. */
function lossClassShares(deals: Deal[], language: 'en' | 'ru') {
	const classes = REASON_CLASSES[language];
	const lost = deals.filter((d) => d.status === 'lost');
	const count = (names: readonly string[]) =>
		lost.filter((d) => d.lostReason !== null && names.includes(d.lostReason)).length;
	return {
		quality: share(count(classes.quality), lost.length),
		handling: share(count(classes.handling), lost.length),
		other: share(count(classes.other), lost.length),
	};
}

function winRate(deals: Deal[]): number {
	const won = deals.filter((d) => d.status === 'won').length;
	const lost = deals.filter((d) => d.status === 'lost').length;
	return share(won, won + lost);
}

function firstContactMinutes(deals: Deal[]): number[] {
	return deals
		.filter((d) => d.firstContactAt !== null)
		.map((d) => (ms(d.firstContactAt) - ms(d.createdAt)) / 60_000);
}

function checkTruths(data: DemoDataset, language: 'en' | 'ru'): void {
	const byChannel = groupBy(data.deals, (d) => d.utm.source ?? '(none)');
	const badChannel = DEMO_TRUTHS.leadQualityChannel;
	const bad = byChannel.get(badChannel) ?? [];
	expect(lossClassShares(bad, language).quality).toBeGreaterThanOrEqual(0.65);
	for (const [channel, deals] of byChannel) {
		if (channel === badChannel) continue;
		const shares = lossClassShares(deals, language);
		// Mostly handling or other; lead quality is a minority everywhere else.
		expect(shares.handling + shares.other).toBeGreaterThan(0.5);
		expect(shares.quality).toBeLessThan(0.5);
		expect(winRate(deals)).toBeGreaterThan(winRate(bad));
	}

	const byRep = groupBy(
		data.deals.filter((d) => d.owner !== null),
		(d) => d.owner?.id,
	);
	const slowId = DEMO_TRUTHS.slowRepId;
	const slow = byRep.get(slowId) ?? [];
	expect(quantile(firstContactMinutes(slow), 0.5)).toBeGreaterThan(80);
	const slowHandling = lossClassShares(slow, language).handling;
	for (const [rep, deals] of byRep) {
		if (rep === slowId) continue;
		const minutes = firstContactMinutes(deals);
		expect(quantile(minutes, 0.5)).toBeLessThan(10);
		expect(quantile(minutes, 0.9)).toBeLessThan(30);
		expect(slowHandling).toBeGreaterThan(1.4 * lossClassShares(deals, language).handling);
	}
}

describe('planted truths', () => {
	it.each(['en', 'ru'] as const)('hold in the default %s dataset', (language) => {
		checkTruths(datasets[language], language);
	});

	it('are not an accident of one seed', () => {
		for (const seed of [1, 2, 3]) {
			checkTruths(generateDemoDataset({ now: NOW, language: 'en', seed }), 'en');
		}
	});

	it('are not cartoonish: every channel wins some and loses for every kind of reason', () => {
		const byChannel = groupBy(datasets.en.deals, (d) => d.utm.source ?? '(none)');
		for (const deals of byChannel.values()) {
			expect(winRate(deals)).toBeGreaterThan(0.1);
			const shares = lossClassShares(deals, 'en');
			expect(shares.quality).toBeGreaterThan(0.05);
			expect(shares.handling).toBeGreaterThan(0.05);
			expect(shares.other).toBeGreaterThan(0.05);
		}
		const slowMinutes = firstContactMinutes(
			datasets.en.deals.filter((d) => d.owner?.id === DEMO_TRUTHS.slowRepId),
		);
		// Even the slow rep sometimes answers within a quarter of an hour.
		expect(slowMinutes.filter((m) => m <= 15).length).toBeGreaterThan(10);
	});
});

describe('demoAdapter', () => {
	it('describes itself as the account-free Demo CRM', () => {
		expect(demoAdapter.id).toBe('demo');
		expect(demoAdapter.displayName).toBe('Demo CRM');
		expect(demoAdapter.credentialType).toBeNull();
		expect(demoAdapter.supports).toEqual({ leads: true, lossReasons: true, notes: true });
		expect(demoAdapter.resolveEndpoints(null)).toEqual({
			baseUrl: DEMO_UI_URL,
			uiUrl: DEMO_UI_URL,
		});
	});

	it('lists the generated deals and leads for the session hour and language', async () => {
		const en = session();
		const deals = await demoAdapter.listDeals(en, query());
		expect(JSON.stringify(deals)).toBe(JSON.stringify(datasets.en.deals));
		const ru = session({ language: 'ru' });
		const leads = await demoAdapter.listDeals(ru, query({ kind: 'lead' }));
		expect(JSON.stringify(leads)).toBe(JSON.stringify(datasets.ru.leads));
		expect(en.http.stats.requests + ru.http.stats.requests).toBe(0);
	});

	it('filters on each date field, inclusive at both ends', async () => {
		for (const dateField of ['createdAt', 'updatedAt', 'closedAt'] as const) {
			const from = new Date(HOUR_START - 30 * DAY_MS);
			const to = new Date(HOUR_START - 10 * DAY_MS);
			const listed = await demoAdapter.listDeals(session(), query({ dateField, from, to }));
			const expected = datasets.en.deals.filter((d) => {
				const value = d[dateField];
				return value !== null && ms(value) >= from.getTime() && ms(value) <= to.getTime();
			});
			expect(expected.length).toBeGreaterThan(0);
			expect(listed.map((d) => d.id)).toEqual(expected.map((d) => d.id));
		}
		const exact = datasets.en.deals[100];
		const pinned = new Date(ms(exact.createdAt));
		const onBoth = await demoAdapter.listDeals(
			session(),
			query({ dateField: 'createdAt', from: pinned, to: pinned }),
		);
		expect(onBoth.map((d) => d.id)).toEqual([exact.id]);
		const openEnded = await demoAdapter.listDeals(
			session(),
			query({ dateField: 'closedAt', from: new Date(HOUR_START - 7 * DAY_MS), to: null }),
		);
		expect(openEnded.length).toBeGreaterThan(0);
		expect(openEnded.every((d) => d.closedAt !== null && d.status !== 'open')).toBe(true);
	});

	it('filters on pipeline, owner and statuses', async () => {
		const partners = await demoAdapter.listDeals(session(), query({ pipelineId: '2' }));
		expect(partners.length).toBe(datasets.en.deals.filter((d) => d.pipeline?.id === '2').length);
		expect(partners.every((d) => d.pipeline?.id === '2')).toBe(true);
		const closed = await demoAdapter.listDeals(session(), query({ statuses: ['won', 'lost'] }));
		expect(closed.length).toBe(datasets.en.deals.filter((d) => d.status !== 'open').length);
		expect(closed.some((d) => d.status === 'won') && closed.some((d) => d.status === 'lost')).toBe(
			true,
		);
		expect(closed.every((d) => d.status !== 'open')).toBe(true);
		const olegs = await demoAdapter.listDeals(session(), query({ ownerId: 'u5' }));
		expect(olegs.length).toBe(datasets.en.deals.filter((d) => d.owner?.id === 'u5').length);
		expect(olegs.every((d) => d.owner?.id === 'u5')).toBe(true);
		const none = await demoAdapter.listDeals(session(), query({ pipelineId: 'no-such' }));
		expect(none).toEqual([]);
	});

	it('stops at the limit, oldest first', async () => {
		const five = await demoAdapter.listDeals(session(), query({ limit: 5, statuses: ['won'] }));
		expect(five.map((d) => d.id)).toEqual(
			datasets.en.deals
				.filter((d) => d.status === 'won')
				.slice(0, 5)
				.map((d) => d.id),
		);
		expect(await demoAdapter.listDeals(session(), query({ limit: 0 }))).toEqual([]);
	});

	it('adds raw only when asked, as the record without raw', async () => {
		const [plain] = await demoAdapter.listDeals(session(), query({ limit: 1 }));
		expect('raw' in plain).toBe(false);
		const [withRaw] = await demoAdapter.listDeals(session(), query({ limit: 1, includeRaw: true }));
		const { raw, ...rest } = withRaw;
		expect(raw).toEqual(rest);
		expect(raw).not.toHaveProperty('raw');
		const single = await demoAdapter.getDeal(session(), plain.id, true);
		expect(single.raw).toEqual(plain);
	});

	it('hands out copies that callers may change freely', async () => {
		const [first] = await demoAdapter.listDeals(session(), query({ limit: 1 }));
		first.title = 'changed';
		first.utm.source = 'changed';
		if (first.owner) first.owner.name = 'changed';
		const [again] = await demoAdapter.listDeals(session(), query({ limit: 1 }));
		expect(again).toEqual(datasets.en.deals[0]);
		const pipelines = await demoAdapter.listPipelines(session());
		pipelines[0].stages[0].name = 'changed';
		expect((await demoAdapter.listPipelines(session()))[0].stages[0].name).toBe('New request');
	});

	it('gets one deal or lead by id and reports unknown ids', async () => {
		const deal = datasets.en.deals[42];
		expect(await demoAdapter.getDeal(session(), deal.id, false)).toEqual(deal);
		const lead = datasets.en.leads[3];
		expect(await demoAdapter.getDeal(session(), lead.id, false)).toEqual(lead);
		await expect(demoAdapter.getDeal(session(), '999', false)).rejects.toThrow(DealNotFoundError);
		await expect(demoAdapter.getDeal(session(), '999', false)).rejects.toMatchObject({
			dealId: '999',
		});
	});

	it('lists pipelines, users and loss reasons in the session language', async () => {
		const ru = session({ language: 'ru' });
		expect(await demoAdapter.listPipelines(ru)).toEqual(datasets.ru.pipelines);
		expect(await demoAdapter.listUsers(ru)).toEqual(datasets.ru.users);
		expect(await demoAdapter.listLossReasons(ru)).toEqual(datasets.ru.lossReasons);
		expect((await demoAdapter.listLossReasons(session())).map((r) => r.name)).toContain(
			'Slow follow-up — client went elsewhere',
		);
	});

	it('builds deal links from the session UI URL', async () => {
		const custom = session({ uiUrl: 'https://crm.example.test/' });
		const [deal] = await demoAdapter.listDeals(custom, query({ limit: 1 }));
		expect(deal.url).toBe(`https://crm.example.test/deals/${deal.id}`);
		const [lead] = await demoAdapter.listDeals(custom, query({ kind: 'lead', limit: 1 }));
		expect(lead.url).toBe(`https://crm.example.test/leads/${lead.id}`);
	});

	it('follows the session clock hour by hour', async () => {
		const later = session({ now: new Date(NOW.getTime() + 3 * 60 * 60 * 1000) });
		const deals = await demoAdapter.listDeals(later, query());
		expect(deals.every((d) => ms(d.createdAt) <= HOUR_START + 3 * 60 * 60 * 1000)).toBe(true);
		expect(JSON.stringify(deals)).not.toBe(JSON.stringify(datasets.en.deals));
	});

	it('records notes per session and refuses notes on unknown deals', async () => {
		const one = session();
		const other = session();
		const deal = datasets.en.deals[7];
		const created = await demoAdapter.createNote!(one, {
			dealId: deal.id,
			text: 'Lead rejected: spam',
		});
		expect(created).toEqual({
			id: 'demo-note-1',
			dealId: deal.id,
			text: 'Lead rejected: spam',
			crm: 'demo',
			createdAt: NOW.toISOString(),
		});
		const second = await demoAdapter.createNote!(one, { dealId: deal.id, text: 'Called back' });
		expect(second.id).toBe('demo-note-2');
		expect(demoNotes(one).map((n) => n.text)).toEqual(['Lead rejected: spam', 'Called back']);
		expect(demoNotes(other)).toEqual([]);
		await expect(demoAdapter.createNote!(other, { dealId: '1', text: 'x' })).rejects.toThrow(
			DealNotFoundError,
		);
		expect(demoNotes(other)).toEqual([]);
	});
});
