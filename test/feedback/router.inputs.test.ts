import type { IDataObject, INode } from 'n8n-workflow';

import { verifyVerdictCallback } from '../../nodes/shared/brief/signing';
import { mapFormLabels } from '../../nodes/shared/feedback/fromFormTrigger';
import { runWorkflow } from '../support/engine';
import { route, routerWorkflow, SECRET } from './routerHarness';

/**
 * A Form Trigger submission as n8n-nodes-base 2.40.2 builds it (nodes/Form/utils/utils.js,
 * addFormResponseDataToReturnItem + prepareFormReturnItem): one key per field label, number fields as numbers,
 * dropdown/radio answers as strings, unanswered fields null, then submittedAt, formMode, formQueryParameters.
 */
const russianForm: IDataObject = {
	'Что клиенты говорят первым, когда звонят?': 'Сколько стоит доставка в регионы',
	'Зачем покупают?': 'Чтобы не держать свой склад',
	'Что для них важно?': 'Скорость и договор',
	Возражения: 'Дорого по сравнению с Авито',
	'Лид принят?': 'Отклонить',
	Причина: 'Не наш клиент',
	'Качество лида': 2,
	Комментарий: 'Частное лицо, один заказ',
	'Ваше имя': 'Иван',
	submittedAt: '2026-12-02T06:30:00.000+03:00',
	formMode: 'production',
	formQueryParameters: {
		deal: '17657',
		crm: 'amocrm',
		utm_source: 'yandex',
		utm_campaign: 'winter',
	},
};

const englishVoiceForm: IDataObject = {
	'What do clients say first when they call?': 'Do you ship to Kazakhstan?',
	'Why do they buy?': 'To replace spreadsheets',
	'What matters to them?': 'Onboarding in a week',
	Objections: null,
	Comment: null,
	submittedAt: '2026-12-02T03:31:00.000+00:00',
	formMode: 'test',
};

describe('Feedback Router: Form Trigger items', () => {
	it('maps the default Russian labels and the query parameters, and writes a Russian note', async () => {
		const { byOutput, landing } = await route([russianForm]);
		expect(landing).toEqual([['leadVerdict']]);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			source: 'formTrigger',
			type: 'form',
			matchedRule: 'structured:decision',
			firstWords: 'Сколько стоит доставка в регионы',
			purchasePurpose: 'Чтобы не держать свой склад',
			whatMatters: 'Скорость и договор',
			objections: 'Дорого по сравнению с Авито',
			decision: 'reject',
			reasonCode: 'not_target',
			reasonClass: 'leadQuality',
			quality: 2,
			rep: 'Иван',
			crm: 'amocrm',
			dealId: '17657',
			language: 'ru',
			submittedAt: '2026-12-02T03:30:00.000Z',
			utm: { source: 'yandex', medium: null, campaign: 'winter', content: null, term: null },
			noteText:
				'Лид отклонён (Иван): не наш клиент (качество лида), качество лида 2/5. Комментарий: Частное лицо, один заказ.',
			noteReady: true,
		});
	});

	it('sends a form with a verdict and the three questions to both outputs when asked to', async () => {
		const { landing, byOutput } = await route([russianForm], {
			options: { allMatchingOutputs: true },
		});
		expect(landing).toEqual([['leadVerdict', 'customerVoice']]);
		expect(byOutput.customerVoice[0]).toMatchObject({
			matchedRule: 'structured:voice',
			noteText: null,
			reasonClass: null,
		});
		// The same submission → the same id on both outputs.
		expect(byOutput.customerVoice[0].id).toBe(byOutput.leadVerdict[0].id);
	});

	it('maps the English labels; a form with only the three questions is customer voice', async () => {
		const { byOutput, landing } = await route([englishVoiceForm]);
		expect(landing).toEqual([['customerVoice']]);
		expect(byOutput.customerVoice[0]).toMatchObject({
			firstWords: 'Do you ship to Kazakhstan?',
			purchasePurpose: 'To replace spreadsheets',
			whatMatters: 'Onboarding in a week',
			objections: null,
			text: null,
			language: 'en',
			decision: null,
		});
	});

	it('gives the same id when the same answers are submitted again', async () => {
		const again = { ...russianForm, submittedAt: '2026-12-02T06:35:10.000+03:00' };
		const { byOutput } = await route([russianForm, again]);
		expect(byOutput.leadVerdict[0].id).toBe(byOutput.leadVerdict[1].id);
	});

	it('maps labels by the user mapping first, then defaults, then stems', () => {
		const labels = ['Номер сделки в CRM', 'Что клиент сказал первым делом', 'Оценка', 'Your name'];
		const mapping = mapFormLabels(labels, [{ field: 'quality', source: 'оценка:' }]);
		expect(Object.fromEntries(mapping)).toEqual({
			'Номер сделки в CRM': 'dealId',
			'Что клиент сказал первым делом': 'firstWords',
			Оценка: 'quality',
			'Your name': 'rep',
		});
	});
});

