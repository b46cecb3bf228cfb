import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Bitrix24 inbound webhook. The secret is part of the URL path (`/rest/<user id>/<code>/`, reference/crm-apis.md §4.1),
 * so the whole URL is stored as a password and nothing is added to requests.
 */
export class Bitrix24Api implements ICredentialType {
	name = 'bitrix24Api';

	displayName = 'Bitrix24 Webhook API';

	icon: Icon = {
		light: 'file:../icons/bitrix24.svg',
		dark: 'file:../icons/bitrix24.dark.svg',
	};

	documentationUrl = 'https://apidocs.bitrix24.com/local-integrations/local-webhooks.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			required: true,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. https://mycompany.bitrix24.com/rest/1/abc123secret/',
			description:
				'In Bitrix24: Developer resources → Other → Inbound webhook. Tick the "CRM (crm)" and "Users (user)" permissions and copy the whole URL.',
		},
	];

	// Listing pipelines needs the CRM scope, so a webhook without it fails here rather than in a workflow.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.webhookUrl.replace(/\\/+$/, "")}}',
			url: '/crm.category.list.json',
			qs: { entityTypeId: 2 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Bitrix24 did not accept this webhook URL. Copy the URL of an existing inbound webhook (Developer resources → Other → Inbound webhook).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The webhook lacks a permission. Edit it in Bitrix24 and tick "CRM (crm)" and "Users (user)".',
				},
			},
		],
	};
}
