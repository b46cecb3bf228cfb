'use strict';
/**
 * The fake amoCRM, Bitrix24, HubSpot and Pipedrive servers (test/support/fakes/) in the test process,
 * and n8n credentials that point at them, created through n8n's own `import:credentials` as a user's saved credentials would
 * be. Each test file that needs them starts its own pair; the credential ids stay fixed, so the case
 * workflows in ../cases/ can reference them, and importing again just points them at the new ports.
 */

const { startAmoCrmFake } = require('../../support/fakes/amocrm');
const { startBitrix24Fake } = require('../../support/fakes/bitrix24');
const { startHubSpotFake } = require('../../support/fakes/hubspot');
const { startPipedriveFake } = require('../../support/fakes/pipedrive');
const { startAttacker, startHostileProxy } = require('../../support/hostile');
const { signingCredentials } = require('./signingKey');

/** Fixed ids (n8n's 16-character format) that the case workflows reference. */
const CREDENTIAL_IDS = {
	amoCrmGood: 'e2eAmoCrmGood001',
	amoCrmBadToken: 'e2eAmoCrmBad0001',
	bitrix24Good: 'e2eBitrixGood001',
	bitrix24BadSecret: 'e2eBitrixBad0001',
	hubSpotGood: 'e2eHubSpotGood01',
	hubSpotBadToken: 'e2eHubSpotBad001',
	pipedriveGood: 'e2ePipedriveGd01',
	pipedriveBadToken: 'e2ePipedriveBd01',
	// Behind test/support/hostile.js, in front of a paged amoCRM fake (the fault matrix, test/faults).
	amoCrmMaintenance: 'e2eAmoCrmMaint01',
	amoCrmRedirect: 'e2eAmoCrmRedir01',
};

/** Three pages of amoCRM leads (250, 250, 100), so a fault can hit page 2. */
const AMO_PAGED_LEADS = 600;
const AMO_PAGED_TOKEN = 'e2e-paged-secret-token';
const isAmoLeadList = (request) =>
	request.method === 'GET' && /^\/api\/v4\/leads\/?$/.test(request.path);

/**
 * Small data sets: one page for amoCRM (250 per page), several for Bitrix24 (50 per page), two for
 * HubSpot (searches of 200) and Pipedrive (cursor pages of 500). The HubSpot and Pipedrive fakes add
 * one archived deal per 50 on top, which a pull must not return.
 */
const AMO_LEADS = 40;
const BITRIX_DEALS = 120;
const HUBSPOT_DEALS = 250;
const PIPEDRIVE_DEALS = 520;
const SEED = 'e2e';

async function startFakeCrms() {
	const now = new Date();
	const amocrm = await startAmoCrmFake({
		count: AMO_LEADS,
		seed: SEED,
		now,
		token: 'e2e-good-token',
	});
	const bitrix24 = await startBitrix24Fake({
		count: BITRIX_DEALS,
		seed: SEED,
		now,
		secret: 'e2eGoodSecret42',
	});
	const hubspot = await startHubSpotFake({
		count: HUBSPOT_DEALS,
		seed: SEED,
		now,
		token: 'e2e-hubspot-token',
	});
	const pipedrive = await startPipedriveFake({
		count: PIPEDRIVE_DEALS,
		seed: SEED,
		now,
		token: 'e2e-pipedrive-token',
	});
	const amocrmPaged = await startAmoCrmFake({
		count: AMO_PAGED_LEADS,
		seed: SEED,
		now,
		token: AMO_PAGED_TOKEN,
	});
	const attacker = await startAttacker();
	// A maintenance page (HTML, status 200) from the 2nd lead-list request on: the pull must fail, not end at page 1.
	const maintenance = await startHostileProxy({
		upstream: amocrmPaged.url,
		plan: [{ match: isAmoLeadList, after: 1, fault: 'html200' }],
	});
	// The lead list redirects to another local port: nothing carrying the token may arrive there.
	const redirect = await startHostileProxy({
		upstream: amocrmPaged.url,
		plan: [{ match: isAmoLeadList, fault: 'redirect', status: 302, location: attacker.url }],
	});
	const credentials = [
		{
			id: CREDENTIAL_IDS.amoCrmMaintenance,
			name: 'E2E amoCRM (maintenance page on page 2)',
			type: 'amoCrmApi',
			data: {
				subdomain: 'example',
				domain: 'amocrm.ru',
				accessToken: AMO_PAGED_TOKEN,
				baseUrl: maintenance.url,
			},
		},
		{
			id: CREDENTIAL_IDS.amoCrmRedirect,
			name: 'E2E amoCRM (redirect to another port)',
			type: 'amoCrmApi',
			data: {
				subdomain: 'example',
				domain: 'amocrm.ru',
				accessToken: AMO_PAGED_TOKEN,
				baseUrl: redirect.url,
			},
		},
		{
			id: CREDENTIAL_IDS.amoCrmGood,
			name: 'E2E amoCRM (fake)',
			type: 'amoCrmApi',
			data: {
				subdomain: 'example',
				domain: 'amocrm.ru',
				accessToken: amocrm.token,
				baseUrl: amocrm.url,
			},
		},
		{
			id: CREDENTIAL_IDS.amoCrmBadToken,
			name: 'E2E amoCRM (fake, bad token)',
			type: 'amoCrmApi',
			data: {
				subdomain: 'example',
				domain: 'amocrm.ru',
				accessToken: 'not-the-token',
				baseUrl: amocrm.url,
			},
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
		{
			id: CREDENTIAL_IDS.hubSpotGood,
			name: 'E2E HubSpot (fake)',
			type: 'hubSpotCrmApi',
			data: { accessToken: hubspot.token, baseUrl: hubspot.url },
		},
		{
			id: CREDENTIAL_IDS.hubSpotBadToken,
			name: 'E2E HubSpot (fake, bad token)',
			type: 'hubSpotCrmApi',
			data: { accessToken: 'pat-na1-not-the-token', baseUrl: hubspot.url },
		},
		{
			id: CREDENTIAL_IDS.pipedriveGood,
			name: 'E2E Pipedrive (fake)',
			type: 'pipedriveCrmApi',
			data: { apiToken: pipedrive.token, companyDomain: 'example', baseUrl: pipedrive.url },
		},
		{
			id: CREDENTIAL_IDS.pipedriveBadToken,
			name: 'E2E Pipedrive (fake, bad token)',
			type: 'pipedriveCrmApi',
			data: { apiToken: 'not-the-token', companyDomain: 'example', baseUrl: pipedrive.url },
		},
		...signingCredentials(),
	];
	return {
		amocrm,
		bitrix24,
		hubspot,
		pipedrive,
		amocrmPaged,
		hostile: { maintenance, redirect, attacker, token: AMO_PAGED_TOKEN },
		credentials,
		async close() {
			await Promise.all([
				amocrm.close(),
				bitrix24.close(),
				hubspot.close(),
				pipedrive.close(),
				maintenance.close(),
				redirect.close(),
				attacker.close(),
				amocrmPaged.close(),
			]);
		},
	};
}

module.exports = {
	startFakeCrms,
	CREDENTIAL_IDS,
	AMO_PAGED_LEADS,
	AMO_LEADS,
	BITRIX_DEALS,
	HUBSPOT_DEALS,
	PIPEDRIVE_DEALS,
};
