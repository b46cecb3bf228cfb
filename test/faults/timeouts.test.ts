/**
 * Fault class D: a CRM that accepts the connection and never answers (`stall`), or sends headers and then one byte
 * every 500 ms (`drip`), with the node option Request Timeout = 1 s. The execution must fail with "did not answer
 * within 1" and end within a bound: at most 3 attempts of 1 s plus a little backoff (< 8 s).
 *
 * The eight runs start together in beforeAll, each behind its own proxy, so that on code without a timeout the file
 * waits for one guard (9 s) instead of eight in a row; each `it` then judges its own run.
 */
import { settleWithin, startHostileProxy } from '../support/hostile';
import { CRMS, messageOf, runGetMany, useFaultMatrix } from './matrix';
import type { CrmId, Proxy } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

const FAULTS = ['stall', 'drip'] as const;
const CASES: Array<[CrmId, string]> = CRMS.flatMap((crm) =>
	FAULTS.map((fault): [CrmId, string] => [crm, fault]),
);

interface Outcome {
	settled: boolean;
	error: unknown;
	elapsedMs: number;
	listRequests: number;
}

const proxies: Proxy[] = [];
const outcomes = new Map<string, Promise<Outcome>>();

beforeAll(async () => {
	for (const [id, fault] of CASES) {
		const crm = h.crms[id];
		const proxy = await startHostileProxy({
			upstream: crm.fake.url,
			plan: [{ match: crm.isList, fault }],
		});
		proxies.push(proxy);
		const run = runGetMany(crm, {
			parameters: { options: { requestTimeout: 1 } },
			credentials: crm.credentials(proxy.url),
		});
		// Guarded: on code without a timeout the run hangs; the guard turns that into a failed assertion.
		outcomes.set(
			`${id}:${fault}`,
			settleWithin(run, 9_000).then((outcome) => {
				const listRequests = proxy.seen(crm.isList).length;
				proxy.dropConnections();
				const result = outcome.value as Awaited<ReturnType<typeof runGetMany>> | undefined;
				return {
					settled: outcome.settled,
					error: result?.error ?? outcome.error,
					elapsedMs: outcome.elapsedMs,
					listRequests,
				};
			}),
		);
	}
	await Promise.all(outcomes.values());
});

afterAll(async () => {
	await Promise.all(proxies.map((proxy) => proxy.close()));
});

describe('D. a CRM that does not answer in time (options.requestTimeout = 1 s)', () => {
	it.each(CASES)(
		'%s: %s on the deal list → fails with "did not answer within 1", within 8 s',
		async (id, fault) => {
			const crm = h.crms[id];
			const outcome = await outcomes.get(`${id}:${fault}`)!;

			expect(outcome.settled).toBe(true);
			expect(outcome.elapsedMs).toBeLessThan(8_000);
			expect(outcome.error).toBeDefined();
			expect(messageOf(outcome.error)).toMatch(/did not answer within 1\b/i);
			expect(messageOf(outcome.error)).toContain(crm.name);
			// A bounded number of attempts, each waited for at most the timeout.
			expect(outcome.listRequests).toBeGreaterThanOrEqual(1);
			expect(outcome.listRequests).toBeLessThanOrEqual(3);
		},
	);
});
