import type { INode } from 'n8n-workflow';

import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, pollTrigger } from './support/engine';
import type { WorkflowJson } from './support/engine';
import { startAmoCrmFake } from './support/fakes/amocrm';

type Fake = Awaited<ReturnType<typeof startAmoCrmFake>>;

function triggerWorkflow(
	parameters: Record<string, unknown>,
	credentials?: INode['credentials'],
): WorkflowJson {
	return {
		nodes: [
			{
				id: 't',
				name: 'Trigger',
				type: `${PACKAGE}.crmSalesDataTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as INode['parameters'],
				credentials,
			},
		],
		connections: {},
	};
}

describe('CRM Sales Data Trigger (n8n-core PollContext)', () => {
	it('on the Demo CRM: a test run shows a sample; the first activation emits nothing', async () => {
		const workflow = triggerWorkflow({ crm: 'demo', events: ['updated'] });
		const sample = await pollTrigger(workflow, 'Trigger', {}, 'manual');
		expect(sample?.length).toBeGreaterThan(0);
		expect(sample?.length).toBeLessThanOrEqual(5);
		expect(sample?.[0].json).toMatchObject({ crm: 'demo', event: 'updated' });
		const cursor = () =>
			(workflow.staticData?.['node:Trigger'] as { feed?: { cursor: string } } | undefined)?.feed
				?.cursor;
		expect(cursor()).toBeUndefined();

		expect(await pollTrigger(workflow, 'Trigger')).toBeNull();
		expect(Date.parse(String(cursor()))).toBeGreaterThan(Date.now() - 60_000);
	});

	it('on the Demo CRM: a test run of "Deal Won"/"Deal Lost" shows only deals that were won or lost', async () => {
		const sample = await pollTrigger(
			triggerWorkflow({ crm: 'demo', events: ['won', 'lost'] }),
			'Trigger',
			{},
			'manual',
		);
		expect(sample?.length).toBeGreaterThan(0);
		for (const { json } of sample ?? []) {
			expect([json.status, json.event]).toEqual(
				json.status === 'won' ? ['won', 'won'] : ['lost', 'lost'],
			);
		}
	});

	describe('on the amoCRM fake', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startAmoCrmFake({
				count: 300,
				token: 'tok',
				seed: 11,
				now: new Date(),
				ratePerSecond: 100,
			});
		});
		afterAll(() => fake.close());

		it('second poll emits exactly the deals that changed in between, once', async () => {
			const credentials = {
				a: {
					subdomain: 'x',
					domain: 'amocrm.ru',
					accessToken: 'tok',
					baseUrl: fake.url,
				},
			};
			const workflow = triggerWorkflow(
				{ crm: 'amocrm', events: ['new', 'updated', 'won', 'lost'] },
				{ amoCrmApi: { id: 'a', name: 'amoCRM' } },
			);
			expect(await pollTrigger(workflow, 'Trigger', credentials)).toBeNull();

			const nowSeconds = Math.floor(Date.now() / 1000);
			const [toWin, toEdit] = fake.data.leads.filter(
				(l: { status_id: number }) => l.status_id !== 142 && l.status_id !== 143,
			);
			toWin.status_id = 142;
			toWin.closed_at = nowSeconds;
			toWin.updated_at = nowSeconds;
			toEdit.price = 123456;
			toEdit.updated_at = nowSeconds;

			const changed = (await pollTrigger(workflow, 'Trigger', credentials)) ?? [];
			const events = Object.fromEntries(changed.map((i) => [String(i.json.id), i.json.event]));
			expect(events).toEqual({
				[String(toWin.id)]: 'won',
				[String(toEdit.id)]: 'updated',
			});
			expect(
				(changed.find((i) => i.json.id === String(toEdit.id))?.json as unknown as Deal).amount,
			).toBe(123456);

			// Nothing changed since: the overlap window re-reads both deals but fires nothing.
			expect(await pollTrigger(workflow, 'Trigger', credentials)).toBeNull();
		});
	});
});

describe('CRM Sales Data Trigger: "Deal Contacted" on amoCRM (events feed of the fake)', () => {
	let fake: Fake;
	const TOKEN = 'contacted-token';
	beforeAll(async () => {
		fake = await startAmoCrmFake({
			count: 120,
			token: TOKEN,
			seed: 'contacted',
			now: new Date(),
			ratePerSecond: 200,
		});
	});
	afterAll(() => fake.close());

	it('reports a new first contact once, and none of those already there when the watch began', async () => {
		const workflow = triggerWorkflow(
			{ crm: 'amocrm', events: ['contacted'], options: { contactWatchHours: 24 * 30 } },
			{ amoCrmApi: { id: 'a', name: 'amo' } },
		);
		const credentials = {
			a: { subdomain: 'x', domain: 'amocrm.ru', accessToken: TOKEN, baseUrl: fake.url },
		};
		expect(await pollTrigger(workflow, 'Trigger', credentials)).toBeNull();
		expect(await pollTrigger(workflow, 'Trigger', credentials)).toBeNull();

		// A lead created in the watch window that nobody has touched yet gets its first outgoing call now.
		const monthAgo = Date.now() / 1000 - 30 * 86400;
		const untouched = fake.data.leads.find(
			(lead) =>
				lead.created_at > monthAgo &&
				fake.data.firstContactTruth.humanTouch[String(lead.id)] === null,
		);
		expect(untouched).toBeDefined();
		const lead = untouched as (typeof fake.data.leads)[number];
		const now = Math.floor(Date.now() / 1000);
		const event = {
			id: '01zzcontacted00000000000001',
			type: 'outgoing_call',
			entity_id: lead.id,
			entity_type: 'lead',
			created_by: lead.responsible_user_id,
			created_at: now,
			value_after: [{ note: { id: 999 } }],
			value_before: [],
			account_id: fake.data.account.id,
		};
		fake.data.events.push(event);
		fake.data.eventsByLead.get(lead.id)?.unshift(event);

		const fired = await pollTrigger(workflow, 'Trigger', credentials);
		expect(fired?.map((item) => [item.json.id, item.json.event, item.json.firstContactAt])).toEqual(
			[[String(lead.id), 'contacted', new Date(now * 1000).toISOString()]],
		);
		expect(await pollTrigger(workflow, 'Trigger', credentials)).toBeNull();
	});
});
