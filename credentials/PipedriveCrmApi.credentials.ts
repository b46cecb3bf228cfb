import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { headerToken } from './headerToken';

/** Pipedrive personal API token, sent in the `x-api-token` header (reference/crm-apis.md §2.1). */
export class PipedriveCrmApi implements ICredentialType {
	name = 'pipedriveCrmApi';

	displayName = 'Pipedrive CRM API';

	icon: Icon = { light: 'file:../icons/pipedrive.svg', dark: 'file:../icons/pipedrive.dark.svg' };

	documentationUrl = 'https://pipedrive.readme.io/docs/how-to-find-the-api-token';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			required: true,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'In Pipedrive: your name (top right) → Personal preferences → API → Your personal API token',
		},
		{
			displayName: 'Company Domain',
			name: 'companyDomain',
			type: 'string',
			default: '',
			placeholder: 'e.g. mycompany',
			description:
				'Optional. The first part of your Pipedrive address: "mycompany" for https://mycompany.pipedrive.com. Used for links to deals; when empty it is looked up once per run.',
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
				'Optional. Leave empty to use https://{company domain}.pipedrive.com, or https://api.pipedrive.com without a company domain. Set it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticate = headerToken('x-api-token', 'apiToken');

	test: ICredentialTestRequest = {
		request: {
			// The same rules as the adapter's resolveEndpoints (nodes/shared/crm/hosts.ts), in expression form; see the
			// amoCRM credential. test/credentialHosts.test.ts checks that both agree.
			baseURL:
				'={{ ($credentials.baseUrl || "").trim() ? (/^https?:\\/\\/[^\\/@?#\\\\]+([\\/?#][^@]*)?$/i.test(($credentials.baseUrl || "").trim()) ? ($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : "https://base-url-must-be-http-without-a-password.invalid") : !($credentials.companyDomain || "").trim().toLowerCase().replace(/^https?:\\/\\//, "").replace(/\\.pipedrive\\.com\\/?$/, "") ? "https://api.pipedrive.com" : /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(($credentials.companyDomain || "").trim().toLowerCase().replace(/^https?:\\/\\//, "").replace(/\\.pipedrive\\.com\\/?$/, "")) ? "https://" + ($credentials.companyDomain || "").trim().toLowerCase().replace(/^https?:\\/\\//, "").replace(/\\.pipedrive\\.com\\/?$/, "") + ".pipedrive.com" : "https://company-domain-must-be-a-plain-name.invalid" }}',
			url: '/v1/users/me',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Pipedrive did not accept the API token. Copy it again from Personal preferences → API.',
				},
			},
		],
	};
}
