'use strict';
/**
 * The fake amoCRM and Bitrix24 servers (test/support/fakes/) in the test process, and n8n credentials
 * that point at them, created through n8n's own `import:credentials` as a user's saved credentials would
 * be. Each test file that needs them starts its own pair; the credential ids stay fixed, so the case
 * workflows in ../cases/ can reference them, and importing again just points them at the new ports.
 */

const { startAmoCrmFake } = require('../../support/fakes/amocrm');
const { startBitrix24Fake } = require('../../support/fakes/bitrix24');

/** Fixed ids (n8n's 16-character format) that the case workflows reference. */
const CREDENTIAL_IDS = {
	amoCrmGood: 'e2eAmoCrmGood001',
	amoCrmBadToken: 'e2eAmoCrmBad0001',
	bitrix24Good: 'e2eBitrixGood001',
	bitrix24BadSecret: 'e2eBitrixBad0001',
};

/** Small data sets: one page for amoCRM (250 per page) but several for Bitrix24 (50 per page). */
const AMO_LEADS = 40;
const BITRIX_DEALS = 120;
const SEED = 'e2e';

async function startFakeCrms() {
	const now = new Date();
	const amocrm = await startAmoCrmFake({ count: AMO_LEADS, seed: SEED, now, token: 'e2e-good-token' });
	const bitrix24 = await startBitrix24Fake({ count: BITRIX_DEALS, seed: SEED, now, secret: 'e2eGoodSecret42' });
	const credentials = [
		{
			id: CREDENTIAL_IDS.amoCrmGood,
			name: 'E2E amoCRM (fake)',
			type: 'amoCrmApi',
			data: { subdomain: 'example', domain: 'amocrm.ru', accessToken: amocrm.token, baseUrl: amocrm.url },
		},
		{
			id: CREDENTIAL_IDS.amoCrmBadToken,
			name: 'E2E amoCRM (fake, bad token)',
			type: 'amoCrmApi',
			data: { subdomain: 'example', domain: 'amocrm.ru', accessToken: 'not-the-token', baseUrl: amocrm.url },
		},
		{
			id: CREDENTIAL_IDS.bitrix24Good,
			name: 'E2E Bitrix24 (fake)',
			type: 'bitrix24Api',
			data: { webhookUrl: bitrix24.webhookUrl },
		},
		{
			id: CREDENTIAL_IDS.bitrix24BadSecret,
			name: 'E2E Bitrix24 (fake, bad secret)',
			type: 'bitrix24Api',
			data: { webhookUrl: bitrix24.webhookUrl.replace(bitrix24.secret, 'wrongSecret000') },
		},
	];
	return {
		amocrm,
		bitrix24,
		credentials,
		async close() {
			await Promise.all([amocrm.close(), bitrix24.close()]);
		},
	};
}

module.exports = { startFakeCrms, CREDENTIAL_IDS, AMO_LEADS, BITRIX_DEALS };
