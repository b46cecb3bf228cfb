'use strict';
/**
 * The Sales Bridge Signing Key's "Test" button in the real n8n: the credential type has no `test` request (the key is
 * never sent anywhere), so n8n runs the Sales Brief node's `credentialTest` method named by `testedBy` — the length
 * check of nodes/shared/brief/signing.ts. The editor posts the saved credential with its secret redacted; n8n restores
 * it from storage before the method sees it.
 */
const { connect } = require('./support/instance');
const {
	SHORT_SIGNING_CREDENTIAL_ID,
	SIGNING_CREDENTIAL_ID,
	signingCredentials,
} = require('./support/signingKey');

let n8n;

beforeAll(async () => {
	n8n = await connect();
	await n8n.importCredentials(signingCredentials());
});

async function testCredential(id) {
	const saved = await n8n.rest.expectOk('GET', `/rest/credentials/${id}?includeData=true`);
	expect(saved.type).toBe('salesBridgeSigningKeyApi');
	return n8n.rest.expectOk('POST', '/rest/credentials/test', {
		credentials: { id, name: saved.name, type: saved.type, data: saved.data },
	});
}

test('the signing key credential test passes for a key of 32 characters or more', async () => {
	expect(await testCredential(SIGNING_CREDENTIAL_ID)).toEqual({
		status: 'OK',
		message: 'The signing key is usable.',
	});
});

test('the signing key credential test fails for a short key and says how to fix it', async () => {
	const result = await testCredential(SHORT_SIGNING_CREDENTIAL_ID);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/too short \(31 characters\).*at least 32/);
	expect(result.message).not.toContain('k'.repeat(31));
});
