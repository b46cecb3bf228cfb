import { backoffMs, retryAfterMs, TokenBucket } from '../nodes/shared/transport/rateLimit';
import type { RatePolicy } from '../nodes/shared/transport/rateLimit';
import {
	collectPages,
	CrmHttpClient,
	CrmHttpError,
	CrmNetworkError,
	redactUrl,
} from '../nodes/shared/transport/crmHttpClient';
import type { CrmCall, CrmResponse } from '../nodes/shared/transport/crmHttpClient';
import {
	CrmBadResponseError,
	CrmRedirectError,
	CrmTimeoutError,
	makeRedactor,
} from '../nodes/shared/transport/errors';
import { z } from 'zod';

/** A virtual clock: `sleep` advances time instantly, so pacing is checked by arithmetic, never by waiting. */
function virtualClock() {
	const clock = { now: 0, slept: [] as number[] };
	return {
		clock,
		now: () => clock.now,
		sleep: async (ms: number) => {
			clock.slept.push(ms);
			clock.now += ms;
		},
	};
}

const policy: RatePolicy = {
	perSecond: 2,
	burst: 3,
	maxRetries: 3,
	baseBackoffMs: 100,
	maxBackoffMs: 1000,
};

describe('TokenBucket', () => {
	it('lets a burst through, then paces to the sustained rate', async () => {
		const { clock, now, sleep } = virtualClock();
		const bucket = new TokenBucket(policy, sleep, now);
		const sentAt: number[] = [];
		for (let i = 0; i < 7; i++) {
			await bucket.take();
			sentAt.push(clock.now);
		}
		expect(sentAt.slice(0, 3)).toEqual([0, 0, 0]);
		// After the burst, one request every 500 ms at 2/s.
		expect(sentAt.slice(3)).toEqual([500, 1000, 1500, 2000]);
	});

	it('drain() forgets the burst after the server pushed back', async () => {
		const { clock, now, sleep } = virtualClock();
		const bucket = new TokenBucket(policy, sleep, now);
		await bucket.take();
		bucket.drain();
		await bucket.take();
		expect(clock.now).toBe(500);
	});
});

describe('retryAfterMs / backoffMs', () => {
	it('reads delay-seconds and HTTP dates as RFC 9110 defines them, and nothing else', () => {
		expect(retryAfterMs('2', 0)).toBe(2000);
		// 3600 is an hour (it used to be read as 3.6 s, so a long hint burned every retry within seconds).
		expect(retryAfterMs('3600', 0)).toBe(3_600_000);
		expect(retryAfterMs(['2500'], 0)).toBe(2_500_000);
		for (const junk of ['1.5', '-5', '1e3', '0x10', '2 s', 'Tomorrow'])
			expect(retryAfterMs(junk, 0)).toBeNull();
		expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(retryAfterMs(undefined, 0)).toBeNull();
		expect(retryAfterMs('soon', 0)).toBeNull();
	});

	it('grows exponentially with jitter and stays under the cap', () => {
		expect(backoffMs(policy, 0, () => 0)).toBe(50);
		expect(backoffMs(policy, 0, () => 1)).toBe(100);
		expect(backoffMs(policy, 2, () => 1)).toBe(400);
		expect(backoffMs(policy, 10, () => 1)).toBe(1000);
	});
});

function scripted(responses: Array<Partial<CrmResponse> | Error>) {
	const calls: CrmCall[] = [];
	const send = async (call: CrmCall): Promise<CrmResponse> => {
		calls.push(call);
		const next = responses.shift();
		if (!next) throw new Error('no more scripted responses');
		if (next instanceof Error) throw next;
		return { statusCode: 200, headers: {}, body: null, ...next };
	};
	return { calls, send };
}

function networkError(code: string): Error {
	return Object.assign(new Error(`connect ${code} https://portal/rest/1/secret/`), { code });
}

