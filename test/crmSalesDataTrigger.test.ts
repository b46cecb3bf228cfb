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
