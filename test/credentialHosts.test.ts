import { AmoCrmApi } from '../credentials/AmoCrmApi.credentials';
import { HubSpotCrmApi } from '../credentials/HubSpotCrmApi.credentials';
import { PipedriveCrmApi } from '../credentials/PipedriveCrmApi.credentials';
import { amoCrmAdapter } from '../nodes/shared/crm/amocrm/adapter';
import { hubSpotAdapter } from '../nodes/shared/crm/hubspot/adapter';
import { pipedriveAdapter } from '../nodes/shared/crm/pipedrive/adapter';
import type { CrmAdapter } from '../nodes/shared/crm/types';
import { credentialExpression } from './support/engine';

/**
 * A credential field that becomes part of a host must never steer the token elsewhere — in workflow requests
 * (the adapter's resolveEndpoints) and in the credential's Test button (its declarative test request, an n8n
 * expression). Both follow one rule; this table checks that they agree.
 */
const hostile = [
	'localhost:8990/',
	'127。0。0。1',
	'evil.com/x',
	'a@b',
	'x:1',
	'x?y',
	'x#y',
	'x\\y',
	'-x',
	'a b',
];

function testBaseUrl(
	type: { test?: { request: { baseURL?: string } } },
	credentials: Record<string, string>,
) {
	return String(credentialExpression(type.test?.request.baseURL ?? '', credentials));
}

function adapterBase(adapter: CrmAdapter, credentials: Record<string, string>): string | Error {
	try {
		return adapter.resolveEndpoints(credentials).baseUrl;
	} catch (error) {
		return error as Error;
	}
}

describe.each([
	[
		'amoCRM',
		new AmoCrmApi(),
		amoCrmAdapter,
		'subdomain',
		{ domain: 'kommo.com', accessToken: 't' },
		'https://mycompany.kommo.com',
	],
	[
		'Pipedrive',
		new PipedriveCrmApi(),
		pipedriveAdapter,
		'companyDomain',
		{ apiToken: 't' },
		'https://mycompany.pipedrive.com',
	],
] as const)('%s host fields', (_name, credentialType, adapter, field, rest, expected) => {
	it.each(hostile)(
		'refuses %j before any request, in workflows and in the Test button',
		(value) => {
			const credentials = { ...rest, [field]: value };
			const resolved = adapterBase(adapter, credentials);
			expect(resolved).toBeInstanceOf(Error);
			expect((resolved as Error).message).toMatch(/must be a plain name/);
			expect(new URL(testBaseUrl(credentialType, credentials)).hostname).toMatch(
				/must-be-a-plain-name\.invalid$/,
			);
		},
	);

	it.each(['mycompany', ' MyCompany ', `${expected}/`])(
		'accepts %j and builds the same address in both',
		(value) => {
			const credentials = { ...rest, [field]: value };
			expect(adapterBase(adapter, credentials)).toBe(expected);
			expect(testBaseUrl(credentialType, credentials)).toBe(expected);
		},
	);

	it('accepts an IDN subdomain in punycode', () => {
		const credentials = { ...rest, [field]: 'xn--80ak6aa92e' };
		expect(adapterBase(adapter, credentials)).toBe(expected.replace('mycompany', 'xn--80ak6aa92e'));
	});
});

describe.each([
	[
		'amoCRM',
		new AmoCrmApi(),
		amoCrmAdapter,
		{ subdomain: 'x', domain: 'amocrm.ru', accessToken: 't' },
	],
	['HubSpot', new HubSpotCrmApi(), hubSpotAdapter, { accessToken: 't' }],
	['Pipedrive', new PipedriveCrmApi(), pipedriveAdapter, { apiToken: 't' }],
] as const)('%s Base URL', (_name, credentialType, adapter, rest) => {
	it.each([
		'ftp://127.0.0.1:8990',
		'javascript:alert(1)',
		'http://user:pass@127.0.0.1:8990',
		'127.0.0.1:8990',
	])('refuses %j in both places', (baseUrl) => {
		const credentials = { ...rest, baseUrl };
		const resolved = adapterBase(adapter, credentials);
		expect(resolved).toBeInstanceOf(Error);
		expect((resolved as Error).message).toMatch(/Base URL/);
		expect(testBaseUrl(credentialType, credentials)).toMatch(/\.invalid$/);
	});

	it('keeps a proxy address as given, without a trailing slash', () => {
		const credentials = { ...rest, baseUrl: 'http://127.0.0.1:8990/proxy/' };
		expect(adapterBase(adapter, credentials)).toBe('http://127.0.0.1:8990/proxy');
		expect(testBaseUrl(credentialType, credentials)).toBe('http://127.0.0.1:8990/proxy');
	});
});