describe('CrmHttpClient', () => {
	it('retries 429/503/5xx and honours Retry-After', async () => {
		const { clock, sleep, now } = virtualClock();
		const { calls, send } = scripted([
			{ statusCode: 429, headers: { 'retry-after': '3' } },
			{ statusCode: 503, body: { error: 'QUERY_LIMIT_EXCEEDED' } },
			{ statusCode: 502 },
			{ statusCode: 200, body: { ok: true } },
		]);
		const client = new CrmHttpClient(send, {
			policy: { ...policy, maxRetries: 5 },
			sleep,
			now,
			random: () => 1,
		});
		const response = await client.request({ method: 'GET', url: '/x' });
		expect(response.body).toEqual({ ok: true });
		expect(calls).toHaveLength(4);
		expect(client.stats).toEqual({ requests: 4, retries: 3 });
		expect(clock.slept).toContain(3000);
	});

	it('waits at most a minute per retry, whatever Retry-After asks for', async () => {
		const { clock, sleep, now } = virtualClock();
		const { send } = scripted([
			{ statusCode: 429, headers: { 'retry-after': '600' } },
			{ statusCode: 200, body: { ok: true } },
		]);
		await new CrmHttpClient(send, { policy, sleep, now }).request({ method: 'GET', url: '/x' });
		expect(clock.slept).toContain(60_000);
		expect(Math.max(...clock.slept)).toBe(60_000);
	});

	it('gives up after maxRetries with the last status', async () => {
		const { sleep, now } = virtualClock();
		const { send } = scripted(Array.from({ length: 4 }, () => ({ statusCode: 429 })));
		const client = new CrmHttpClient(send, { policy, sleep, now });
		await expect(client.request({ method: 'GET', url: '/x' })).rejects.toMatchObject({
			statusCode: 429,
			attempts: 4,
		});
	});

	it('does not retry client errors', async () => {
		const { sleep, now } = virtualClock();
		const { calls, send } = scripted([{ statusCode: 401, body: { title: 'Unauthorized' } }]);
		const client = new CrmHttpClient(send, { policy, sleep, now });
		const error = await client.request({ method: 'GET', url: '/x' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CrmHttpError);
		expect(calls).toHaveLength(1);
	});

	it('never retries a write after a 5xx (it may have been applied), but does after a 429', async () => {
		const { sleep, now } = virtualClock();
		const write = { method: 'POST' as const, url: '/notes', idempotent: false };
		const first = scripted([{ statusCode: 502 }]);
		await expect(
			new CrmHttpClient(first.send, { policy, sleep, now }).request(write),
		).rejects.toMatchObject({
			statusCode: 502,
		});
		const second = scripted([{ statusCode: 429 }, { statusCode: 200, body: { id: 1 } }]);
		const response = await new CrmHttpClient(second.send, {
			policy,
			sleep,
			now,
		}).request(write);
		expect(response.body).toEqual({ id: 1 });
	});

	it('retries dropped connections and reports unreachable hosts without the URL', async () => {
		const { sleep, now } = virtualClock();
		const { calls, send } = scripted([
			networkError('ECONNRESET'),
			{ statusCode: 200, body: { n: 1 } },
		]);
		expect(
			(
				await new CrmHttpClient(send, { policy, sleep, now }).request({
					method: 'GET',
					url: '/',
				})
			).body,
		).toEqual({ n: 1 });
		expect(calls).toHaveLength(2);

		const dns = scripted([networkError('ENOTFOUND')]);
		const error = await new CrmHttpClient(dns.send, { policy, sleep, now })
			.request({ method: 'GET', url: '/' })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CrmNetworkError);
		expect(String((error as Error).message)).not.toContain('secret');
	});

	it('waits instead of spending a request when x-ratelimit-remaining hits 0', async () => {
		const { clock, sleep, now } = virtualClock();
		const { send } = scripted([
			{ statusCode: 200, headers: { 'x-ratelimit-remaining': '0' }, body: {} },
			{ statusCode: 200, body: {} },
		]);
		const client = new CrmHttpClient(send, { policy, sleep, now });
		await client.request({ method: 'GET', url: '/a' });
		await client.request({ method: 'GET', url: '/b' });
		expect(clock.now).toBeGreaterThanOrEqual(500);
	});
});