describe('Feedback Router: JSON and Feedback records', () => {
	it('reads the usual names and the user mapping (dot paths)', async () => {
		const { byOutput, landing } = await route(
			[
				{
					deal_id: 4521,
					verdict: 'accepted',
					score: '5 - great',
					manager: 'Anna',
					crm: 'Bitrix24',
				},
				{ answers: { who: 'Oleg', said: 'Please send me the pricing sheet' } },
			],
			{
				inputFormat: 'json',
				options: {
					fieldMapping: {
						field: [
							{ field: 'rep', source: 'answers.who' },
							{ field: 'text', source: 'answers.said' },
						],
					},
				},
			},
		);
		expect(landing).toEqual([['leadVerdict'], ['question']]);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			source: 'json',
			dealId: '4521',
			crm: 'bitrix24',
			decision: 'accept',
			quality: 5,
			rep: 'Anna',
			noteText: 'Lead accepted by Anna, lead quality 5/5.',
		});
		expect(byOutput.question[0]).toMatchObject({
			rep: 'Oleg',
			text: 'Please send me the pricing sheet',
		});
	});

	it('keeps a free-text reason, classifies its side with the lost-reason rules and notes it', async () => {
		const { byOutput } = await route([
			{ dealId: '88', decision: 'reject', reason: 'Не дозвонились три дня', crm: 'demo' },
		]);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			reasonCode: null,
			reasonClass: 'handling',
			text: 'Не дозвонились три дня',
			noteText: 'Лид отклонён: работа с лидом. Комментарий: Не дозвонились три дня.',
		});
	});

	it('uses custom reasons for class and label', async () => {
		const { byOutput } = await route(
			[
				{
					dealId: '9',
					decision: 'reject',
					reasonCode: 'wrong_product_line',
					rep: 'Anna',
					crm: 'hubspot',
				},
			],
			{
				options: {
					customReasons: {
						reason: [
							{
								code: 'wrong_product_line',
								reasonClass: 'handling',
								en: 'Pitched the wrong product line',
								ru: '',
							},
						],
					},
				},
			},
		);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			reasonClass: 'handling',
			noteText: 'Lead rejected by Anna: pitched the wrong product line (handling).',
		});
	});

	it('routes Feedback records from the Sales Feedback Trigger by their type and content', async () => {
		const base = {
			submittedAt: '2026-12-02T03:00:00.000Z',
			rep: 'ivan.petrov@acme',
			crm: null,
			dealId: null,
			decision: null,
			reasonCode: null,
			quality: null,
			firstWords: null,
			purchasePurpose: null,
			whatMatters: null,
			objections: null,
			text: null,
			briefId: 'a1B2c3D4e5F6',
			briefVersion: 3,
			language: 'en',
			utm: { source: null, medium: null, campaign: null, content: null, term: null },
		};
		const { byOutput, landing } = await route([
			{ ...base, id: 'fb_ack', type: 'acknowledgement' },
			{ ...base, id: 'fb_q', type: 'question', text: 'ok' },
			{
				...base,
				id: 'fb_v',
				type: 'verdict',
				crm: 'pipedrive',
				dealId: '31',
				decision: 'reject',
				reasonCode: 'duplicate',
			},
			{ ...base, id: 'fb_m', type: 'message', text: 'Клиенты спрашивают про гарантию' },
		]);
		expect(landing).toEqual([
			['acknowledgement'],
			['question'],
			['leadVerdict'],
			['customerVoice'],
		]);
		expect(byOutput.acknowledgement[0]).toMatchObject({
			id: 'fb_ack',
			matchedRule: 'feedback:acknowledgement',
		});
		expect(byOutput.leadVerdict[0]).toMatchObject({
			id: 'fb_v',
			noteText: 'Lead rejected by ivan.petrov@acme: duplicate lead (lead quality).',
			noteReady: true,
		});
	});

	it('user rules decide free text before the built-in ones', async () => {
		const { landing } = await route([{ text: 'Хочу демо, понял' }], {
			rules: { rule: [{ kind: 'keywords', pattern: 'демо', category: 'question' }] },
		});
		expect(landing).toEqual([['question']]);
		const withBroken = await route([{ text: 'x' }], {
			rules: { rule: [{ kind: 'regex', pattern: '([', category: 'question' }] },
		});
		expect(withBroken.error?.message).toMatch(/Rule 1 is not a valid regular expression/);
	});

	it('fails with the item index on a non-object item and a bad custom reason', async () => {
		const bad = await route([{ text: 'ok' }], {
			options: { customReasons: { reason: [{ code: 'Bad Code', reasonClass: 'other' }] } },
		});
		expect(bad.error?.message).toMatch(/Custom reason 1 has an invalid code "Bad Code"/);
	});
});

