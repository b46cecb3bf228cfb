import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { CrmSalesData } from '../nodes/CrmSalesData/CrmSalesData.node';
import { CrmSalesDataTrigger } from '../nodes/CrmSalesDataTrigger/CrmSalesDataTrigger.node';
import type { Deal } from '../nodes/shared/model/deal';
import { credentialExpression, PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';

const node = new CrmSalesData().description;
const trigger = new CrmSalesDataTrigger().description;

/** The Resource options the editor shows for a CRM: n8n's own display rule over every "resource" parameter. */
function resourcesShown(crm: string): string[] {
	const values: INodeParameters = { crm, resource: 'deal', operation: 'getAll' };
	return node.properties
		.filter(
			(p) =>
				p.name === 'resource' && NodeHelpers.displayParameter(values, p, { typeVersion: 1 }, node, values),
		)
		.flatMap((p) => (p.options ?? []).map((o) => String((o as { value: string }).value)));
}

describe('CRM Sales Data in the editor: only what works is offered', () => {
	it.each([
		['demo', ['deal', 'lead', 'lossReason', 'note', 'pipeline', 'user']],
		['amocrm', ['deal', 'lossReason', 'note', 'pipeline', 'user']],
		['bitrix24', ['deal', 'lead', 'lossReason', 'note', 'pipeline', 'user']],
		['hubspot', ['deal', 'note', 'pipeline', 'user']],
		['pipedrive', ['deal', 'lead', 'note', 'pipeline', 'user']],
	])('%s offers %j', (crm, expected) => {
		expect(resourcesShown(crm)).toEqual(expected);
	});

	it('owner and pipeline dropdowns reload when the CRM changes, in the node and in the trigger', () => {
		const dependsOn = (properties: INodeProperties[]) =>
			properties
				.flatMap((p) => [p, ...((p.options ?? []) as INodeProperties[])])
				.filter((p) => p.typeOptions?.loadOptionsMethod)
				.map((p) => [p.name, p.typeOptions?.loadOptionsDependsOn]);
		expect(dependsOn(node.properties)).toEqual([
			['ownerId', ['/crm']],
			['pipelineId', ['/crm']],
		]);
		expect(dependsOn(trigger.properties)).toEqual([['pipelineId', ['/crm']]]);
	});

	it('subtitles read as words, not parameter values', () => {
		const subtitle = (expression: string, parameters: ICredentialDataDecryptedObject) =>
			String(credentialExpression(expression.replace(/\$parameter/g, '$credentials'), parameters));
		expect(
			subtitle(String(node.subtitle), { crm: 'demo', resource: 'deal', operation: 'getAll' }),
		).toBe('Demo CRM: get deals');
		expect(
			subtitle(String(node.subtitle), { crm: 'amocrm', resource: 'note', operation: 'create' }),
		).toBe('amoCRM / Kommo: add a note');
		expect(subtitle(String(trigger.subtitle), { crm: 'hubspot', events: ['won', 'lost'] })).toBe(
			'HubSpot: won, lost deals',
		);
	});
});

describe('The Deal parameter: by ID or by the URL of the deal’s page', () => {
	const dealLocator = node.properties.find((p) => p.name === 'dealId');
	const urlMode = dealLocator?.modes?.find((m) => m.name === 'url');
	const extract = (url: string) => {
		const regex = (urlMode?.extractValue as { regex: string }).regex;
		return new RegExp(regex).exec(url)?.[1] ?? null;
	};

	it.each([
		['https://mycompany.amocrm.ru/leads/detail/17657', '17657'],
		['https://mycompany.kommo.com/leads/detail/17657?tab=notes', '17657'],
		['https://mycompany.bitrix24.com/crm/deal/details/2301/', '2301'],
		['https://app.hubspot.com/contacts/2491823/record/0-3/98765432', '98765432'],
		['https://mycompany.pipedrive.com/deal/412', '412'],
	])('reads the id out of %s', (url, id) => {
		expect(extract(url)).toBe(id);
	});

	it('gets a deal from a pasted URL through the real engine, and still takes a plain ID', async () => {
		const byUrl = await runWorkflow(
			singleNodeWorkflow(`${PACKAGE}.crmSalesData`, {
				crm: 'demo',
				resource: 'deal',
				operation: 'get',
				dealId: { __rl: true, mode: 'url', value: 'https://demo.example/leads/detail/100007' },
			}),
		);
		expect(byUrl.error).toBeUndefined();
		expect((byUrl.output('Node')[0] as unknown as Deal).id).toBe('100007');
		const plain = await runWorkflow(
			singleNodeWorkflow(`${PACKAGE}.crmSalesData`, {
				crm: 'demo',
				resource: 'deal',
				operation: 'get',
				dealId: '100008',
			}),
		);
		expect((plain.output('Node')[0] as unknown as Deal).id).toBe('100008');
	});
});
