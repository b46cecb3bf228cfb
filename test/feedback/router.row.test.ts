import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FEEDBACK_TABLES, rowColumns } from '../../nodes/shared/feedback/row';
import { readFeedbackItem } from '../../nodes/shared/report/feedbackInput';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { checkTelegramHtml } from '../support/telegramHtml';
import { route } from './routerHarness';

/**
 * Issue 14: routed feedback is stored in Data Tables without a Code node. The router puts a flat `row` on each item
 * (Edit Fields "{{ $json.row }}" → Data Table → Upsert, "Map Automatically") and a ready chat `message`; the feedback
 * reports read the stored rows back as the records they came from.
 */

const verdict: IDataObject = {
	deal_id: '100231',
	crm: 'demo',
	verdict: 'reject',
	reason: 'not_target',
	lead_quality: 2,
	rep: 'Anna <sales>',
	comment: 'Wants a job, not <our> product & service',
	utm_source: 'vk_ads',
	utm_campaign: 'winter',
	submitted_at: '2026-11-30T10:00:00Z',
};
const voice: IDataObject = {
	first_words: 'Do you deliver on Sundays?',
	purchase_purpose: 'To stop running their own warehouse',
	what_matters: 'Speed',
	objections: 'Pricier than Avito',
	rep: 'boris',
	utm_source: 'google',
	submitted_at: '2026-11-30T11:00:00Z',
};
const question: IDataObject = {
	text: 'Can you send us a case study for the logistics segment?',
	rep: 'olga',
	submitted_at: '2026-11-30T12:00:00Z',
};

/** What n8n's Data Table hands back for a stored row (n8n 2.40.7, modules/data-table/utils/sql-utils.js
 * normalizeRows): its own numeric `id`, `createdAt` / `updatedAt` and every date column as JS Dates. */
function asStored(row: IDataObject, id: number): IDataObject {
	const stored: IDataObject = { id, ...row };
	stored.submittedAt = new Date(row.submittedAt as string);
	stored.createdAt = new Date('2026-12-01T00:00:00Z');
	stored.updatedAt = new Date('2026-12-01T00:00:00Z');
	return stored;
}

describe('Feedback Router: the row for the Data Table', () => {
	it('has exactly the columns of the category table, flat, with the feedback id as feedbackId', async () => {
		const { byOutput } = await route([verdict, voice, question], {}, { withKey: false });
		const [v] = byOutput.leadVerdict;
		expect(Object.keys(v.row as IDataObject)).toEqual(rowColumns('leadVerdict').map((c) => c.name));
		expect(v.row).toEqual({
			feedbackId: v.id,
			submittedAt: '2026-11-30T10:00:00.000Z',
			rep: 'Anna <sales>',
			crm: 'demo',
			dealId: '100231',
			decision: 'reject',
			reasonCode: 'not_target',
			reasonClass: 'leadQuality',
			quality: 2,
			text: 'Wants a job, not <our> product & service',
			utmSource: 'vk_ads',
			utmMedium: null,
			utmCampaign: 'winter',
			utmContent: null,
			utmTerm: null,
			briefId: null,
			briefVersion: null,
			language: 'en',
			type: 'verdict',
			source: 'json',
			matchedRule: 'structured:decision',
		});
		const [c] = byOutput.customerVoice;
		expect(Object.keys(c.row as IDataObject)).toEqual(
			rowColumns('customerVoice').map((col) => col.name),
		);
		expect(c.row).toMatchObject({
			firstWords: 'Do you deliver on Sundays?',
			objections: 'Pricier than Avito',
			utmSource: 'google',
		});
		const [q] = byOutput.question;
		expect(Object.keys(q.row as IDataObject)).toEqual(rowColumns('question').map((col) => col.name));
		expect(q.row).toMatchObject({
			text: 'Can you send us a case study for the logistics segment?',
			rep: 'olga',
		});
		for (const item of [v, c, q]) {
			for (const value of Object.values(item.row as IDataObject)) {
				expect(value === null || typeof value !== 'object').toBe(true);
			}
		}
	});

	it('table names do not contain one another nor the other example tables', () => {
		const names = [...Object.values(FEEDBACK_TABLES), 'CRM deals', 'Briefs sent'];
		for (const a of names) {
			for (const b of names) {
				if (a !== b) expect(a.toLowerCase().includes(b.toLowerCase())).toBe(false);
			}
		}
	});

	it('a stored row reads back as the record it came from', async () => {
		const { byOutput } = await route([verdict, voice], {}, { withKey: false });
		for (const item of [...byOutput.leadVerdict, ...byOutput.customerVoice]) {
			const fromRecord = readFeedbackItem(item);
			const fromRow = readFeedbackItem(asStored(item.row as IDataObject, 7));
			expect(fromRow.kind).toBe('feedback');
			expect(fromRecord.kind).toBe('feedback');
			if (fromRow.kind !== 'feedback' || fromRecord.kind !== 'feedback') return;
			const keys = [
				'id',
				'type',
				'submittedAt',
				'rep',
				'crm',
				'dealId',
				'decision',
				'reasonCode',
				'quality',
				'firstWords',
				'purchasePurpose',
				'whatMatters',
				'objections',
				'text',
				'briefId',
				'briefVersion',
				'language',
				'utm',
			] as const;
			const pick = (f: object) =>
				Object.fromEntries(keys.map((k) => [k, (f as Record<string, unknown>)[k] ?? null]));
			expect(pick(fromRow.feedback)).toEqual(pick(fromRecord.feedback));
		}
	});

	it('reads a Data Table row as n8n returns it (numeric id, Date columns) as Feedback', () => {
		const reading = readFeedbackItem({
			id: 3,
			feedbackId: 'fb_0123456789abcdef0123',
			submittedAt: new Date('2026-11-30T10:00:00Z'),
			rep: 'anna',
			crm: 'demo',
			dealId: '100231',
			decision: 'accept',
			reasonCode: null,
			reasonClass: null,
			quality: 4,
			text: null,
			utmSource: 'vk_ads',
			utmMedium: 'cpc',
			utmCampaign: null,
			utmContent: null,
			utmTerm: null,
			briefId: null,
			briefVersion: null,
			language: 'en',
			type: 'verdict',
			source: 'telegram',
			matchedRule: 'signed:verdict',
			createdAt: new Date('2026-11-30T10:00:01Z'),
			updatedAt: new Date('2026-11-30T10:00:01Z'),
		});
		expect(reading).toEqual({
			kind: 'feedback',
			feedback: expect.objectContaining({
				id: 'fb_0123456789abcdef0123',
				submittedAt: '2026-11-30T10:00:00.000Z',
				decision: 'accept',
				quality: 4,
				firstWords: null,
				utm: { source: 'vk_ads', medium: 'cpc', campaign: null, content: null, term: null },
			}),
		});
	});

	it('the lead acceptance and voice of sales reports give the same result on stored rows as on the records', async () => {
		const items = [
			verdict,
			{ ...verdict, deal_id: '100232', verdict: 'accept', reason: null, comment: null },
			voice,
		];
		const { byOutput } = await route(items, {}, { withKey: false });
		const records = [...byOutput.leadVerdict, ...byOutput.customerVoice];
		const rows = records.map((item, index) => asStored(item.row as IDataObject, index + 1));
		const REPORT = `${PACKAGE}.salesMarketingReport`;
		const summaryOf = async (operation: string, input: IDataObject[]) => {
			const workflow = {
				...singleNodeWorkflow(REPORT, {
					operation,
					groupByMany: ['channel'],
					options: { now: '2026-12-01T00:00:00', timezone: 'UTC' },
				}),
				pinData: { Start: input.map((json) => ({ json })) },
			};
			const result = await runWorkflow(workflow);
			expect(result.error).toBeUndefined();
			const runs = Object.values(result.run.data.resultData.runData);
			const main = runs[runs.length - 1][0].data?.main as INodeExecutionData[][];
			return main[0][0].json;
		};
		for (const operation of ['leadAcceptance', 'voiceOfSales']) {
			const onRecords = await summaryOf(operation, records);
			const onRows = await summaryOf(operation, rows);
			expect(onRows.headline).toBe(onRecords.headline);
			expect(onRows.markdown).toBe(onRecords.markdown);
		}
		expect((await summaryOf('leadAcceptance', rows)).headline).toBe(
			'Sales accepted 1 of 2 leads (50%): below the target of 90%.',
		);
	});
});

