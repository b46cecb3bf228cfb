import type { IAuthenticate, IAuthenticateGeneric, IHttpRequestOptions } from 'n8n-workflow';

import { AmoCrmApi } from '../credentials/AmoCrmApi.credentials';
import { HubSpotCrmApi } from '../credentials/HubSpotCrmApi.credentials';
import { PipedriveCrmApi } from '../credentials/PipedriveCrmApi.credentials';

/**
 * The CRM credentials authenticate with a function (credentials/headerToken.ts), which n8n calls as it is, instead
 * of a declarative header n8n would evaluate in its expression sandbox on every request. The header each CRM expects:
 * reference/crm-apis.md §1.1 (HubSpot Bearer), §2.1 (Pipedrive x-api-token), §3.1 (amoCRM Bearer).
 */
describe.each([
	[
		'amoCRM',
		new AmoCrmApi().authenticate,
		{ accessToken: 'amo-token' },
		'Authorization',
		'Bearer amo-token',
	],
	[
		'HubSpot',
		new HubSpotCrmApi().authenticate,
		{ accessToken: 'pat-na1-x' },
		'Authorization',
		'Bearer pat-na1-x',
	],
	[
		'Pipedrive',
		new PipedriveCrmApi().authenticate,
		{ apiToken: 'pd-token' },
		'x-api-token',
		'pd-token',
	],
] as const)('%s credential authentication', (_name, authenticate, credentials, header, value) => {
	const run = async (request: IHttpRequestOptions) => {
		expect(typeof authenticate).toBe('function');
		return await (authenticate as Exclude<IAuthenticate, IAuthenticateGeneric>)(
			{ ...credentials },
			request,
		);
	};

	test('adds the token header and keeps the request and its other headers', async () => {
		const request: IHttpRequestOptions = {
			url: 'https://example.com/x',
			method: 'GET',
			qs: { page: 2 },
			headers: { Accept: 'application/json' },
		};
		const result = await run(request);
		expect(result).toEqual({
			...request,
			headers: { Accept: 'application/json', [header]: value },
		});
		// New options are returned; the caller's object is left as it was.
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});

	test('works on a request without headers', async () => {
		expect((await run({ url: 'https://example.com/x' })).headers).toEqual({ [header]: value });
	});
});
