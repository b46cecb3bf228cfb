/**
 * Fault class J: what a CRM says about when to come back. Unit level (CrmHttpClient with a scripted send and a
 * virtual clock, as in test/transport.test.ts) for Retry-After; through the engine for Bitrix24's limit errors.
 *
 * RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, and delay-seconds = 1*DIGIT. So "3600" is an hour
 * (capped at a minute per retry, ARCHITECTURE.md "Retry-After honoured up to a minute"), an HTTP date is honoured,
 * and anything else is not a hint at all: the client falls back to its own backoff.
 */
import { CrmHttpClient } from '../../nodes/shared/transport/crmHttpClient';
import type { CrmCall, CrmResponse } from '../../nodes/shared/transport/crmHttpClient';
import { backoffMs } from '../../nodes/shared/transport/rateLimit';
import type { RatePolicy } from '../../nodes/shared/transport/rateLimit';
import { descriptionOf, messageOf, runGetMany, useFaultMatrix } from './matrix';

const START = Date.parse('2026-11-20T10:00:00Z');
const policy: RatePolicy = {
	perSecond: 1000,
	burst: 1000,
	maxRetries: 3,
	baseBackoffMs: 100,
	maxBackoffMs: 1000,
};

/** One 429 carrying `retryAfter`, then 200; returns what the client slept. */
async function sleptAfter(retryAfter: string): Promise<number[]> {
	const clock = { now: START, slept: [] as number[] };
	const responses: CrmResponse[] = [
		{ statusCode: 429, headers: { 'retry-after': retryAfter }, body: {} },
		{ statusCode: 200, headers: {}, body: { ok: true } },
	];
	const send = async (call: CrmCall): Promise<CrmResponse> => {
		expect(call.url).toBe('/x');
		return responses.shift()!;
	};
	const client = new CrmHttpClient(send, {
		policy,
		now: () => clock.now,
		sleep: async (ms: number) => {
			clock.slept.push(ms);
			clock.now += ms;
		},
		random: () => 0,
	});
	const response = await client.request({ method: 'GET', url: '/x' });
	expect(response.statusCode).toBe(200);
	return clock.slept;
}

const BACKOFF = backoffMs(policy, 0, () => 0);

describe('J. Retry-After', () => {
	it('3600 (seconds: an hour) → sleeps the one-minute cap, 60,000 ms — not 3,600 ms', async () => {
		expect(await sleptAfter('3600')).toEqual([60_000]);
	});

	it('120 → capped at 60,000 ms', async () => {
		expect(await sleptAfter('120')).toEqual([60_000]);
	});

	it('an HTTP-date 5 s ahead is honoured: 5,000 ms', async () => {
		expect(await sleptAfter(new Date(START + 5_000).toUTCString())).toEqual([5_000]);
	});

	it.each(['soon', '-5', '1e3', '3.5', '0x10', ' '])(
		'%j is not delay-seconds → the client’s own backoff',
		async (value) => {
			expect(await sleptAfter(value)).toEqual([BACKOFF]);
		},
	);
});

describe('J. Bitrix24 limit errors through the node (§4.4)', () => {
	const h = useFaultMatrix();
	jest.setTimeout(30_000);

	it('429 OPERATION_TIME_LIMIT on every deal-list request → after retries, a Bitrix24 message that explains the time limit', async () => {
		const crm = h.crms.bitrix24;
		// Body seen in the wild (leshchenko1979/fast_bitrix24#220, §4.4).
		crm.proxy.reset([
			{
				match: crm.isList,
				fault: 'respond',
				status: 429,
				body: {
					error: 'OPERATION_TIME_LIMIT',
					error_description: 'Method is blocked due to operation time limit.',
				},
			},
		]);
		const result = await runGetMany(crm);

		expect(crm.proxy.seen(crm.isList).length).toBeGreaterThan(1);
		expect(result.error).toBeDefined();
		expect(messageOf(result.error)).toContain('Bitrix24');
		// The explanation must be the node's own, not the CRM's words quoted back ("… operation time limit.").
		const explanation = descriptionOf(result.error).replace(
			/Method is blocked due to operation time limit\.?/g,
			'',
		);
		expect(explanation).toMatch(/time limit/i);
		expect(messageOf(result.error)).not.toMatch(/too frequent/i);
	});

	it('503 QUERY_LIMIT_EXCEEDED on every deal-list request → after retries, a Bitrix24 message about the request limit', async () => {
		const crm = h.crms.bitrix24;
		crm.proxy.reset([
			{
				match: crm.isList,
				fault: 'respond',
				status: 503,
				body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
			},
		]);
		const result = await runGetMany(crm);

		expect(crm.proxy.seen(crm.isList).length).toBeGreaterThan(1);
		expect(result.error).toBeDefined();
		expect(messageOf(result.error)).toContain('Bitrix24');
		expect(descriptionOf(result.error)).not.toMatch(/time limit/i);
	});
});