describe('Feedback reports after an empty Data Table', () => {
	it.each([
		['leadAcceptance', 'No lead verdicts in the period.'],
		['voiceOfSales', 'No answers to the feedback questions in the period.'],
	])(
		'%s on the one empty item of "Always Output Data" says there is no feedback, without a warning',
		async (operation, sentence) => {
			const workflow = {
				...singleNodeWorkflow(`${PACKAGE}.salesMarketingReport`, { operation, period: 'last7Days' }),
				pinData: { Start: [{ json: {} }] },
			};
			const result = await runWorkflow(workflow);
			expect(result.error).toBeUndefined();
			const runs = Object.values(result.run.data.resultData.runData);
			const main = runs[runs.length - 1][0].data?.main as INodeExecutionData[][];
			const summary = main[0][0].json;
			expect(summary.markdown).toContain(sentence);
			expect(summary.warnings).toEqual([]);
			expect(main[1]).toEqual([]);
		},
	);
});

describe('Feedback Router: the chat message', () => {
	it('escapes what sales wrote and gives valid Telegram HTML', async () => {
		const { byOutput } = await route([verdict, voice, question], {}, { withKey: false });
		const [v] = byOutput.leadVerdict;
		const message = v.message as { text: string; telegram: string };
		expect(message.text).toBe(
			'Lead verdict · deal 100231 · from Anna <sales>\n' +
				'Lead rejected by Anna <sales>: not our target customer (lead quality), lead quality 2/5. Comment: Wants a job, not <our> product & service.',
		);
		expect(message.telegram).toBe(
			'<b>Lead verdict</b> · deal 100231 · from Anna &lt;sales&gt;\n' +
				'Lead rejected by Anna &lt;sales&gt;: not our target customer (lead quality), lead quality 2/5. Comment: Wants a job, not &lt;our&gt; product &amp; service.',
		);
		const [q] = byOutput.question;
		expect((q.message as { text: string }).text).toBe(
			'Question from sales · from olga\nCan you send us a case study for the logistics segment?',
		);
		const [c] = byOutput.customerVoice;
		expect((c.message as { text: string }).text).toContain(
			'What clients say first: Do you deliver on Sundays?',
		);
		for (const item of [v, q, c]) {
			const { problems, text } = checkTelegramHtml((item.message as { telegram: string }).telegram);
			expect(problems).toEqual([]);
			expect(text).toBe((item.message as { text: string }).text);
		}
	});

	it('stays short for a very long submission', async () => {
		const { byOutput } = await route(
			[{ text: `Can you send us a case study? ${'x'.repeat(9000)}` }],
			{},
			{ withKey: false },
		);
		const [q] = byOutput.question;
		const message = q.message as { text: string; telegram: string };
		expect(message.text.length).toBeLessThan(700);
		expect(message.text.endsWith('…')).toBe(true);
	});
});
