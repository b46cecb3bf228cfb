import {
	BUILT_IN_RULE_IDS,
	classifyText,
	prepareUserRules,
} from '../../nodes/shared/feedback/classify';
import type { FeedbackCategory } from '../../nodes/shared/feedback/types';

/**
 * Real-looking messages from sales chats (both languages), each with the category a marketer would file it under.
 * The first match decides; `decision` is checked for text verdicts.
 */
const PHRASES: Array<[string, FeedbackCategory, ('accept' | 'reject')?]> = [
	// Lead verdicts — English
	['Rejected this lead: the guy was looking for a job', 'leadVerdict', 'reject'],
	['junk lead, fake phone number', 'leadVerdict', 'reject'],
	['Lead is not a fit — they are a student doing research', 'leadVerdict', 'reject'],
	['This was a bad lead from the Facebook campaign', 'leadVerdict', 'reject'],
	['Disqualified: no budget at all', 'leadVerdict', 'reject'],
	['Great lead, already booked a demo for Friday', 'leadVerdict', 'accept'],
	['accepted the lead, quality 4', 'leadVerdict', 'accept'],
	['Lead looks qualified, moving to proposal', 'leadVerdict', 'accept'],
	// Lead verdicts — Russian
	['Нецелевой лид, ищет работу', 'leadVerdict', 'reject'],
	['Отклоняю заявку — это дубль', 'leadVerdict', 'reject'],
	['Левая заявка, номер не существует', 'leadVerdict', 'reject'],
	['лид не целевой, физлицо', 'leadVerdict', 'reject'],
	['Заявка мусорная, спам от бота', 'leadVerdict', 'reject'],
	['Брак, человек не оставлял заявку', 'leadVerdict', 'reject'],
	['Хороший лид, договорились о встрече', 'leadVerdict', 'accept'],
	['Принимаю лид, клиент готов к КП', 'leadVerdict', 'accept'],
	['Лид целевой, бюджет есть', 'leadVerdict', 'accept'],
	['Горячая заявка, берём в работу', 'leadVerdict', 'accept'],
	// Customer voice — English
	['Clients keep asking whether we deliver on weekends', 'customerVoice'],
	['Most callers say the first thing they want is the price', 'customerVoice'],
	['Customers mentioned they found us through the webinar', 'customerVoice'],
	['The main objection is the 12-month contract', 'customerVoice'],
	['They buy because the competitor raised prices', 'customerVoice'],
	['Many customers compare us with Bitrix24 right away', 'customerVoice'],
	// Customer voice — Russian
	['Клиенты часто спрашивают про рассрочку', 'customerVoice'],
	['Клиент сказал, что увидел рекламу в Яндексе', 'customerVoice'],
	['Первым делом все спрашивают цену доставки', 'customerVoice'],
	['Главное возражение — долгий срок внедрения', 'customerVoice'],
	['Покупают ради экономии на складе', 'customerVoice'],
	['Им важно, чтобы был договор и закрывающие документы', 'customerVoice'],
	['Многие звонят после вебинара и уточняют про интеграцию с 1С', 'customerVoice'],
	// Questions / content requests — English
	['Can you send the updated price list?', 'question'],
	['Need a case study for logistics companies', 'question'],
	['Please send me the deck from the launch', 'question'],
	['Where is the new script for inbound calls?', 'question'],
	['How should we answer when they ask about the discount?', 'question'],
	['I have a question about the new offer', 'question'],
	['Is there a one-pager for the enterprise plan', 'question'],
	// Questions / content requests — Russian
	['Пришлите, пожалуйста, презентацию для застройщиков', 'question'],
	['Скиньте свежий прайс', 'question'],
	['Нужен кейс по ритейлу, клиенты просят примеры', 'question'],
	['Где найти скрипт для входящих?', 'question'],
	['Не понятно, как считать скидку по новой акции', 'question'],
	['Подскажите, акция действует для юрлиц?', 'question'],
	['Есть ли коммерческое предложение на английском', 'question'],
	['А что отвечать про сроки?', 'question'],
	// Acknowledgements
	['Got it, thanks', 'acknowledgement'],
	['Read the brief, all clear', 'acknowledgement'],
	['ok 👍', 'acknowledgement'],
	['Noted, will do', 'acknowledgement'],
	['Понял, принято', 'acknowledgement'],
	['Ознакомился', 'acknowledgement'],
	['Ок, спасибо', 'acknowledgement'],
	['Взял в работу', 'acknowledgement'],
	// Other
	['Happy birthday, Anna!', 'other'],
	['Завтра меня не будет, я в отпуске', 'other'],
	['12345', 'other'],
	['Meeting moved to 3 pm', 'other'],
];

