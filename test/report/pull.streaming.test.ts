/**
 * The streaming pull path (transport/pages.ts `sink`, crm/firstContact.ts `streamDeals`): records are handed out page
 * by page, each exactly once, never collected; the loop checks still fail loudly; a refused pull fails the report
 * node with the CRM's name.
 */
import { DealColumns } from '../../nodes/SalesMarketingReport/pull';
import type { Deal } from '../../nodes/shared/model/deal';
import { collectPages } from '../../nodes/shared/transport/pages';
import { CrmPagingError } from '../../nodes/shared/transport/errors';
import { useFaultMatrix } from '../faults/matrix';
import { runWorkflow } from '../support/engine';
import { deal, NASTY } from './fixtures';
import { pullWorkflow } from './pullSupport';

type Item = { id: string };
const page = (ids: number[], next: number | null) => ({
	items: ids.map((id) => ({ id: String(id) })),
	next,
});

describe('collectPages with a sink', () => {
	it('hands each page’s new records to the sink, each id once, and collects nothing', async () => {
		const pages = [page([1, 2, 3], 1), page([3, 4, 5], 2), page([5, 6], null)];
		const seenPages: string[][] = [];
		const out = await collectPages<Item, number>(0, async (cursor) => pages[cursor], {
			limit: null,
			idOf: (item) => item.id,
			sink: (items) => {
				seenPages.push(items.map((item) => item.id));
			},
		});
		expect(out).toEqual([]);
		expect(seenPages).toEqual([['1', '2', '3'], ['4', '5'], ['6']]);
	});

	it('stops at the limit inside a page', async () => {
		const handed: string[] = [];
		await collectPages<Item, number>(
			0,
			async (cursor) => page([cursor * 3, cursor * 3 + 1, cursor * 3 + 2], cursor + 1),
			{
				limit: 4,
				idOf: (item) => item.id,
				sink: (items) => {
					handed.push(...items.map((item) => item.id));
				},
			},
		);
		expect(handed).toEqual(['0', '1', '2', '3']);
	});

	it('a CRM sending the same page again and again still fails loudly', async () => {
		const handed: string[] = [];
		const pull = collectPages<Item, number>(0, async (cursor) => page([1, 2], cursor + 1), {
			limit: null,
			idOf: (item) => item.id,
			sink: (items) => {
				handed.push(...items.map((item) => item.id));
			},
		});
		await expect(pull).rejects.toBeInstanceOf(CrmPagingError);
		expect(handed).toEqual(['1', '2']);
	});

	it('an error thrown by the sink ends the pull', async () => {
		let asked = 0;
		const pull = collectPages<Item, number>(
			0,
			async (cursor) => {
				asked++;
				return page([cursor], cursor < 5 ? cursor + 1 : null);
			},
			{
				limit: null,
				sink: () => {
					throw new Error('stop');
				},
			},
		);
		await expect(pull).rejects.toThrow('stop');
		expect(asked).toBe(1);
	});
});

describe('a pull that cannot finish fails the report', () => {
	const h = useFaultMatrix();
	jest.setTimeout(60_000);

	it.each(['amocrm', 'bitrix24', 'hubspot', 'pipedrive'] as const)(
		'%s: every deal list answers 503 → the report fails naming the CRM, no half report',
		async (id) => {
			const crm = h.crms[id];
			crm.proxy.reset([
				{ match: crm.isList, after: 1, fault: 'respond', status: 503, body: { message: 'down' } },
			]);
			const result = await runWorkflow(
				pullWorkflow(
					{ crm: crm.id, credentials: { [crm.credentialType]: { id: 'c', name: crm.name } } },
					{ operation: 'leadQuality' },
				),
				{ c: crm.credentials() },
			);
			expect(result.error).toBeDefined();
			expect(String(result.error?.message)).toContain(crm.name);
			expect(result.run.data.resultData.runData.Report?.[0]?.data).toBeUndefined();
		},
	);
});

