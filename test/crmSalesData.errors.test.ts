import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';

const TYPE = `${PACKAGE}.crmSalesData`;

describe('CRM Sales Data: errors a user can act on (through the real engine)', () => {
	it('explains a malformed Bitrix24 webhook URL without echoing it', async () => {
		const workflow = singleNodeWorkflow(
			TYPE,
			{
				crm: 'bitrix24',
				resource: 'deal',
				operation: 'getAll',
				returnAll: true,
			},
			{ bitrix24Api: { id: 'b', name: 'Bitrix24' } },
		);
		const result = await runWorkflow(workflow, {
			b: { webhookUrl: 'https://portal.bitrix24.com/secret-xyz' },
		});
		expect(result.error?.message).toMatch(/webhook URL does not look like/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('secret-xyz');
	});

	it('says the CRM could not be reached, per item, when continueOnFail is on', async () => {
		const workflow = singleNodeWorkflow(
			TYPE,
			{ crm: 'amocrm', resource: 'pipeline', operation: 'getAll' },
			{ amoCrmApi: { id: 'a', name: 'amo' } },
			{ continueOnFail: true },
		);
		// Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
		const result = await runWorkflow(workflow, {
			a: {
				subdomain: 'x',
				domain: 'amocrm.ru',
				accessToken: 'tok-123',
				baseUrl: 'http://127.0.0.1:9',
			},
		});
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('Could not connect to amoCRM / Kommo');
		expect(items[0].json.description).toMatch(/subdomain and domain/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(items)).not.toContain('tok-123');
	});

	it('rejects a date range that ends before it starts', async () => {
		const workflow = singleNodeWorkflow(
			TYPE,
			{
				crm: 'amocrm',
				resource: 'deal',
				operation: 'getAll',
				filters: {
					dateFrom: '2026-05-01T00:00:00Z',
					dateTo: '2026-04-01T00:00:00Z',
				},
			},
			{ amoCrmApi: { id: 'a', name: 'amo' } },
		);
		const result = await runWorkflow(workflow, {
			a: {
				subdomain: 'x',
				domain: 'amocrm.ru',
				accessToken: 't',
				baseUrl: 'http://127.0.0.1:9',
			},
		});
		expect(result.error?.message).toBe('Date From is later than Date To');
	});
});
