import { sleep } from 'n8n-workflow';

import { bitrix24Adapter } from '../nodes/shared/crm/bitrix24/adapter';
import {
	BATCH_LIMIT,
	IDS_PER_COMMAND,
	PERSON_PROVIDERS,
} from '../nodes/shared/crm/bitrix24/firstContact';
import { pullDeals } from '../nodes/shared/crm/firstContact';
import { dealQuery } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';
import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startBitrix24Fake } from './support/fakes/bitrix24';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startBitrix24Fake>>;
type Raw = Record<string, string | null>;
type Mode = 'humanTouch' | 'stageChange';
type Kind = 'deal' | 'lead';
interface Truth {
	humanTouch: Record<'deals' | 'leads', Record<string, string | null>>;
	stageChange: Record<'deals' | 'leads', Record<string, string | null>>;
}
interface HistoryEntry {
	entityTypeId: number;
	row: { OWNER_ID: number };
}

const TYPE = `${PACKAGE}.crmSalesData`;
const now = new Date('2026-11-20T10:00:00Z');
const cred = { bitrix24Api: { id: 'b', name: 'Bitrix24' } };
const store = (webhookUrl: string) => ({ b: { webhookUrl } });
const ms = (text: string | null) => Date.parse(String(text));

function getMany(resource: Kind, firstContact: Mode | 'off') {
	return singleNodeWorkflow(
		TYPE,
		{ crm: 'bitrix24', resource, operation: 'getAll', returnAll: true, options: { firstContact } },
		cred,
	);
}

const truthOf = (fake: Fake) => fake.data.firstContactTruth as Truth;
const plural = (kind: Kind) => (kind === 'deal' ? 'deals' : 'leads') as 'deals' | 'leads';
const ownerType = (kind: Kind) => (kind === 'deal' ? '2' : '1');

/** Record ids in the order the pull returns them (ID ascending), cut into the adapter's IN groups. */
function groupsOf(fake: Fake, kind: Kind): string[][] {
	const ids = (fake.data[plural(kind)] as Raw[]).map((r) => String(r.ID));
	ids.sort((a, b) => Number(a) - Number(b));
	const groups: string[][] = [];
	for (let i = 0; i < ids.length; i += IDS_PER_COMMAND)
		groups.push(ids.slice(i, i + IDS_PER_COMMAND));
	return groups;
}

/**
 * The formula from bitrix24/firstContact.ts, counted on the fake's planted rows: max(1, ⌈rows / 50⌉) commands per
 * group, plus one comment command per record for humanTouch.
 */
function expectedCommands(fake: Fake, kind: Kind, mode: Mode) {
	const groups = groupsOf(fake, kind);
	const rows = new Map<string, number>();
	const count = (owner: unknown) => rows.set(String(owner), (rows.get(String(owner)) ?? 0) + 1);
	if (mode === 'stageChange') {
		for (const h of fake.data.stageHistory as HistoryEntry[])
			if (String(h.entityTypeId) === ownerType(kind)) count(h.row.OWNER_ID);
	} else {
		for (const a of fake.data.activities as Raw[])
			if (
				a.OWNER_TYPE_ID === ownerType(kind) &&
				a.COMPLETED === 'Y' &&
				PERSON_PROVIDERS.includes(String(a.PROVIDER_ID))
			)
				count(a.OWNER_ID);
	}
	const pages = groups.map((g) =>
		Math.max(1, Math.ceil(g.reduce((n, id) => n + (rows.get(id) ?? 0), 0) / 50)),
	);
	const listed = pages.reduce((a, b) => a + b, 0);
	const commands: Record<string, number> =
		mode === 'stageChange'
			? { 'crm.stagehistory.list': listed }
			: { 'crm.activity.list': listed, 'crm.timeline.comment.list': groups.flat().length };
	return { commands, requests: batches(pages, mode === 'stageChange' ? 0 : groups.flat().length) };
}