describe('collectPages', () => {
	const pages: Record<number, number[]> = {
		1: [1, 2, 3],
		2: [4, 5, 6],
		3: [7],
	};
	const fetchPage = async (page: number) => ({
		items: pages[page] ?? [],
		next: pages[page + 1] ? page + 1 : null,
	});

	it('follows cursors to the end', async () => {
		expect(await collectPages(1, fetchPage, null)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('stops at the limit without fetching further pages', async () => {
		const seen: number[] = [];
		const result = await collectPages(1, async (p) => (seen.push(p), fetchPage(p)), 4);
		expect(result).toEqual([1, 2, 3, 4]);
		expect(seen).toEqual([1, 2]);
	});
});

describe('redactUrl', () => {
	it('hides Bitrix24 webhook codes and token query parameters', () => {
		expect(redactUrl('https://x.bitrix24.ru/rest/1/abc123secret/crm.deal.list')).toBe(
			'https://x.bitrix24.ru/rest/1/***/crm.deal.list',
		);
		expect(redactUrl('https://api.pipedrive.com/v1/users?api_token=tok&x=1')).toBe(
			'https://api.pipedrive.com/v1/users?api_token=***&x=1',
		);
	});
});

describe('CrmHttpClient: answers that are not the documented answer', () => {
	const envelope = z.object({ result: z.array(z.unknown()) });

	it('retries a maintenance page sent with status 200, then fails with a redacted excerpt', async () => {
		const { sleep, now } = virtualClock();
		const page = '<html><title>Maintenance</title> token SECRET-TOKEN-1 inside</html>';
		const { calls, send } = scripted(
			Array.from({ length: 5 }, () => ({
				statusCode: 200,
				headers: { 'content-type': 'text/html; charset=utf-8' },
				body: page,
			})),
		);
		const client = new CrmHttpClient(send, {
			policy,
			sleep,
			now,
			redact: makeRedactor(['SECRET-TOKEN-1']),
		});
		const error = await client.request({ method: 'GET', url: '/x', envelope }).catch((e) => e);
		expect(error).toBeInstanceOf(CrmBadResponseError);
		expect(calls).toHaveLength(3);
		expect(error).toMatchObject({ statusCode: 200, contentType: 'text/html', attempts: 3 });
		expect(error.excerpt).toContain('Maintenance');
		expect(error.excerpt).not.toContain('SECRET-TOKEN-1');
	});

	it('accepts a documented empty status, and a 200 that recovers after one bad answer', async () => {
		const { sleep, now } = virtualClock();
		const { send } = scripted([
			{ statusCode: 204, body: '' },
			{ statusCode: 200, body: '{"result":[1,2' },
			{ statusCode: 200, body: { result: [1, 2] } },
		]);
		const client = new CrmHttpClient(send, { policy, sleep, now });
		expect(
			(await client.request({ method: 'GET', url: '/a', envelope, emptyStatuses: [204] }))
				.statusCode,
		).toBe(204);
		expect((await client.request({ method: 'GET', url: '/b', envelope })).body).toEqual({
			result: [1, 2],
		});
	});

	it('names the envelope problem: a list that is not a list', async () => {
		const { sleep, now } = virtualClock();
		const { send } = scripted(
			Array.from({ length: 3 }, () => ({ statusCode: 200, body: { result: 'abc' } })),
		);
		const error = await new CrmHttpClient(send, { policy, sleep, now })
			.request({ method: 'GET', url: '/x', envelope })
			.catch((e) => e);
		expect(error.problem).toMatch(/^result: /);
	});

	it('never follows a redirect and never retries it', async () => {
		const { sleep, now } = virtualClock();
		const { calls, send } = scripted([
			{ statusCode: 302, headers: { location: 'http://evil.test:8990/steal' } },
		]);
		const error = await new CrmHttpClient(send, { policy, sleep, now })
			.request({ method: 'GET', url: '/x' })
			.catch((e) => e);
		expect(error).toBeInstanceOf(CrmRedirectError);
		expect(error.targetHost).toBe('evil.test:8990');
		expect(calls).toHaveLength(1);
	});

	it('bounds an answer that never completes: three tries of the timeout, then an error', async () => {
		const { clock, sleep, now } = virtualClock();
		let sent = 0;
		const never = async () => {
			sent++;
			return new Promise<CrmResponse>(() => {});
		};
		const error = await new CrmHttpClient(never, { policy, sleep, now, timeoutMs: 1000 })
			.request({ method: 'GET', url: '/x' })
			.catch((e) => e);
		expect(error).toBeInstanceOf(CrmTimeoutError);
		expect(sent).toBe(3);
		// 3 × 1 s of waiting plus two backoffs of at most 100 and 200 ms.
		expect(clock.now).toBeGreaterThanOrEqual(3000);
		expect(clock.now).toBeLessThanOrEqual(3300);
	});

	it('tells a broken read from a refused connection', async () => {
		const { sleep, now } = virtualClock();
		const broke = scripted(Array.from({ length: 4 }, () => networkError('ERR_BAD_RESPONSE')));
		const readError = await new CrmHttpClient(broke.send, { policy, sleep, now })
			.request({ method: 'GET', url: '/x' })
			.catch((e) => e);
		expect(readError).toMatchObject({ phase: 'read', attempts: 4 });
		const refused = scripted([networkError('ECONNREFUSED')]);
		const connectError = await new CrmHttpClient(refused.send, { policy, sleep, now })
			.request({ method: 'GET', url: '/x' })
			.catch((e) => e);
		expect(connectError).toMatchObject({ phase: 'connect', attempts: 1 });
	});
});

describe('collectPages: CRMs that go round in circles', () => {
	it('stops on a next pointer it has already followed', async () => {
		let fetched = 0;
		const error = await collectPages(
			'a',
			async (cursor: string) => (fetched++, { items: [`${cursor}${fetched}`], next: 'b' }),
			{ limit: null, idOf: String },
		).catch((e) => e);
		expect(error).toMatchObject({ name: 'CrmPagingError', problem: 'repeatedCursor' });
		expect(fetched).toBe(2);
	});

	it('stops on a page of records it has already sent, and hands out each id once', async () => {
		const pages: Record<number, string[]> = { 1: ['1', '2'], 2: ['2', '3'] };
		// From page 3 on the CRM sends page 1 again and again: asked for twice more, then stopped.
		const error = await collectPages(
			1,
			async (p: number) => ({ items: pages[p] ?? pages[1], next: p + 1 }),
			{
				limit: null,
				idOf: String,
			},
		).catch((e) => e);
		expect(error).toMatchObject({ problem: 'repeatedPage', pages: 5 });
		const dedupe = await collectPages(
			1,
			async (p: number) => ({ items: pages[p], next: p < 2 ? p + 1 : null }),
			{
				limit: null,
				idOf: String,
			},
		);
		expect(dedupe).toEqual(['1', '2', '3']);
	});

	it('stops past the page count the CRM’s own total allows', async () => {
		let n = 0;
		const error = await collectPages(
			0,
			async (p: number) => ({ items: [String(n++), String(n++)], next: p + 1, total: 4 }),
			{ limit: null, idOf: String, pageSize: 2 },
		).catch((e) => e);
		expect(error).toMatchObject({ problem: 'tooManyPages', pages: 7 });
	});
});
