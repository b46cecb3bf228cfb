/**
 * Fault class H: a CRM (or a proxy in front of it) whose error body repeats what it was sent — the Bearer token
 * (amoCRM §3.1, HubSpot §1.1), Pipedrive's x-api-token (§2.1), the Bitrix24 webhook path with its code (§4.1). The
 * secret must not reach the message, the description, the stored run, or a continueOnFail error item.
 */
import { CRMS, runGetMany, useFaultMatrix } from './matrix';
import type { CrmId } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

const ECHOES: Array<{ label: string; status: number; contentType: string }> = [
	{ label: '400 JSON', status: 400, contentType: 'application/json' },
	{ label: '500 JSON (retried first)', status: 500, contentType: 'application/json' },
	{ label: '401 text', status: 401, contentType: 'text/plain' },
];
const CASES: Array<[CrmId, string]> = CRMS.flatMap((crm) =>
	ECHOES.map((echo): [CrmId, string] => [crm, echo.label]),
);

describe('H. an error body that repeats the secret', () => {
	it.each(CASES)('%s: %s echo on the deal list → the secret appears nowhere', async (id, label) => {
		const crm = h.crms[id];
		const echo = ECHOES.find((e) => e.label === label)!;
		crm.proxy.reset([
			{
				match: crm.isList,
				fault: 'echoSecret',
				status: echo.status,
				contentType: echo.contentType,
			},
		]);
		const result = await runGetMany(crm);

		// The fault really carried the secret.
		expect(crm.proxy.seen(crm.isList).length).toBeGreaterThan(0);
		expect(result.error).toBeDefined();
		const error = result.error as unknown as { message?: string; description?: string };
		expect(String(error.message)).not.toContain(crm.secret);
		expect(String(error.description)).not.toContain(crm.secret);
		expect(JSON.stringify(result.run)).not.toContain(crm.secret);
	});

	it.each(CASES)(
		'%s: %s echo with continueOnFail → the error item lacks the secret',
		async (id, label) => {
			const crm = h.crms[id];
			const echo = ECHOES.find((e) => e.label === label)!;
			crm.proxy.reset([
				{
					match: crm.isList,
					fault: 'echoSecret',
					status: echo.status,
					contentType: echo.contentType,
				},
			]);
			const result = await runGetMany(crm, { extra: { continueOnFail: true } });

			expect(result.error).toBeUndefined();
			const items = result.items('Node');
			expect(items).toHaveLength(1);
			expect(items[0].json.error).toBeDefined();
			expect(JSON.stringify(items)).not.toContain(crm.secret);
			expect(JSON.stringify(result.run)).not.toContain(crm.secret);
		},
	);
});
