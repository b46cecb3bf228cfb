import { DEMO_TRUTHS, generateDemoDataset } from '../../nodes/shared/crm/demo/dataset';
import type { Deal } from '../../nodes/shared/model/deal';
import { buildReport, renderReport } from '../../nodes/shared/report';
import type { SpeedToLeadRow, VerdictRow } from '../../nodes/shared/report';

const NOW = new Date('2026-11-27T10:00:00Z');

function demoDeals(language: 'en' | 'ru'): Deal[] {
	const dataset = generateDemoDataset({ now: NOW, language });
	return [...dataset.deals, ...dataset.leads];
}

describe.each(['en', 'ru'] as const)('Demo CRM planted truths (%s)', (language) => {
	const deals = demoDeals(language);

	it(`gives ${DEMO_TRUTHS.leadQualityChannel} the lead-quality verdict, and no other channel`, () => {
		const built = buildReport(deals, {
			report: 'verdict',
			groupBy: ['channel'],
			now: NOW,
			language,
		});
		const rows = built.rows as Array<VerdictRow & { explanation: string }>;
		const vk = rows.find((row) => row.groupKey === DEMO_TRUTHS.leadQualityChannel);
		expect(vk?.verdict).toBe('leadQuality');
		const others = rows.filter((row) => row.verdict === 'leadQuality').map((row) => row.groupKey);
		expect(others).toEqual([DEMO_TRUTHS.leadQualityChannel]);
		expect(vk?.explanation).toContain(DEMO_TRUTHS.leadQualityChannel);
		const text = renderReport(built);
		expect(text.markdown).toContain('vk\\_ads');
	});

	it(`finds ${DEMO_TRUTHS.slowRepId} as the slowest owner with the most SLA breaches`, () => {
		const built = buildReport(deals, {
			report: 'speedToLead',
			groupBy: ['owner'],
			now: NOW,
			language,
		});
		const owners = (built.rows as SpeedToLeadRow[]).filter(
			(row) => row.groupKey !== '' && row.measured >= 3,
		);
		const slowest = owners.reduce((a, b) => ((b.p50Minutes ?? 0) > (a.p50Minutes ?? 0) ? b : a));
		const mostBreaches = owners.reduce((a, b) =>
			(b.slaBreachPct ?? 0) > (a.slaBreachPct ?? 0) ? b : a,
		);
		expect(slowest.groupKey).toBe(DEMO_TRUTHS.slowRepId);
		expect(mostBreaches.groupKey).toBe(DEMO_TRUTHS.slowRepId);
	});
});
