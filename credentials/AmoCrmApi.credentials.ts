import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { headerToken } from './headerToken';

/** amoCRM / Kommo long-lived token (reference/crm-apis.md §3.1). */
export class AmoCrmApi implements ICredentialType {
	name = 'amoCrmApi';

	displayName = 'amoCRM / Kommo API';

	icon: Icon = {
		light: 'file:../icons/amocrm.svg',
		dark: 'file:../icons/amocrm.dark.svg',
	};

	documentationUrl = 'https://developers.kommo.com/docs/long-lived-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Subdomain',
			name: 'subdomain',
			required: true,
			type: 'string',
			default: '',
			placeholder: 'e.g. mycompany',
			description:
				'The first part of your account address: "mycompany" for https://mycompany.amocrm.ru (letters, digits and hyphens only)',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'options',
			options: [
				{ name: 'amocrm.ru (amoCRM Russia)', value: 'amocrm.ru' },
				{ name: 'amocrm.com (amoCRM International)', value: 'amocrm.com' },
				{ name: 'kommo.com (Kommo)', value: 'kommo.com' },
			],
			default: 'amocrm.ru',
		},
		{
			displayName: 'Long-Lived Access Token',
			name: 'accessToken',
			required: true,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'In amoCRM: Settings → Integrations → Create integration (private) → Keys and scopes → Generate long-lived token. Only an account administrator can create it.',
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
				'Optional. Leave empty to use https://{subdomain}.{domain}. Set it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticate = headerToken(
		'Authorization',
		'accessToken',
		(token) => `Bearer ${token}`,
	);

	test: ICredentialTestRequest = {
		request: {
			// The same rules as the adapter's resolveEndpoints (nodes/shared/crm/hosts.ts), in expression form: a subdomain
			// that is not one plain DNS label, or a Base URL that is not http(s) or holds a password, goes to a reserved
			// `.invalid` host (RFC 2606) whose name says what to fix, so the token never reaches another host.
			// test/credentialHosts.test.ts checks that both agree.
			baseURL:
				'={{ ($credentials.baseUrl || "").trim() ? (/^https?:\\/\\/[^\\/@?#\\\\]+([\\/?#][^@]*)?$/i.test(($credentials.baseUrl || "").trim()) ? ($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : "https://base-url-must-be-http-without-a-password.invalid") : /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(($credentials.subdomain || "").trim().toLowerCase().replace(/^https?:\\/\\//, "").replace(/\\.(amocrm\\.ru|amocrm\\.com|kommo\\.com)\\/?$/, "")) ? "https://" + ($credentials.subdomain || "").trim().toLowerCase().replace(/^https?:\\/\\//, "").replace(/\\.(amocrm\\.ru|amocrm\\.com|kommo\\.com)\\/?$/, "") + "." + (["amocrm.ru", "amocrm.com", "kommo.com"].includes($credentials.domain) ? $credentials.domain : "amocrm.ru") : "https://subdomain-must-be-a-plain-name.invalid" }}',
			url: '/api/v4/account',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'There is no amoCRM account at this address. Check the Subdomain (the first part of https://mycompany.amocrm.ru) and the Domain.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'amoCRM did not accept the token. Generate a new long-lived token in the integration’s "Keys and scopes" tab and paste it here.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'amoCRM refused access. Ask an account administrator to create the token, or wait a few minutes if amoCRM blocked this IP after too many requests.',
				},
			},
		],
	};
}
