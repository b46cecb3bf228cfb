/**
 * Fault class A: an HTTP 200 that is not an API answer (a maintenance page, JSON cut in half, an empty body) on the
 * first or second page of a pull must fail the execution, never pass as "fewer deals". Once, it is retried.
 */
import {
	CRMS,
	descriptionOf,
	messageOf,
	poll,
	runGetMany,
	sorted,
	dealIds,
	errorText,
	escapeRegExp,
	triggerWorkflow,
	useFaultMatrix,
} from './matrix';
import type { CrmId, SeenRequest } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

const BAD_200 = ['html200', 'truncatedJson', 'empty200'] as const;
type Bad = (typeof BAD_200)[number];
const CASES: Array<[CrmId, Bad, number]> = CRMS.flatMap((crm) =>
	BAD_200.flatMap((fault) => [1, 2].map((page): [CrmId, Bad, number] => [crm, fault, page])),
);

describe('control: the same pulls through the proxy without a fault', () => {
	it.each(CRMS)('%s: Deal Get Many returns exactly the fake’s ids', async (id) => {
		const crm = h.crms[id];
		const result = await runGetMany(crm);
		expect(result.error).toBeUndefined();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
		// Pages exist: the fault cases below can hit page 2.
		expect(crm.proxy.seen(crm.isList).length).toBeGreaterThanOrEqual(2);
	});

	it('amoCRM: the documented 204 with no body past the last page is a normal end of the list (§3.2)', async () => {
		const crm = h.crms.amocrm;
		const result = await runGetMany(crm);
		expect(result.error).toBeUndefined();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
		// 500 leads at 250 a page: page 3 is asked for (page 2 is full, so it has a next link) and answered 204.
		expect(crm.proxy.seen(crm.isList).map((r: SeenRequest) => r.search)).toHaveLength(3);
	});
});

describe('control: the trigger reports edits dated before a rewound cursor', () => {
	it.each(CRMS)('%s: the edits of the case below are emitted by a good poll', async (id) => {
		const crm = h.crms[id];
		const workflow = triggerWorkflow(crm);
		expect(await poll(crm, workflow)).toBeNull();
		const feed = (workflow.staticData?.['node:Trigger'] as { feed: { cursor: string } }).feed;
		const now = Date.now();
		feed.cursor = new Date(now - 60 * 60_000).toISOString();
		const edited = crm.ids().slice(6, 8);
		for (const dealId of edited) crm.touch(dealId, now - 30 * 60_000);
		const emitted = (await poll(crm, workflow)) ?? [];
		expect(sorted(emitted.map((item) => String(item.json.id)))).toEqual(sorted(edited));
	});
});

describe('A. bad 200 on a page of Deal Get Many', () => {
	it.each(CASES)(
		'%s: %s on page %i, persistent → the execution fails and says so',
		async (id, fault, page) => {
			const crm = h.crms[id];
			crm.proxy.reset([{ match: crm.isList, after: page - 1, fault }]);
			const result = await runGetMany(crm);

			expect(result.error).toBeDefined();
			const message = messageOf(result.error);
			expect(message).toContain(crm.name);
			expect(message).toMatch(/is not an API answer/i);
			const text = errorText(result.error);
			expect(text).toMatch(/\b200\b/);
			expect(text.toLowerCase()).toContain(fault === 'html200' ? 'text/html' : 'application/json');
			if (fault === 'html200') expect(descriptionOf(result.error)).toMatch(/maintenance/i);
			if (fault === 'truncatedJson') {
				const sent = crm.proxy.requests.find(
					(r: SeenRequest & { sentBody?: string }) => r.sentBody,
				);
				const start = String((sent as { sentBody?: string }).sentBody).slice(0, 12);
				expect(descriptionOf(result.error)).toMatch(new RegExp(escapeRegExp(start)));
			}
		},
	);

	it.each(CASES)('%s: %s on page %i once → retried, the exact id set', async (id, fault, page) => {
		const crm = h.crms[id];
		crm.proxy.reset([{ match: crm.isList, after: page - 1, times: 1, fault }]);
		const result = await runGetMany(crm);

		expect(result.error).toBeUndefined();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
		// The bad page was asked for again, not skipped.
		const lists = crm.proxy.seen(crm.isList);
		expect(lists.filter((r: SeenRequest) => r.fault === fault)).toHaveLength(1);
		expect(lists[page].url).toBe(lists[page - 1].url);
	});
});

describe('A (trigger). a poll that gets a bad 200 fails and does not move the cursor', () => {
	it.each(CRMS)(
		'%s: html200 during a poll → the poll rejects; the next good poll emits the earlier edits',
		async (id) => {
			const crm = h.crms[id];
			const workflow = triggerWorkflow(crm);
			expect(await poll(crm, workflow)).toBeNull();

			// Rewind the saved cursor by an hour and date two edits half an hour back: a poll that wrongly moved the cursor
			// to "now" would start its next window (cursor − 10 min overlap) after them and never report them.
			const feed = (workflow.staticData?.['node:Trigger'] as { feed: { cursor: string } }).feed;
			const now = Date.now();
			feed.cursor = new Date(now - 60 * 60_000).toISOString();
			const edited = crm.ids().slice(3, 5);
			for (const dealId of edited) crm.touch(dealId, now - 30 * 60_000);

			crm.proxy.reset([{ match: crm.isList, fault: 'html200' }]);
			const savedBefore = JSON.stringify(workflow.staticData);
			const failed = await poll(crm, workflow).then(
				() => undefined,
				(error: unknown) => error,
			);
			const savedAfter = JSON.stringify(workflow.staticData);
			crm.proxy.reset();
			const emitted = ((await poll(crm, workflow)) ?? []).map((item) => String(item.json.id));
			// Both outcomes in one comparison, so a failure shows each of them. The good poll may also report other deals
			// the fake dated inside the rewound hour; the two edits must be among them.
			expect({
				rejected: failed !== undefined,
				namesCrm: messageOf(failed).includes(crm.name),
				saysNotAnApiAnswer: /is not an API answer/i.test(messageOf(failed)),
				cursorUnchanged: savedAfter === savedBefore,
				editsEmittedAfterwards: edited.filter((dealId) => emitted.includes(dealId)),
			}).toEqual({
				rejected: true,
				namesCrm: true,
				saysNotAnApiAnswer: true,
				cursorUnchanged: true,
				editsEmittedAfterwards: edited,
			});
		},
	);
});
