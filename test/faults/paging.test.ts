/**
 * Fault classes E (a next-page pointer that never moves), F (records repeated across pages) and K (HubSpot: a deal
 * edited between two pages of one pull).
 */
import {
	CRMS,
	dealIds,
	messageOf,
	poll,
	runGetMany,
	sorted,
	triggerWorkflow,
	useFaultMatrix,
} from './matrix';
import type { Crm, CrmId, Page, Raw } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

/**
 * From the 2nd deal-list answer on, the CRM points at the same page again. `times` bounds the fault (31 answers),
 * so code that never notices still ends, with the duplicates in its output, instead of spinning forever.
 */
function samePageForever(crm: Crm) {
	return {
		match: crm.isList,
		times: 31,
		fault: 'mutateJson',
		mutate: (json: Page | undefined, ctx: { index: number; state: Raw; status: number }) => {
			if (ctx.index === 0) {
				ctx.state.first = JSON.parse(JSON.stringify(json));
				return undefined;
			}
			const first = ctx.state.first as Page;
			switch (crm.id) {
				case 'hubspot':
					// The adapter pages by keyset (`hs_object_id GT last`, ascending): a search that ignores that filter sends
					// page 1's results, and its `paging.next.after` (§1.2), every time.
					return { ...json, results: first.results, paging: first.paging };
				case 'pipedrive':
					// `additional_data.next_cursor` (§2.2): constant.
					return { ...json, additional_data: first.additional_data };
				case 'amocrm':
					// amoCRM pages by number (§3.2): model the loop as page 1's content, with a next link, for every page
					// number — including past the end, where the real API answers 204.
					ctx.status = 200;
					return { ...first, _page: ctx.index + 1 };
				case 'bitrix24':
					// A portal that ignores `>ID` (§4.2 "fast, count-free paging"): the same 50 records every time.
					return { ...json, result: first.result };
			}
			return undefined;
		},
	};
}

describe('E. a page pointer that never moves', () => {
	it.each(CRMS)(
		'%s: the same page again and again → fails with "already sent", few requests',
		async (id) => {
			const crm = h.crms[id];
			crm.proxy.reset([samePageForever(crm)]);
			const result = await runGetMany(crm);

			const lists = crm.proxy.seen(crm.isList).length;
			expect({ failed: result.error !== undefined, message: messageOf(result.error) }).toEqual({
				failed: true,
				message: expect.stringMatching(/already sent/i),
			});
			// The repeat begins with the 2nd list answer; the loop is noticed within a few more requests.
			expect(lists).toBeLessThanOrEqual(2 + 5);
		},
	);
});

/** Page 2 starts with the last `n` records of page 1 (an offset that moved under the pull, a CRM-side retry). */
function overlapOnPage2(crm: Crm, n = 5) {
	return {
		match: crm.isList,
		after: 1,
		times: 1,
		fault: 'mutateJson',
		mutate: (json: Page, ctx: { history: Array<Page | undefined> }) => {
			const previous = crm.records(ctx.history[0]) ?? [];
			crm.setRecords(json, [...previous.slice(-n), ...(crm.records(json) ?? [])]);
			return json;
		},
	};
}

/** Bitrix24: the 2nd answer is page 1 again, in full; the pages after it are right. */
function repeatedPageOnce(crm: Crm) {
	return {
		match: crm.isList,
		after: 1,
		times: 1,
		fault: 'mutateJson',
		mutate: (json: Page, ctx: { history: Array<Page | undefined> }) => {
			crm.setRecords(json, crm.records(ctx.history[0]) ?? []);
			return json;
		},
	};
}

describe('F. records repeated across pages', () => {
	it.each(CRMS)('%s: page 2 repeats 5 records of page 1 → each id exactly once', async (id) => {
		const crm = h.crms[id];
		crm.proxy.reset([overlapOnPage2(crm)]);
		const result = await runGetMany(crm);

		expect(result.error).toBeUndefined();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
		expect(crm.proxy.seen((r: { fault?: string }) => r.fault === 'mutateJson')).toHaveLength(1);
	});

	it('bitrix24: one repeated page among good ones → each id exactly once', async () => {
		const crm = h.crms.bitrix24;
		crm.proxy.reset([repeatedPageOnce(crm)]);
		const result = await runGetMany(crm);

		expect(result.error).toBeUndefined();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
	});

	it('bitrix24 trigger: a repeated page during a poll → no event fires twice', async () => {
		const crm: Crm = h.crms.bitrix24;
		const workflow = triggerWorkflow(crm);
		expect(await poll(crm, workflow)).toBeNull();
		// 120 edits: three pages of changed deals in the next poll's window.
		const edited = crm.ids().slice(0, 120);
		const at = Date.now() - 60_000;
		for (const dealId of edited) crm.touch(dealId, at);

		crm.proxy.reset([repeatedPageOnce(crm)]);
		const emitted = (await poll(crm, workflow)) ?? [];
		expect(crm.proxy.seen((r: { fault?: string }) => r.fault === 'mutateJson')).toHaveLength(1);
		expect(sorted(emitted.map((item) => String(item.json.id)))).toEqual(sorted(edited));
	});
});

describe('K. HubSpot: a deal edited between page 1 and page 2 of one pull', () => {
	const VARIANTS: Array<[string, Raw]> = [
		// Sorted on hs_lastmodifieddate (§1.2 incremental pull): the edit moves the deal to the end, and an `after`
		// offset then skips the deal that slid onto page 1.
		[
			'Get Many with an Updated date filter',
			{ filters: { dateField: 'updatedAt', dateFrom: '2000-01-01T00:00:00Z' } },
		],
		// Sorted on createdate: the edit does not move the deal; a control for the case above.
		['Get Many without a filter', {}],
	];
	it.each(VARIANTS)('%s → all 450 exactly once', async (_label, parameters) => {
		const crm: Crm = h.crms.hubspot;
		let firstId = '';
		crm.proxy.reset([
			{
				match: crm.isList,
				after: 1,
				times: 1,
				fault: 'forward',
				before: () => {
					crm.touch(firstId, Date.now());
				},
			},
			{
				match: crm.isList,
				fault: 'mutateJson',
				mutate: (json: Page, ctx: { index: number }) => {
					if (ctx.index === 0) firstId = crm.recordId((crm.records(json) ?? [])[0]);
					return undefined;
				},
			},
		]);
		const result = await runGetMany(crm, { parameters: parameters as Raw as never });

		expect(firstId).not.toBe('');
		expect(crm.proxy.seen((r: { fault?: string }) => r.fault === 'forward')).toHaveLength(1);
		expect(result.error).toBeUndefined();
		const ids = dealIds(result);
		expect(ids).toHaveLength(450);
		expect(sorted(ids)).toEqual(sorted(crm.ids()));
	});
});

export type { CrmId };
