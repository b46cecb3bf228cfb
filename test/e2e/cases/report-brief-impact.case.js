'use strict';
/**
 * Brief Impact on the Demo CRM in a real n8n, the package installed from the npm tarball: the release planted 60 days
 * back (nodes/shared/crm/demo/dataset.ts, DEMO_BRIEF_RELEASE) lifts Telegram's win rate, and the report finds it
 * (p < 0.05) — and finds nothing for the control channel, seo, over the same windows.
 */
const { nodeOutput } = require('../../../scripts/lib/n8n');

module.exports = {
	title:
		'Brief Impact on the Demo CRM finds the planted Telegram release and nothing for the seo control',
	workflow: 'report-brief-impact.workflow.json',
	check({ execution }) {
		expect(execution.status).toBe('success');

		const [telegram] = nodeOutput(execution, 'Brief Impact: Telegram', 0);
		expect(telegram.report).toBe('briefImpact');
		expect(telegram.title).toBe('Brief impact: New Telegram call script');
		expect(telegram.details).toMatchObject({
			metric: 'winRate',
			brief: { id: 'tgScript1', title: 'New Telegram call script' },
			scope: { channel: 'telegram', pipeline: null, owner: null },
		});
		expect(telegram.details.windowDays).toBeGreaterThan(59);
		expect(telegram.totals).toMatchObject({
			window: 'comparison',
			test: 'twoProportion',
			enough: true,
			verdict: 'rose',
		});
		expect(telegram.totals.pValue).toBeLessThan(0.05);
		expect(telegram.totals.afterValue - telegram.totals.beforeValue).toBeGreaterThan(15);
		expect(telegram.headline).toMatch(
			/^Win rate rose from [\d.]+% to [\d.]+% on [\d,]+ vs [\d,]+ closed deals; a change this size would appear by chance less than 1 time in/,
		);
		expect(telegram.telegram.every((message) => message.length <= 4096)).toBe(true);
		expect(telegram.markdown).toContain('Win rate rose from');
		// Rows: before, after, comparison of the one group there is (no Group By): none.
		expect(nodeOutput(execution, 'Brief Impact: Telegram', 1)).toEqual([]);

		const [control] = nodeOutput(execution, 'Brief Impact: Control (seo)', 0);
		expect(control.totals).toMatchObject({ verdict: 'noChange', enough: true });
		expect(control.totals.pValue).toBeGreaterThan(0.05);
		expect(control.headline).toContain('so it cannot be told apart from noise');

		const [byChannel] = nodeOutput(execution, 'Brief Impact by Channel (RU)', 0);
		expect(byChannel.language).toBe('ru');
		expect(byChannel.findings).toContainEqual(
			expect.stringMatching(/^Доля побед \(telegram\) выросла с /),
		);
		const rows = nodeOutput(execution, 'Brief Impact by Channel (RU)', 1);
		const row = (key, window) => rows.find((r) => r.groupKey === key && r.window === window);
		expect(row('telegram', 'comparison')).toMatchObject({ verdict: 'rose' });
		expect(row('seo', 'comparison')).toMatchObject({ verdict: 'noChange' });
		expect(row('telegram', 'before').deals + row('telegram', 'after').deals).toBe(
			row('telegram', 'comparison').deals,
		);
		expect(row('telegram', 'comparison').details.explanation).toMatch(
			/^Доля побед \(telegram\) выросла/,
		);
	},
};
