/**
 * The CRM session (crm/session.ts): the credential is read once per execution and handed to n8n's
 * `httpRequestWithAuthentication` with every request (`additionalCredentialOptions.credentialsDecrypted`), so n8n does
 * not read and decrypt it from its database again for each page (n8n-core request-helpers/authentication.ts: without
 * it, `this.getCredentials(credentialsType)` runs per request).
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { pipedriveAdapter } from '../nodes/shared/crm/pipedrive/adapter';
import { openCrmSession } from '../nodes/shared/crm/session';

describe('openCrmSession', () => {
	it('reads the credential once and hands it to n8n with every request', async () => {
		const credentials = {
			apiToken: 'secret-token',
			companyDomain: '',
			baseUrl: 'http://127.0.0.1:9',
		};
		let reads = 0;
		const calls: unknown[][] = [];
		const ctx = {
			getNode: () => ({
				name: 'Report',
				credentials: { pipedriveCrmApi: { id: 'cred-1', name: 'My Pipedrive' } },
			}),
			getCredentials: async () => {
				reads++;
				return { ...credentials };
			},
			helpers: {
				httpRequestWithAuthentication: async (...args: unknown[]) => {
					calls.push(args);
					return { statusCode: 200, headers: {}, body: { success: true, data: [] } };
				},
			},
		} as unknown as IExecuteFunctions;
		const session = await openCrmSession(ctx, pipedriveAdapter, { timeoutMs: 1000 });
		await session.http.request({ method: 'GET', url: '/v1/users' });
		await session.http.request({ method: 'GET', url: '/v1/users' });
		expect(reads).toBe(1);
		expect(calls).toHaveLength(2);
		for (const [type, request, options] of calls) {
			expect(type).toBe('pipedriveCrmApi');
			expect((request as IHttpRequestOptions).url).toBe('http://127.0.0.1:9/v1/users');
			expect(options).toEqual({
				credentialsDecrypted: {
					id: 'cred-1',
					name: 'My Pipedrive',
					type: 'pipedriveCrmApi',
					data: credentials,
				},
			});
		}
	});
});
