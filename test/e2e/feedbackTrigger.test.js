'use strict';
/**
 * Sales Feedback Trigger → Feedback Router on a real n8n 2.40.7, through the trigger's LIVE webhook: the workflow is published (activated) as a
 * user would, then the hosted form is driven in headless Chromium under n8n's sandbox CSP, the endpoint gets a form
 * post, JSON, urlencoded and a signed acknowledgement, and finally 1,000+ generated hostile requests. For each hostile
 * request the test records who answered (the node — recognised by its headers — or n8n itself) and with what; it
 * asserts that the node never answered 5xx, that n8n stayed healthy, and that no hostile request started an execution.
 */
const fs = require('node:fs');
const path = require('node:path');

const puppeteer = require('puppeteer-core');

const { nodeOutput } = require('../../scripts/lib/n8n');
const { connect, WORKFLOWS_DIR } = require('./support/instance');
const { hostileRequests, send, mapLimit, fromNode } = require('./support/feedbackHostile');
const { signLink } = require('../../dist/nodes/shared/brief/signing');

const workflow = JSON.parse(
	fs.readFileSync(path.join(WORKFLOWS_DIR, 'feedback-trigger.workflow.json'), 'utf8'),
);
const TRIGGER = 'Sales Feedback Trigger';
const SIGNING_KEY = 'e2e-signing-key-0123456789-abcdefghijklmnop';
const HOSTILE_COUNT = 1040;
/** Bounded concurrency: n8n handles webhooks on one event loop; more in flight only queues up. */
const CONCURRENCY = 16;
/** Generous: on a 2-core machine shared with other test runs (load average 25) 1,000 webhooks took minutes. */
const HOSTILE_TIMEOUT_MS = 900000;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let n8n;
let url;
let published = false;

beforeAll(async () => {
	// The first login sometimes meets a keep-alive socket n8n has just closed ("other side closed"); once more.
	n8n = await connect().catch(() => connect());
	await n8n.importCredentials([
		{
			id: 'e2eSigningKey004',
			name: 'E2E signing key',
			type: 'salesBridgeSigningKeyApi',
			data: { secret: SIGNING_KEY },
		},
	]);
	const saved = await n8n.rest.expectOk('GET', `/rest/workflows/${workflow.id}`);
	const activated = await n8n.rest.expectOk('POST', `/rest/workflows/${workflow.id}/activate`, {
		versionId: saved.versionId,
	});
	expect(activated.active).toBe(true);
	published = true;
	url = `${n8n.state.baseUrl}/webhook/${workflow.nodes[0].parameters.path}`;
});

