/**
 * Deals: Pull From the CRM against the four CRM fakes (test/support/fakes, wire formats cited there), each behind the
 * fault matrix's hostile proxy: for every report type in REPORTS, the streamed report equals the report from CRM
 * Sales Data's items over the same deals — also when one request in five is refused (429 or 503, retried by the
 * transport; the refusals are counted so the test cannot pass without them).
 */
import type { ReportType } from '../../nodes/shared/report';
import { REPORTS, reportReads } from '../../nodes/shared/report';
import { CRMS, useFaultMatrix } from '../faults/matrix';
import type { Crm, SeenRequest } from '../faults/matrix';
import { runWorkflow } from '../support/engine';
import { itemsWorkflow, pullWorkflow, reportOf } from './pullSupport';

const h = useFaultMatrix();
jest.setTimeout(120_000);

/** Every report that reads deals (the feedback reports read Feedback items: there is nothing to pull). */
const REPORT_TYPES = (Object.keys(REPORTS) as ReportType[]).filter(
	(report) => reportReads(report) === 'deals',
);
/** What a report needs besides its type: brief impact measures around a release. */
const extra = (report: string, now: string): Record<string, unknown> =>
	report === 'briefImpact'
		? { briefReleasedAt: new Date(Date.parse(now) - 45 * 86_400_000).toISOString() }
		: {};
const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
const CASES = CRMS.flatMap((crm) => REPORT_TYPES.map((report) => [crm, report] as const));

function choiceOf(crm: Crm) {
	return { crm: crm.id, credentials: { [crm.credentialType]: { id: 'c', name: crm.name } } };
}

/** Every fifth request (of any kind: lists and look-ups), alternately 429 and 503. */
function refuseOneInFive() {
	return [
		{
			match: (request: SeenRequest) => request.n % 5 === 2,
			fault: 'respond',
			status: 429,
			headers: { 'retry-after': '0' },
			body: { message: 'Too many requests (injected by the test)' },
		},
		{
			match: (request: SeenRequest) => request.n % 5 === 4 && request.n % 10 === 4,
			fault: 'respond',
			status: 503,
			body: { message: 'Service unavailable (injected by the test)' },
		},
	];
}

async function bothReports(crm: Crm, report: string) {
	const parameters = {
		operation: report,
		...extra(report, NOW),
		options: { now: NOW, timezone: 'UTC' },
	};
	const credentials = { c: crm.credentials() };
	const fromItems = await runWorkflow(itemsWorkflow(choiceOf(crm), parameters), credentials);
	const pulled = await runWorkflow(pullWorkflow(choiceOf(crm), parameters), credentials);
	return { fromItems: reportOf(fromItems), pulled: reportOf(pulled) };
}

describe('report pulling from a CRM equals the report from items', () => {
	it.each(CASES)('%s: %s', async (id, report) => {
		const crm = h.crms[id];
		const { fromItems, pulled } = await bothReports(crm, report);
		const deals = pulled.summary.deals as { inputDeals: number };
		expect(deals.inputDeals).toBe(crm.ids().length);
		expect(pulled).toEqual(fromItems);
	});

	it.each(CASES)('%s: %s, one request in five refused', async (id, report) => {
		const crm = h.crms[id];
		crm.proxy.reset(refuseOneInFive());
		const { fromItems, pulled } = await bothReports(crm, report);
		const refused = crm.proxy.requests.filter((request: SeenRequest) => request.fault !== null);
		expect(refused.length).toBeGreaterThan(0);
		expect(refused.length / crm.proxy.requests.length).toBeGreaterThan(0.1);
		const deals = pulled.summary.deals as { inputDeals: number };
		expect(deals.inputDeals).toBe(crm.ids().length);
		expect(pulled).toEqual(fromItems);
	});
});
