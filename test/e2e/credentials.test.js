'use strict';
/**
 * Credential tests as the editor's "Test" button runs them, on credentials created with n8n's
 * `import:credentials` that point at the fake CRMs: the editor loads the saved credential (secrets
 * come back redacted) and posts that form data to /rest/credentials/test, where n8n restores the
 * secrets from storage and sends the credential type's `test` request.
 */

const { connect } = require('./support/instance');
const { startFakeCrms, CREDENTIAL_IDS } = require('./support/fakeCrms');

let n8n;
let fakes;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.importCredentials(fakes.credentials);
});

afterAll(async () => {
	if (fakes) await fakes.close();
});

/** Runs the test and checks that it reached the fake and whether the fake refused it. */
async function testCredentialAgainst(fake, id) {
	const before = { ...fake.stats };
	const result = await testCredential(id);
	return {
		result,
		requests: fake.stats.requests - before.requests,
		refused: fake.stats.unauthorized - before.unauthorized,
	};
}

async function testCredential(id) {
	const saved = await n8n.rest.expectOk('GET', `/rest/credentials/${id}?includeData=true`);
	expect(saved.data).toBeDefined();
	return n8n.rest.expectOk('POST', '/rest/credentials/test', {
		credentials: { id, name: saved.name, type: saved.type, data: saved.data },
	});
}

test('the amoCRM credential test succeeds with the right token', async () => {
	const before = fakes.amocrm.stats.byRoute['/api/v4/account'] || 0;
	expect(await testCredential(CREDENTIAL_IDS.amoCrmGood)).toEqual(
		expect.objectContaining({ status: 'OK' }),
	);
	expect(fakes.amocrm.stats.byRoute['/api/v4/account']).toBe(before + 1);
});

test('the amoCRM credential test fails with a bad token and says so', async () => {
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.amocrm,
		CREDENTIAL_IDS.amoCrmBadToken,
	);
	// n8n may send the test request more than once; the fake must have refused every one.
	expect(refused).toBeGreaterThan(0);
	expect(refused).toBe(requests);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/401|unauthori[sz]ed|authori[sz]ation|token/i);
});

test('the Bitrix24 credential test succeeds with the right webhook URL', async () => {
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.bitrix24,
		CREDENTIAL_IDS.bitrix24Good,
	);
	expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	expect(requests).toBeGreaterThan(0);
	expect(refused).toBe(0);
});

test('the Bitrix24 credential test fails with a wrong webhook secret and says so', async () => {
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.bitrix24,
		CREDENTIAL_IDS.bitrix24BadSecret,
	);
	// n8n may send the test request more than once; the fake must have refused every one.
	expect(refused).toBeGreaterThan(0);
	expect(refused).toBe(requests);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/401|unauthori[sz]ed|authori[sz]ation|webhook|invalid/i);
	expect(result.message).not.toMatch(/does not have any credentials/);
});

test('the HubSpot credential test succeeds with the right token', async () => {
	const before = fakes.hubspot.stats.byRoute['/crm/v3/owners'] || 0;
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.hubspot,
		CREDENTIAL_IDS.hubSpotGood,
	);
	expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	expect(requests).toBeGreaterThan(0);
	expect(refused).toBe(0);
	expect(fakes.hubspot.stats.byRoute['/crm/v3/owners']).toBeGreaterThan(before);
});

test('the HubSpot credential test fails with a bad token and says what to do', async () => {
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.hubspot,
		CREDENTIAL_IDS.hubSpotBadToken,
	);
	expect(refused).toBeGreaterThan(0);
	expect(refused).toBe(requests);
	expect(result.status).toBe('Error');
	// The credential's own rule for 401, not n8n's generic text.
	expect(result.message).toMatch(/HubSpot did not accept the token/);
});

test('the Pipedrive credential test succeeds with the right API token', async () => {
	const before = fakes.pipedrive.stats.byRoute['/v1/users/me'] || 0;
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.pipedrive,
		CREDENTIAL_IDS.pipedriveGood,
	);
	expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	expect(requests).toBeGreaterThan(0);
	expect(refused).toBe(0);
	expect(fakes.pipedrive.stats.byRoute['/v1/users/me']).toBeGreaterThan(before);
});

test('the Pipedrive credential test fails with a bad API token and says what to do', async () => {
	const { result, requests, refused } = await testCredentialAgainst(
		fakes.pipedrive,
		CREDENTIAL_IDS.pipedriveBadToken,
	);
	expect(refused).toBeGreaterThan(0);
	expect(refused).toBe(requests);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Pipedrive did not accept the API token/);
});