afterAll(async () => {
	if (published) await n8n.rest.expectOk('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
});

async function executions() {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
	const { results, count } = await n8n.rest.expectOk(
		'GET',
		`/rest/executions?filter=${filter}&limit=250`,
	);
	return { results, count };
}

/** Waits until the workflow has `count` executions, all finished; returns them newest first. */
async function waitForExecutions(count, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { results } = await executions();
		if (results.length >= count && results.every((run) => run.stoppedAt)) return results;
		if (Date.now() > deadline)
			throw new Error(`waited for ${count} executions, have ${results.length}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

async function emittedBy(executionSummary) {
	const execution = await n8n.rest.waitForExecution(executionSummary.id, 60000);
	expect(execution.status).toBe('success');
	return nodeOutput(execution, TRIGGER);
}

async function findFeedback(id) {
	for (const run of (await executions()).results) {
		const [item] = await emittedBy(run);
		if (item.id === id) return item;
	}
	return null;
}

test("the hosted form works in headless Chromium under n8n's sandbox CSP, and the submission reaches the workflow", async () => {
	const before = (await executions()).count;
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu'],
	});
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 390, height: 844, isMobile: true });
		await page.setJavaScriptEnabled(false);
		const query =
			'?dealId=E2E-77&rep=anna&briefId=B42&briefVersion=3&lang=ru&utm_source=yandex&utm_campaign=winter';
		const response = await page.goto(url + query, { waitUntil: 'load' });
		expect(response.status()).toBe(200);
		expect(response.headers()['content-security-policy']).toMatch(/^sandbox .*allow-forms/);
		expect(await page.$eval('html', (el) => el.lang)).toBe('ru');
		expect(await page.$eval('#dealId', (el) => el.value)).toBe('E2E-77');
		await page.type('#firstWords', 'А вы доставляете по воскресеньям?');
		await page.type('#whatMatters', 'Скорость');
		await page.click('input[name="decision"][value="reject"]');
		await page.select('#reasonCode', 'price_too_high');
		await page.select('#quality', '2');
		const [thanks] = await Promise.all([
			page.waitForNavigation({ waitUntil: 'load' }),
			page.click('button[type="submit"]'),
		]);
		expect(thanks.status()).toBe(200);
		expect(await page.$eval('h1', (el) => el.textContent)).toBe('Спасибо!');
	} finally {
		await browser.close();
	}
	const [latest] = await waitForExecutions(before + 1);
	const [item] = await emittedBy(latest);
	expect(item).toMatchObject({
		type: 'form',
		dealId: 'E2E-77',
		rep: 'anna',
		decision: 'reject',
		reasonCode: 'price_too_high',
		quality: 2,
		firstWords: 'А вы доставляете по воскресеньям?',
		whatMatters: 'Скорость',
		briefId: 'B42',
		briefVersion: 3,
		language: 'ru',
		utm: { source: 'yandex', medium: null, campaign: 'winter', content: null, term: null },
	});
	expect(item.id).toMatch(/^fb_[0-9a-f]{32}$/);
});

test('JSON, urlencoded and a signed acknowledgement on the live webhook; a resubmission keeps its id', async () => {
	const before = (await executions()).count;
	const body = {
		deal_id: 'J-1',
		verdict: 'accept',
		lead_quality: 5,
		first_words: 'Price?',
		utm_source: 'vk',
	};
	const j1 = await send(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const j2 = await send(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(j1.status).toBe(200);
	const id = JSON.parse(j1.body).id;
	expect(JSON.parse(j2.body).id).toBe(id);

	const u = await send(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'dealId=U-1&decision=reject&reason=no_budget&comment=Too+pricey',
	});
	expect(u.status).toBe(200);
	expect(u.body).toContain('Thank you!');

	const link = signLink(
		{ briefId: 'B42', version: 3, recipientId: 'ivan@acme', action: 'ack' },
		SIGNING_KEY,
	);
	const qs = new URLSearchParams(link).toString();
	const confirm = await send(url, { method: 'GET', path: `?${qs}`, headers: {} });
	expect(confirm.status).toBe(200);
	expect(confirm.body).toContain('Confirm that you read brief B42, version 3');
	const forged = await send(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: qs.replace(/r=ivan/, 'r=petr'),
	});
	expect(forged.status).toBe(403);
	const ack = await send(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: qs,
	});
	expect(ack.status).toBe(200);

	// Two JSON posts, one urlencoded, one acknowledgement; the confirm GET and the forgery recorded nothing.
	const runs = await waitForExecutions(before + 4);
	expect((await executions()).count).toBe(before + 4);
	const items = (await Promise.all(runs.slice(0, 4).map(emittedBy))).map(([item]) => item);
	expect(items.filter((item) => item.id === id)).toHaveLength(2);
	expect(items.find((item) => item.dealId === 'U-1')).toMatchObject({
		decision: 'reject',
		reasonCode: 'no_budget',
		text: 'Too pricey',
	});
	expect(items.find((item) => item.type === 'acknowledgement')).toMatchObject({
		briefId: 'B42',
		briefVersion: 3,
		rep: 'ivan@acme',
	});
	expect(await findFeedback(id)).toMatchObject({
		dealId: 'J-1',
		decision: 'accept',
		quality: 5,
		utm: { source: 'vk' },
	});
});

test('a signed question link in Chromium: the confirm page records nothing, its button POSTs the question', async () => {
	const before = (await executions()).count;
	const link = signLink(
		{ briefId: 'B42', version: 3, recipientId: 'olga', action: 'question' },
		SIGNING_KEY,
	);
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu'],
	});
	try {
		const page = await browser.newPage();
		await page.setJavaScriptEnabled(false);
		const response = await page.goto(`${url}?${new URLSearchParams({ ...link, lang: 'en' })}`, {
			waitUntil: 'load',
		});
		expect(response.status()).toBe(200);
		expect(response.headers()['content-security-policy']).toMatch(/^sandbox .*allow-forms/);
		expect(await page.$eval('h1', (el) => el.textContent)).toBe(
			'Confirm that you read brief B42, version 3',
		);
		// A scanner or a preview opening the link records nothing.
		await page.reload({ waitUntil: 'load' });
		expect((await executions()).count).toBe(before);
		await page.type('#question', 'Which price list applies?');
		const [thanks] = await Promise.all([
			page.waitForNavigation({ waitUntil: 'load' }),
			page.click('button[type="submit"]'),
		]);
		expect(thanks.status()).toBe(200);
		expect(await page.$eval('p', (el) => el.textContent)).toBe(
			'Thank you, your question has been sent to marketing.',
		);
	} finally {
		await browser.close();
	}
	const [latest] = await waitForExecutions(before + 1);
	const [item] = await emittedBy(latest);
	expect(item).toMatchObject({
		type: 'question',
		briefId: 'B42',
		briefVersion: 3,
		rep: 'olga',
		text: 'Which price list applies?',
	});
});

const ROUTER_OUTPUTS = ['Lead Verdict', 'Customer Voice', 'Acknowledgement', 'Question', 'Other'];

/** The router output (its NoOp "Out: …" node) that received the run's one item. */
async function routedTo(executionSummary) {
	const execution = await n8n.rest.waitForExecution(executionSummary.id, 60000);
	expect(execution.status).toBe('success');
	const hits = ROUTER_OUTPUTS.filter((name) => (nodeOutput(execution, `Out: ${name}`) ?? []).length > 0);
	expect(hits).toHaveLength(1);
	return { output: hits[0], item: nodeOutput(execution, `Out: ${hits[0]}`)[0] };
}

test('posts to the live webhook land on each of the Feedback Router outputs', async () => {
	const json = (body) =>
		send(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	const signed = (action, recipientId, extra = '') =>
		send(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body:
				new URLSearchParams(
					signLink({ briefId: 'R7', version: 1, recipientId, action }, SIGNING_KEY),
				).toString() + extra,
		});
	// One request per output, in order; each starts one execution.
	const sent = [
		['Lead Verdict', () => json({ dealId: 'R-1', decision: 'reject', reasonCode: 'spam' })],
		['Customer Voice', () => json({ firstWords: 'Do you deliver on Sundays?', whatMatters: 'Speed' })],
		['Acknowledgement', () => signed('ack', 'vera')],
		['Question', () => signed('question', 'gleb', '&question=Which+price+list+applies%3F')],
		['Other', () => json({ comment: 'The parking lot is full again' })],
	];
	for (const [output, post] of sent) {
		const before = (await executions()).count;
		expect((await post()).status).toBe(200);
		const [latest] = await waitForExecutions(before + 1);
		const routed = await routedTo(latest);
		expect(routed.output).toBe(output);
		expect(routed.item.category).toBe(
			{
				'Lead Verdict': 'leadVerdict',
				'Customer Voice': 'customerVoice',
				Acknowledgement: 'acknowledgement',
				Question: 'question',
				Other: 'other',
			}[output],
		);
	}
});

test(
	`${HOSTILE_COUNT} hostile requests: no 5xx from the node, n8n healthy, nothing emitted`,
	async () => {
		const before = (await executions()).count;
		const requests = hostileRequests(HOSTILE_COUNT);
		// Two bodies over N8N_PAYLOAD_SIZE_MAX (16 MiB by default): n8n's body reader refuses them itself.
		const oversized = Buffer.alloc(17 * 1024 * 1024, 0x61);
		requests.push({
			kind: 'JSON over N8N_PAYLOAD_SIZE_MAX',
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: Buffer.concat([Buffer.from('{"firstWords":"'), oversized, Buffer.from('"}')]),
		});
		requests.push({
			kind: 'urlencoded over N8N_PAYLOAD_SIZE_MAX',
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: Buffer.concat([Buffer.from('firstWords='), oversized]),
		});
		const started = Date.now();
		const responses = await mapLimit(requests, CONCURRENCY, (request) => send(url, request, 60000));
		const seconds = Math.round((Date.now() - started) / 1000);

		const tally = { total: requests.length, node: {}, n8n: {}, byKind: {} };
		let nodeServerErrors = 0;
		responses.forEach((response, i) => {
			const who = fromNode(response) ? 'node' : 'n8n';
			let key = String(response.status);
			if (who === 'n8n') {
				let message = '';
				try {
					message = JSON.parse(response.body).message || '';
				} catch {
					message = (response.body || response.error || '').slice(0, 60);
				}
				key += ` ${message}`;
			}
			tally[who][key] = (tally[who][key] || 0) + 1;
			const kind = (tally.byKind[requests[i].kind] ??= {});
			kind[`${who} ${response.status}`] = (kind[`${who} ${response.status}`] || 0) + 1;
			if (who === 'node' && response.status >= 500) nodeServerErrors++;
		});
		const node4xx = Object.entries(tally.node)
			.filter(([k]) => k.startsWith('4'))
			.reduce((s, [, n]) => s + n, 0);
		const node2xx = Object.entries(tally.node)
			.filter(([k]) => k.startsWith('2'))
			.reduce((s, [, n]) => s + n, 0);
		const healthz = await fetch(`${n8n.state.baseUrl}/healthz`);
		// Executions are written after the webhook answered; give them a moment before counting.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const after = (await executions()).count;
		console.log(
			'[feedback-trigger hostile tally]\n' +
				JSON.stringify(
					{
						...tally,
						seconds,
						concurrency: CONCURRENCY,
						node4xx,
						node2xx,
						nodeServerErrors,
						healthz: healthz.status,
						executionsBefore: before,
						executionsAfter: after,
					},
					null,
					1,
				),
		);
		expect(responses.length).toBeGreaterThanOrEqual(1000);
		expect(nodeServerErrors).toBe(0);
		expect(node4xx).toBeGreaterThan(500);
		expect(healthz.status).toBe(200);
		expect(after).toBe(before);
		// Still serving afterwards.
		expect((await send(url, { method: 'GET', headers: {} })).status).toBe(200);
	},
	HOSTILE_TIMEOUT_MS,
);