/**
 * The requests the formula gives: ⌈C / 50⌉, except that the further pages a batch's first pages find only go out in
 * the batch after it. Counted by filling batches of 50 the way the formula describes (first pages, then comments;
 * further pages first in the next batch).
 */
function batches(pagesPerGroup: number[], comments: number): number {
	let queue: number[] = [...pagesPerGroup, ...Array<number>(comments).fill(0)];
	let requests = 0;
	while (queue.length > 0) {
		requests++;
		const taken = queue.slice(0, BATCH_LIMIT);
		const further = taken.flatMap((pages) => Array<number>(Math.max(0, pages - 1)).fill(0));
		queue = [...further, ...queue.slice(BATCH_LIMIT)];
	}
	return requests;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('Bitrix24 first contact through the CRM Sales Data node (real engine, fake Bitrix24)', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startBitrix24Fake({
			count: 600,
			leadCount: 300,
			seed: 7,
			now,
			ratePerSecond: 1000,
			burst: 50,
		});
	});
	afterAll(() => fake.close());

	const cases: Array<[Kind, Mode]> = [
		['deal', 'humanTouch'],
		['lead', 'humanTouch'],
		['deal', 'stageChange'],
		['lead', 'stageChange'],
	];
	it.each(cases)(
		'%s Get Many with %s: firstContactAt is the planted truth for every record, in the formula’s requests',
		async (kind, mode) => {
			fake.resetStats();
			const result = await runWorkflow(getMany(kind, mode), store(fake.webhookUrl));
			expect(result.error).toBeUndefined();
			const records = result.output('Node') as unknown as Deal[];
			const truth = truthOf(fake)[mode][plural(kind)];
			expect(records).toHaveLength(Object.keys(truth).length);
			const got = Object.fromEntries(records.map((r) => [r.id, r.firstContactAt]));
			expect(got).toEqual(truth);
			// Not a degenerate truth: contacted and untouched records both exist.
			const values = Object.values(truth);
			expect(values.filter((v) => v === null).length).toBeGreaterThan(5);
			expect(values.filter((v) => v !== null).length).toBeGreaterThan(records.length / 2);

			const { commands, requests } = expectedCommands(fake, kind, mode);
			expect(fake.commandsByMethod).toEqual(commands);
			// One batch carries up to 50 commands and counts as one request (batch.md, limits.md).
			expect(fake.stats.byRoute.batch).toBe(requests);
			expect(requests).toBeLessThanOrEqual(Math.ceil(total(commands) / BATCH_LIMIT) + 1);
		},
	);

	it('leaves out touches before creation, automated activities and incoming calls; counts other users', async () => {
		const result = await runWorkflow(getMany('deal', 'humanTouch'), store(fake.webhookUrl));
		const byId = new Map((result.output('Node') as unknown as Deal[]).map((d) => [d.id, d]));
		const activities = fake.data.activities as Raw[];
		let automatedEarlier = 0;
		let preCreation = 0;
		let otherUser = 0;
		for (const a of activities) {
			if (a.OWNER_TYPE_ID !== '2') continue;
			const deal = byId.get(String(a.OWNER_ID))!;
			const created = ms(deal.createdAt);
			const at = ms(a.START_TIME);
			const contacted = deal.firstContactAt === null ? Infinity : ms(deal.firstContactAt);
			const automated =
				!['VOXIMPLANT_CALL', 'CRM_EMAIL', 'CRM_MEETING', 'IMOPENLINES_SESSION'].includes(
					String(a.PROVIDER_ID),
				) ||
				a.DIRECTION === '1' ||
				a.COMPLETED !== 'Y';
			if (automated && at >= created && at < contacted) automatedEarlier++;
			if (!automated && at < created) {
				preCreation++;
				expect(contacted).toBeGreaterThanOrEqual(created);
			}
			if (!automated && at === contacted && a.RESPONSIBLE_ID !== deal.owner?.id) otherUser++;
		}
		expect(automatedEarlier).toBeGreaterThan(50);
		expect(preCreation).toBeGreaterThan(50);
		expect(otherUser).toBeGreaterThan(10);
		// Untouched deals stay null even when they have automated or pre-creation activities.
		const untouched = [...byId.values()].filter((d) => d.firstContactAt === null);
		const withNoise = untouched.filter((d) =>
			activities.some((a) => a.OWNER_TYPE_ID === '2' && a.OWNER_ID === d.id),
		);
		expect(withNoise.length).toBeGreaterThan(5);
	});

	it('the planted slowest owner is the slowest to first contact', async () => {
		const result = await runWorkflow(getMany('deal', 'humanTouch'), store(fake.webhookUrl));
		const delays = new Map<string, number[]>();
		for (const deal of result.output('Node') as unknown as Deal[]) {
			if (deal.firstContactAt === null || !deal.owner) continue;
			const list = delays.get(deal.owner.id) ?? [];
			list.push(ms(deal.firstContactAt) - ms(deal.createdAt));
			delays.set(deal.owner.id, list);
		}
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const ranked = [...delays].sort((a, b) => median(b[1]) - median(a[1]));
		expect(ranked[0][0]).toBe(fake.data.slowestOwnerId);
		expect(median(ranked[0][1])).toBeGreaterThan(5 * median(ranked[1][1]));
	});

	it('with First Contact off asks for no activity, comment or history', async () => {
		fake.resetStats();
		const result = await runWorkflow(getMany('deal', 'off'), store(fake.webhookUrl));
		expect(result.error).toBeUndefined();
		expect(
			(result.output('Node') as unknown as Deal[]).every((d) => d.firstContactAt === null),
		).toBe(true);
		expect(fake.stats.byRoute.batch).toBeUndefined();
		expect(fake.commandsByMethod).toEqual({});
	});
});

