import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://proxy.example.com',
			description:
				'Optional. Leave empty to use https://{company domain}.pipedrive.com, or https://api.pipedrive.com without a company domain. Set it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-token': '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : $credentials.companyDomain ? "https://" + $credentials.companyDomain.replace(/^https?:\\/\\//, "").split(".")[0] + ".pipedrive.com" : "https://api.pipedrive.com"}}',
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