describe('DealColumns: the pulled deals as columns, read back as the deals', () => {
	const deals = [
		deal({
			title: NASTY,
			amount: 1500.5,
			currency: 'USD',
			status: 'won',
			ownerId: 'u1',
			ownerName: 'Ann',
		}),
		deal({
			createdAt: '2026-03-01T10:00:00+03:00',
			closedAt: '2026-03-02',
			status: 'lost',
			lostReason: 'Не целевой',
			utm: { source: 'vk_ads', campaign: 'spring' },
			pipeline: { id: 'p1', name: null },
			stage: { id: 's1', name: 'New' },
		}),
		deal({ createdAt: null, amount: 0, source: '', ownerId: 'u1', ownerName: 'Ann' }),
		deal({
			firstContactAt: '2026-11-01T00:05:00.000Z',
			url: 'https://x.example/deal/4',
			kind: 'lead',
		}),
	];

	it('gives back every field as it went in, also dates not in toISOString form', () => {
		const columns = new DealColumns();
		for (const one of deals) columns.push(one);
		const list = columns.list();
		expect(list.length).toBe(deals.length);
		expect(Array.isArray(list)).toBe(true);
		for (let index = 0; index < deals.length; index++) expect(list[index]).toEqual(deals[index]);
		expect([...list]).toEqual(deals);
		expect(list.map((one) => one.id)).toEqual(deals.map((one) => one.id));
		expect(list[deals.length]).toBeUndefined();
	});

	it('keeps ids, links and shared values apart exactly, past the columns’ first growth', () => {
		const many: Deal[] = [];
		const ids = [
			'0',
			'007',
			'abc-1',
			'123456789012345',
			'1234567890123456',
			' 5',
			'5',
			'-3',
			'1e3',
		];
		for (let index = 0; index < 2500; index++) {
			const id = index < ids.length ? ids[index] : String(100000 + index);
			many.push(
				deal({
					id,
					title: index % 3 === 0 ? null : `Deal ${index}`,
					amount: index % 5 === 0 ? null : index * 1.25,
					currency: index % 7 === 0 ? null : index % 2 === 0 ? 'USD' : 'EUR',
					status: (['open', 'won', 'lost'] as const)[index % 3],
					kind: index % 11 === 0 ? 'lead' : 'deal',
					// A name of null and no owner are different things.
					ownerId: index % 4 === 0 ? null : `u${index % 4}`,
					ownerName: index % 8 === 1 ? null : 'Ann',
					pipeline: { id: 'p1', name: index % 2 === 0 ? 'Sales' : null },
					stage: index % 6 === 0 ? null : { id: `s${index % 6}`, name: `Stage ${index % 6}` },
					utm: {
						source: index % 2 === 0 ? 'google' : null,
						campaign: index % 10 === 0 ? 'x' : null,
					},
					url:
						index % 9 === 0
							? null
							: index % 9 === 1
								? `https://other.example/?deal=${id}&x=1`
								: `https://crm.example/deal/${id}`,
					createdAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_123).toISOString(),
					closedAt:
						index % 3 === 0 ? null : new Date(Date.UTC(2026, 5, 1) - index * 1000).toISOString(),
				}),
			);
		}
		const columns = new DealColumns();
		for (const one of many) columns.push(one);
		const list = columns.list();
		expect(list.length).toBe(many.length);
		for (let index = 0; index < many.length; index++) expect(list[index]).toEqual(many[index]);
	});

	it('hands out new objects: a report that changes one does not change the next read', () => {
		const columns = new DealColumns();
		columns.push(deals[0]);
		const list = columns.list();
		list[0].owner!.name = 'changed';
		list[0].utm.source = 'changed';
		expect(list[0]).toEqual(deals[0]);
	});
});

describe('collectPages: ids handed out once, numeric or not', () => {
	it('drops a repeated id, and never takes "7", "007", "7.0" or " 7" for one another', async () => {
		const pages = [
			{ items: ['7', '007', '7.0', ' 7', 'a7'].map((id) => ({ id })), next: 1 },
			{ items: ['7', '007', '8', 'a7', '9007199254740993'].map((id) => ({ id })), next: 2 },
			{ items: ['9007199254740992', '9007199254740993'].map((id) => ({ id })), next: null },
		];
		const handed: string[] = [];
		await collectPages<Item, number>(0, async (cursor) => pages[cursor], {
			limit: null,
			idOf: (item) => item.id,
			sink: (items) => {
				handed.push(...items.map((item) => item.id));
			},
		});
		// 2^53 + 1 is not a double: past 15 digits ids stay text, so it is not taken for 2^53.
		expect(handed).toEqual([
			'7',
			'007',
			'7.0',
			' 7',
			'a7',
			'8',
			'9007199254740993',
			'9007199254740992',
		]);
	});
});
