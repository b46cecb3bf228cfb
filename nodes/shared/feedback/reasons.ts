/**
 * Built-in reason codes for a lead verdict, kept in the same three classes as the lost-reason classifier
 * (report/classifier.ts): lead quality (marketing's side: the lead should not have come), handling (sales' side: the
 * lead was fine, the work on it was not) and other. Forrester/SiriusDecisions: sales rejects only for procedural,
 * clerical or definitional reasons; Oracle CRM On Demand ships a default reason-code list of the same kind
 * (shared/reference/peers-and-metrics.md §0.3). Users add their own codes in the nodes' options.
 */
export type ReasonClass = 'leadQuality' | 'handling' | 'other';

export interface ReasonCode {
	/** Stable, lower snake case: what forms, callbacks and CRM notes carry. */
	code: string;
	class: ReasonClass;
	en: string;
	ru: string;
}

export const BUILT_IN_REASONS: readonly ReasonCode[] = [
	{ code: 'not_target', class: 'leadQuality', en: 'Not our target customer', ru: 'Не наш клиент' },
	{ code: 'no_need', class: 'leadQuality', en: 'No need for the product', ru: 'Нет потребности' },
	{ code: 'no_budget', class: 'leadQuality', en: 'No budget', ru: 'Нет бюджета' },
	{
		code: 'wrong_contact',
		class: 'leadQuality',
		en: 'Wrong or fake contact details',
		ru: 'Неверные контакты',
	},
	{ code: 'duplicate', class: 'leadQuality', en: 'Duplicate lead', ru: 'Дубль заявки' },
	{ code: 'spam', class: 'leadQuality', en: 'Spam or a bot', ru: 'Спам или бот' },
	{
		code: 'wrong_region',
		class: 'leadQuality',
		en: 'Outside the region we serve',
		ru: 'Не наш регион',
	},
	{
		code: 'not_a_buyer',
		class: 'leadQuality',
		en: 'Job seeker, supplier or student',
		ru: 'Соискатель, поставщик или студент',
	},
	{
		code: 'not_reached',
		class: 'handling',
		en: 'Could not reach the client',
		ru: 'Не дозвонились',
	},
	{
		code: 'late_contact',
		class: 'handling',
		en: 'Contacted too late',
		ru: 'Связались слишком поздно',
	},
	{
		code: 'no_follow_up',
		class: 'handling',
		en: 'No follow-up after the first call',
		ru: 'Не было повторного касания',
	},
	{
		code: 'offer_not_explained',
		class: 'handling',
		en: 'Offer or price not explained',
		ru: 'Не объяснили предложение или цену',
	},
	{
		code: 'wrong_offer',
		class: 'handling',
		en: 'Offered the wrong product',
		ru: 'Предложили не тот продукт',
	},
	{ code: 'other', class: 'other', en: 'Other', ru: 'Другое' },
];

const CODE_SHAPE = /^[a-z][a-z0-9_]{0,39}$/;

export function isReasonCodeShape(code: unknown): code is string {
	return typeof code === 'string' && CODE_SHAPE.test(code);
}

/** The built-in list plus the user's codes; a user code with a built-in name replaces it. */
export function reasonCatalogue(userReasons: readonly ReasonCode[] = []): Map<string, ReasonCode> {
	const catalogue = new Map<string, ReasonCode>();
	for (const reason of BUILT_IN_REASONS) catalogue.set(reason.code, reason);
	for (const reason of userReasons) catalogue.set(reason.code, reason);
	return catalogue;
}

/** The class of a code; unknown codes are 'other' so a typo never counts against marketing or sales. */
export function reasonClass(code: string | null, catalogue: Map<string, ReasonCode>): ReasonClass {
	if (code === null) return 'other';
	return catalogue.get(code)?.class ?? 'other';
}
