import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { headerToken } from './headerToken';

/** HubSpot private-app (service) access token, sent as a Bearer token (reference/crm-apis.md §1.1). */
export class HubSpotCrmApi implements ICredentialType {
	name = 'hubSpotCrmApi';

	displayName = 'HubSpot CRM API';

	icon: Icon = { light: 'file:../icons/hubspot.svg', dark: 'file:../icons/hubspot.dark.svg' };

	documentationUrl = 'https://developers.hubspot.com/docs/apps/legacy-apps/private-apps/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			required: true,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'e.g. pat-na1-…',
			description:
				'The access token of a HubSpot private app with the scopes crm.objects.deals.read and crm.objects.owners.read. To write notes, add crm.objects.contacts.write: HubSpot files notes under the contacts scope.',
		},
		{
			displayName:
				'Advanced: leave Base URL empty. It is only for a proxy or a test server that stands in for the CRM.',
			name: 'advancedNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://proxy.example.com',
			description:
				'Optional. Leave empty to use https://api.hubapi.com. Set it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticate = headerToken(
		'Authorization',
		'accessToken',
		(token) => `Bearer ${token}`,
	);

	// Owners are what deals point at; a token without that scope would leave owner names empty.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.baseUrl || "").trim() ? (/^https?:\\/\\/[^\\/@?#\\\\]+([\\/?#][^@]*)?$/i.test(($credentials.baseUrl || "").trim()) ? ($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : "https://base-url-must-be-http-without-a-password.invalid") : "https://api.hubapi.com" }}',
			url: '/crm/v3/owners',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'HubSpot did not accept the token. Copy the access token of your private app again (Settings → Integrations → Private apps).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token lacks a scope. Give the private app crm.objects.deals.read and crm.objects.owners.read.',
				},
			},
		],
	};
}