describe('Feedback Router: Build Verdict Buttons', () => {
	function buttonsWorkflow(parameters: IDataObject) {
		const json = routerWorkflow([{ id: '17657' }], {});
		const router = json.nodes[1] as INode;
		router.parameters = { operation: 'buildVerdictButtons', ...parameters } as INode['parameters'];
		return json;
	}

	it('makes a signed keyboard: scores 1–5, then lead-quality reasons before handling ones', async () => {
		const result = await runWorkflow(
			buttonsWorkflow({
				crm: 'amocrm',
				dealId: '={{ $json.id }}',
				language: 'ru',
				reasons: ['not_reached', 'not_target', 'spam'],
				qualityScores: true,
			}),
			{ key: { secret: SECRET } },
		);
		expect(result.error).toBeUndefined();
		const [item] = result.items('Router');
		expect(item.pairedItem).toEqual({ item: 0 });
		const buttons = item.json.verdictButtons as {
			replyMarkup: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
			callbackData: Record<string, string>;
		};
		const rows = buttons.replyMarkup.inline_keyboard;
		expect(rows.map((row) => row.map((b) => b.text))).toEqual([
			['✅ 1', '✅ 2', '✅ 3', '✅ 4', '✅ 5'],
			['❌ Не наш клиент', '❌ Спам или бот'],
			['❌ Не дозвонились'],
		]);
		expect(Object.keys(buttons.callbackData).sort()).toEqual([
			'accept_1',
			'accept_2',
			'accept_3',
			'accept_4',
			'accept_5',
			'reject_not_reached',
			'reject_not_target',
			'reject_spam',
		]);
		expect(verifyVerdictCallback(buttons.callbackData.reject_spam, SECRET)).toEqual({
			ok: true,
			claims: { crm: 'amocrm', dealId: '17657', decision: 'reject', reasonCode: 'spam' },
		});
		for (const row of rows)
			for (const b of row) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

		// Pressing a button made here routes to Lead Verdict.
		const pressed = await route([
			{
				update_id: 1,
				callback_query: {
					id: 'q1',
					from: { id: 5, first_name: 'Anna' },
					data: buttons.callbackData.accept_3,
				},
			},
		]);
		expect(pressed.byOutput.leadVerdict[0]).toMatchObject({
			decision: 'accept',
			quality: 3,
			dealId: '17657',
		});
	});

	it('refuses a deal id that cannot be signed and works without a key only to say so', async () => {
		const long = await runWorkflow(
			buttonsWorkflow({ crm: 'demo', dealId: 'x'.repeat(26), reasons: [] }),
			{
				key: { secret: SECRET },
			},
		);
		expect(long.error?.message).toMatch(/Cannot make buttons for this deal: dealId must be 1–25/);
		const json = buttonsWorkflow({ crm: 'demo', dealId: '1', reasons: [] });
		delete (json.nodes[1] as INode).credentials;
		const noKey = await runWorkflow(json, {});
		expect(noKey.error?.message).toMatch(/Verdict buttons need a signing key/);
	});

	it('is a node of this package with five named outputs for Route and one for the buttons', async () => {
		const { FeedbackRouter } = await import('../../nodes/FeedbackRouter/FeedbackRouter.node');
		const description = new FeedbackRouter().description;
		expect(description.name).toBe('feedbackRouter');
		expect(description.usableAsTool).toBe(true);
		const outputs = String(description.outputs);
		for (const name of ['Lead Verdict', 'Customer Voice', 'Acknowledgement', 'Question', 'Other']) {
			expect(outputs).toContain(`"displayName":"${name}"`);
		}
		expect(outputs).toContain('"displayName": "Buttons"');
		expect(outputs.indexOf('Lead Verdict')).toBeLessThan(outputs.indexOf('Other'));
	});
});