describe('Bitrix24 first contact: a command refused inside a batch', () => {
	it('fails the run naming Bitrix24 instead of reading "no activities"', async () => {
		// After 3 calls of one method it answers 429 OPERATION_TIME_LIMIT (limits.md); inside a batch that comes back
		// in result_error under the command's key (batch.md). 100 deals list in 3 pages, the comments need 100.
		const fake = await startBitrix24Fake({
			count: 100,
			leadCount: 5,
			seed: 3,
			now,
			ratePerSecond: 1000,
			operatingLimitAfter: 3,
		});
		try {
			const result = await runWorkflow(getMany('deal', 'humanTouch'), store(fake.webhookUrl));
			expect(result.error?.message).toBe(
				'Bitrix24 paused this webhook: it used up its time limit for this method',
			);
			expect(() => result.output('Node')).not.toThrow();
			expect(result.items('Node')).toHaveLength(0);
		} finally {
			await fake.close();
		}
	});
});

describe('Bitrix24 first contact for 2,000 deals while 20 % of requests are refused', () => {
	let fake: Fake;
	// Fake and client scaled ×100 together (2/s burst 50 → 200/s burst 50), as in bitrix24.test.ts.
	const scaledPolicy = {
		perSecond: 200,
		burst: 50,
		maxRetries: 12,
		baseBackoffMs: 5,
		maxBackoffMs: 200,
	};
	beforeAll(async () => {
		fake = await startBitrix24Fake({
			count: 2_000,
			leadCount: 10,
			seed: 21,
			now,
			ratePerSecond: 200,
			burst: 50,
			failureRate: 0.2,
		});
	});
	afterAll(() => fake.close());

	it.each(['humanTouch', 'stageChange'] as const)('%s is still exact', async (mode) => {
		fake.resetStats();
		const http = new CrmHttpClient(axiosSend(fake.webhookUrl), { policy: scaledPolicy, sleep });
		const session: CrmSession = {
			http,
			baseUrl: fake.webhookUrl,
			uiUrl: fake.url,
			language: 'en',
			now,
		};
		const deals = await pullDeals(bitrix24Adapter, session, dealQuery({ firstContact: mode }));
		expect(deals).toHaveLength(2_000);
		expect(Object.fromEntries(deals.map((d) => [d.id, d.firstContactAt]))).toEqual(
			truthOf(fake)[mode].deals,
		);
		expect(fake.stats.injectedFailures).toBeGreaterThan(0);
		// Refused batches never reached a handler: every command ran exactly once, in as many batches as without refusals.
		const { commands, requests } = expectedCommands(fake, 'deal', mode);
		expect(fake.commandsByMethod).toEqual(commands);
		expect(fake.batchStats.answered).toBe(requests);
		expect(fake.stats.byRoute.batch).toBeGreaterThan(requests);
	});
});