function categoryOf(text: string): { category: FeedbackCategory; decision?: string; rule: string } {
	const [first] = classifyText(text, []);
	return first ?? { category: 'other', rule: 'default' };
}

describe('built-in classification (English and Russian)', () => {
	// Rows of equal length: jest would pass its `done` callback in place of a missing third value.
	const rows = PHRASES.map(
		([text, category, decision]) => [text, category, decision ?? null] as const,
	);
	it.each(rows)('%s → %s', (text, category, decision) => {
		const result = categoryOf(text);
		expect(result.category).toBe(category);
		if (decision) expect(result.decision).toBe(decision);
	});

	it('covers each category in both languages', () => {
		for (const category of [
			'leadVerdict',
			'customerVoice',
			'question',
			'acknowledgement',
		] as const) {
			const rules = new Set(
				PHRASES.filter(([, c]) => c === category).map(([text]) => categoryOf(text).rule),
			);
			expect([...rules].some((rule) => rule.endsWith(':en'))).toBe(true);
			expect([...rules].some((rule) => rule.endsWith(':ru'))).toBe(true);
		}
	});

	it('names the rule and the words that matched', () => {
		const [match] = classifyText('Скиньте свежий прайс', []);
		expect(match).toEqual({
			category: 'question',
			rule: 'builtIn:contentRequest:ru',
			matchedText: 'скиньте свежий прайс',
			decision: undefined,
		});
		expect(BUILT_IN_RULE_IDS[0]).toBe('contentRequest:en');
	});

	it('lists every matching category once, first match first', () => {
		const all = classifyText('Клиент сказал, что это нецелевой лид? Понял.', []).map(
			(m) => m.category,
		);
		expect(all).toEqual(['leadVerdict', 'customerVoice', 'question', 'acknowledgement']);
	});

	it('treats empty text as no match', () => {
		expect(classifyText('', [])).toEqual([]);
		expect(classifyText(null, [])).toEqual([]);
		expect(classifyText('   ', [])).toEqual([]);
	});
});

describe('user rules', () => {
	it('win over built-in rules, in their order, keywords at a word start', () => {
		const rules = prepareUserRules([
			{ kind: 'keywords', pattern: 'демо, trial', category: 'question' },
			{ kind: 'regex', pattern: 'конкурент\\p{L}*', category: 'customerVoice' },
		]);
		expect(classifyText('Хочу ДЕМО-доступ, понял', rules)[0]).toMatchObject({
			category: 'question',
			rule: 'user:1',
			matchedText: 'демо',
		});
		// "trial" only at a word start: "industrial" is not "trial".
		expect(classifyText('industrial client, ok', rules)[0].category).toBe('acknowledgement');
		expect(classifyText('Ушли к конкурентам, ок', rules)[0]).toMatchObject({
			category: 'customerVoice',
			rule: 'user:2',
			matchedText: 'конкурентам',
		});
	});

	it('reject an empty pattern and a broken regular expression, naming the rule', () => {
		expect(() => prepareUserRules([{ kind: 'keywords', pattern: ' ', category: 'other' }])).toThrow(
			'Rule 1 has no pattern',
		);
		expect(() =>
			prepareUserRules([
				{ kind: 'keywords', pattern: 'a', category: 'other' },
				{ kind: 'regex', pattern: '(unclosed', category: 'other' },
			]),
		).toThrow(/Rule 2 is not a valid regular expression/);
	});
});
