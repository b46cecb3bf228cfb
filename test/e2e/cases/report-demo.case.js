'use strict';
/**
 * Sales & Marketing Report on the Demo CRM, both nodes installed from the npm tarball: the report finds the two
 * findings the Demo CRM is built to carry — vk_ads loses deals on lead quality, and rep u5 is the slow one.
 */
const { nodeOutput } = require('../../../scripts/lib/n8n');

const LEAD_QUALITY_CHANNEL = 'vk_ads';
const SLOW_REP = 'u5';

function slowestBy(rows, field) {
	return rows.reduce((a, b) => (b[field] > a[field] ? b : a));
}

module.exports = {
	title: 'Sales & Marketing Report on the Demo CRM finds the lead-quality channel and the slow rep',
	workflow: 'report-demo.workflow.json',
	check({ execution }) {
		expect(execution.status).toBe('success');
		const deals = nodeOutput(execution, 'CRM Sales Data');

		// Output 0 is the summary item, output 1 the rows.
		const [verdictSummary] = nodeOutput(execution, 'Verdict by Channel', 0);
		expect(verdictSummary.details.groupsByVerdict.leadQuality).toEqual([LEAD_QUALITY_CHANNEL]);
		expect(verdictSummary.telegram.every((message) => message.length <= 4096)).toBe(true);
		const verdicts = nodeOutput(execution, 'Verdict by Channel', 1);
		const vk = verdicts.find((row) => row.groupKey === LEAD_QUALITY_CHANNEL);
		expect(vk.verdict).toBe('leadQuality');
		expect(vk.leadQualityPct).toBeGreaterThan(vk.handlingPct);
		expect(vk.details.explanation).toContain('were lost on lead quality');
		expect(verdicts.filter((row) => row.verdict === 'leadQuality')).toHaveLength(1);
		expect(verdicts.reduce((sum, row) => sum + row.leads, 0)).toBe(deals.length);

		const owners = nodeOutput(execution, 'Speed to Lead (RU)', 1).filter(
			(row) => row.groupBy === 'owner' && row.groupKey !== '',
		);
		expect(slowestBy(owners, 'p50Minutes').groupKey).toBe(SLOW_REP);
		expect(slowestBy(owners, 'slaBreachPct').groupKey).toBe(SLOW_REP);
		const [speedSummary] = nodeOutput(execution, 'Speed to Lead (RU)', 0);
		expect(speedSummary.language).toBe('ru');
		expect(speedSummary.markdown).toContain('Медленнее всех (менеджер)');

		const [quality] = nodeOutput(execution, 'Lead Quality', 0);
		expect(quality.totals.leads).toBeGreaterThan(0);
		expect(quality.chart.chartJs.type).toBe('horizontalBar');
		const vkQuality = nodeOutput(execution, 'Lead Quality', 1).find(
			(row) => row.groupKey === LEAD_QUALITY_CHANNEL,
		);
		expect(vkQuality.spend).toBe(250000);
		expect(vkQuality.costPerLead).toBeCloseTo(250000 / vkQuality.leads, 2);
	},
};
