import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { readFeedbackItem } from '../../nodes/shared/report/feedbackInput';
import type { RunResult, WorkflowJson } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { feedback } from './feedbackFixtures';

describe('readFeedbackItem', () => {
	it('passes a complete Feedback record through untouched', () => {
		const record = feedback({ decision: 'accept' });
		const reading = readFeedbackItem(record);
		expect(reading).toEqual({ kind: 'feedback', feedback: record });
		expect(reading.kind === 'feedback' && reading.feedback).toBe(record);
	});

	it('reads absent optional fields as null and keeps extra fields (the router adds category)', () => {
		const reading = readFeedbackItem({
			id: 'x',
			type: 'verdict',
			submittedAt: '2026-11-10T09:00:00Z',
			decision: 'reject',
			category: 'leadVerdict',
		});
		expect(reading.kind).toBe('feedback');
		if (reading.kind !== 'feedback') return;
		expect(reading.feedback.reasonCode).toBeNull();
		expect(reading.feedback.utm).toBeNull();
		expect((reading.feedback as unknown as { category: string }).category).toBe('leadVerdict');
	});

	it.each([
		[null, '(item)', 'must be an object'],
		[[1], '(item)', 'must be an object'],
		[{ status: 'won', createdAt: '2026-11-01T00:00:00Z' }, 'type', 'looks like a deal'],
		[{ ...feedback(), type: 'vote' }, 'type', 'must be one of "form"'],
		[{ ...feedback(), id: '' }, 'id', 'must be the feedback id'],
		[{ ...feedback(), submittedAt: 'yesterday' }, 'submittedAt', 'ISO-8601'],
		[{ ...feedback(), rep: 42 }, 'rep', 'must be text or null (got number 42)'],
		[{ ...feedback(), decision: 'maybe' }, 'decision', 'must be "accept", "reject" or null'],
		[{ ...feedback(), quality: 7 }, 'quality', 'from 1 to 5'],
		[{ ...feedback(), briefVersion: 1.5 }, 'briefVersion', 'whole number'],
		[{ ...feedback(), language: 'de' }, 'language', '"en", "ru"'],
		[{ ...feedback(), utm: 'google' }, 'utm', 'must be an object'],
		[{ ...feedback(), utm: { campaign: 5 } }, 'utm.campaign', 'must be text or null'],
	])('invalid input %# is reported', (json, field, problem) => {
		const reading = readFeedbackItem(json);
		expect(reading.kind).toBe('invalid');
		if (reading.kind !== 'invalid') return;
		expect(reading.field).toBe(field);
		expect(reading.problem).toContain(problem);
	});
});

describe('Sales & Marketing Report in the real engine, on Feedback items', () => {
	const REPORT = `${PACKAGE}.salesMarketingReport`;
	const on = (
		items: IDataObject[],
		parameters: IDataObject,
		extra: Partial<INode> = {},
	): WorkflowJson => ({
		...singleNodeWorkflow(REPORT, parameters, undefined, extra),
		pinData: { Start: items.map((json) => ({ json })) },
	});
	const output = (result: RunResult, index: number): INodeExecutionData[] =>
		result.run.data.resultData.runData.Node?.[0]?.data?.main?.[index] ??
		Object.values(result.run.data.resultData.runData).slice(-1)[0][0].data?.main?.[index] ??
		[];

	it('lead acceptance: summary and rows paired to the verdicts behind them; recipients and target from parameters', async () => {
		const items = [
			feedback({ decision: 'accept', channel: 'vk_ads' }),
			feedback({ decision: 'reject', reasonCode: 'spam', channel: 'vk_ads' }),
			feedback({ decision: 'accept', channel: 'google' }),
		] as unknown as IDataObject[];
		const result = await runWorkflow(
			on(items, { operation: 'leadAcceptance', groupByMany: ['channel'], acceptanceTargetPct: 50 }),
		);
		expect(result.error).toBeUndefined();
		const [summary] = output(result, 0);
		expect(summary.json.headline).toBe('Sales accepted 2 of 3 leads (66.7%): on target of 50%.');
		const rows = output(result, 1);
		expect(rows.map((row) => [row.json.groupKey, row.json.acceptancePct, row.pairedItem])).toEqual([
			['vk_ads', 50, [{ item: 0 }, { item: 1 }]],
			['google', 100, [{ item: 2 }]],
		]);
	});

	it('stops on a deal fed to a feedback report, naming the item and field; under continue-on-fail it is skipped and counted', async () => {
		const items = [
			feedback({
				type: 'acknowledgement',
				briefId: 'b',
				briefVersion: 1,
				rep: '1',
				submittedAt: '2026-11-04T09:00:00Z',
			}),
			{ status: 'won', createdAt: '2026-11-01T00:00:00Z' },
		] as unknown as IDataObject[];
		const parameters = {
			operation: 'acknowledgements',
			recipients: '[{"id": "1", "name": "Anna"}, {"id": "2", "name": "Boris"}]',
			deadline: '2026-11-05T12:00:00',
			options: { now: '2026-11-20T00:00:00', timezone: 'UTC' },
		};
		const failed = await runWorkflow(on(items, parameters));
		expect(failed.error?.message).toBe(
			'Item 1 is not feedback: field "type" is missing: this looks like a deal, but this report reads Feedback items',
		);
		const result = await runWorkflow(on(items, parameters, { continueOnFail: true }));
		expect(result.error).toBeUndefined();
		const [summary] = output(result, 0);
		expect(summary.json.warnings).toEqual(['1 input item was not feedback and was skipped.']);
		const rows = output(result, 1);
		expect(rows.map((row) => [row.json.group, row.json.status ?? row.json.error])).toEqual([
			['Anna', 'acknowledged'],
			['Boris', 'noResponse'],
			[undefined, expect.stringContaining('Item 1 is not feedback')],
		]);
	});

	it.each([
		[
			{ operation: 'acknowledgements', recipients: '[{"name": "Anna"}]' },
			'"Recipients": entry 0 has no id (got an object)',
		],
		[
			{ operation: 'acknowledgements', recipients: '["1", "1"]' },
			'"Recipients": the id "1" is listed twice',
		],
		[
			{ operation: 'leadAcceptance', acceptanceTargetPct: 120 },
			'"Acceptance Target (%)" must be a number from 0 to 100 (got number 120)',
		],
		[
			{
				operation: 'leadAcceptance',
				reasonCodes: { codes: [{ code: 'Wrong City', reasonClass: 'leadQuality' }] },
			},
			'"Own Reason Codes": "Wrong City" is not a reason code',
		],
		[
			{ operation: 'voiceOfSales', topPhrases: 0 },
			'"Phrases per Question" must be a whole number of 1 or more (got number 0)',
		],
	])('stops on parameter %j', async (parameters, message) => {
		const result = await runWorkflow(on([feedback() as unknown as IDataObject], parameters));
		expect(result.error?.message).toBe(message);
	});

	it('rejects recipients that are not a JSON list', async () => {
		const result = await runWorkflow(
			on([feedback() as unknown as IDataObject], {
				operation: 'acknowledgements',
				recipients: '{"id": 1',
			}),
		);
		expect(result.error?.message).toBe('"Recipients" is not valid JSON');
	});
});