describe('Bitrix24 first contact: batch answers that are not what the docs describe', () => {
	const deal = (id: string) =>
		({ id, kind: 'deal', createdAt: '2026-11-01T10:00:00.000Z' }) as unknown as Deal;
	function sessionAnswering(answer: (cmd: Record<string, string>) => unknown) {
		const sent: Array<Record<string, string>> = [];
		const send = async (call: { body?: unknown }) => {
			const cmd = (call.body as { cmd: Record<string, string> }).cmd;
			sent.push(cmd);
			return { statusCode: 200, headers: {}, body: answer(cmd) };
		};
		const http = new CrmHttpClient(send, {
			policy: { perSecond: 1000, burst: 1000, maxRetries: 2, baseBackoffMs: 1, maxBackoffMs: 1 },
			sleep,
		});
		const session: CrmSession = {
			http,
			baseUrl: 'https://x/rest/1/s/',
			uiUrl: 'https://x',
			language: 'en',
			now,
		};
		return { session, sent };
	}

	it('sends each command as a URL-encoded "method?query" the way PHP reads nested parameters', async () => {
		const { session, sent } = sessionAnswering((cmd) => ({
			result: {
				result: Object.fromEntries(Object.keys(cmd).map((k) => [k, []])),
				result_error: [],
				result_total: [],
			},
		}));
		const found = await bitrix24Adapter.readFirstContacts!(
			session,
			[deal('12'), deal('15')],
			'humanTouch',
		);
		expect([...found]).toEqual([
			['12', null],
			['15', null],
		]);
		const commands = Object.values(sent[0]);
		expect(commands).toHaveLength(3);
		const activity = decodeURIComponent(commands[0]);
		expect(activity).toMatch(/^crm\.activity\.list\?/);
		expect(activity).toContain('filter[OWNER_TYPE_ID]=2');
		expect(activity).toContain('filter[@OWNER_ID][0]=12&filter[@OWNER_ID][1]=15');
		expect(activity).toContain('filter[COMPLETED]=Y');
		expect(decodeURIComponent(commands[1])).toContain(
			'crm.timeline.comment.list?filter[ENTITY_ID]=12&filter[ENTITY_TYPE]=deal&filter[>=CREATED]=2026-11-01T10:00:00+00:00',
		);
	});

	it('a command with neither a result nor an error is a bad answer, not "no touches"', async () => {
		const { session, sent } = sessionAnswering(() => ({
			result: { result: { c0: [] }, result_error: [], result_total: [] },
		}));
		await expect(
			bitrix24Adapter.readFirstContacts!(session, [deal('12')], 'humanTouch'),
		).rejects.toThrow(/no result and no error for crm\.timeline\.comment\.list/);
		// Retried as a bad answer (reads are safe to repeat), then given up.
		expect(sent.length).toBe(3);
	});

	it('an unknown command error names Bitrix24 and the method', async () => {
		const { session } = sessionAnswering(() => ({
			result: {
				result: [],
				result_error: { c0: { error: 'INVALID_ARG_VALUE', error_description: 'Invalid filter' } },
			},
		}));
		await expect(
			bitrix24Adapter.readFirstContacts!(session, [deal('12')], 'stageChange'),
		).rejects.toThrow(
			'Bitrix24 refused crm.stagehistory.list inside a batch while reading first contact: INVALID_ARG_VALUE — Invalid filter',
		);
	});
});
