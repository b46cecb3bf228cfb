/**
 * Every word the Sales Feedback Trigger shows a person or a client: the hosted form, the confirm page, the thank-you
 * and error pages, and the field-level validation messages. English and Russian; one table per language.
 */
export type FeedbackLanguage = 'en' | 'ru';

export const FEEDBACK_LANGUAGES: readonly FeedbackLanguage[] = ['en', 'ru'];

export interface FeedbackTexts {
	htmlLang: string;
	formTitle: string;
	formIntro: string;
	voiceLegend: string;
	firstWords: string;
	firstWordsHint: string;
	purchasePurpose: string;
	whatMatters: string;
	objections: string;
	verdictLegend: string;
	verdictHint: string;
	dealId: string;
	decision: string;
	accept: string;
	reject: string;
	noDecision: string;
	reasonCode: string;
	noReason: string;
	leadQualityGroup: string;
	handlingGroup: string;
	otherGroup: string;
	quality: string;
	noQuality: string;
	comment: string;
	rep: string;
	honeypot: string;
	submit: string;
	errorsTitle: string;
	thanksTitle: string;
	thanksText: string;
	confirmTitle: (brief: string, version: number) => string;
	confirmAckText: string;
	confirmAckButton: string;
	confirmQuestionText: string;
	confirmQuestionButton: string;
	questionLabel: string;
	ackThanks: string;
	questionThanks: string;
	linkInvalidTitle: string;
	linkInvalidText: string;
	unauthorized: string;
	unsupportedType: string;
	notAnObject: string;
	messages: ValidationMessages;
}

export interface ValidationMessages {
	notText: string;
	tooLong: (max: number) => string;
	badId: string;
	badDecision: string;
	badReason: string;
	reasonNeeded: string;
	dealNeeded: string;
	badQuality: string;
	badVersion: string;
	badLanguage: string;
	empty: string;
	questionNeeded: string;
	tooManyFields: (max: number) => string;
}

const en: FeedbackTexts = {
	htmlLang: 'en',
	formTitle: 'Feedback from sales',
	formIntro:
		'Tell marketing what you hear from clients and what you think of the lead. Every field is optional, but send at least one answer or a verdict.',
	voiceLegend: 'What clients say',
	firstWords: 'What do clients say first when they call?',
	firstWordsHint: 'Their own words, as close as you remember them.',
	purchasePurpose: 'Why do they buy?',
	whatMatters: 'What matters to them?',
	objections: 'Objections you heard',
	verdictLegend: 'Verdict on one lead',
	verdictHint: 'Fill this in to accept or reject a specific lead.',
	dealId: 'Deal ID',
	decision: 'Decision',
	accept: 'Accept',
	reject: 'Reject',
	noDecision: 'No verdict',
	reasonCode: 'Reason',
	noReason: '— choose a reason —',
	leadQualityGroup: 'Lead quality (marketing)',
	handlingGroup: 'Handling (sales)',
	otherGroup: 'Other',
	quality: 'Lead quality, 1 (bad) to 5 (excellent)',
	noQuality: 'not rated',
	comment: 'Comment',
	rep: 'Your name or ID',
	honeypot: 'Leave this field empty',
	submit: 'Send',
	errorsTitle: 'Please correct the marked fields.',
	thanksTitle: 'Thank you!',
	thanksText: 'Your feedback has been sent to marketing.',
	confirmTitle: (brief, version) => `Confirm that you read brief ${brief}, version ${version}`,
	confirmAckText: 'Press the button to confirm that you have read and understood this brief.',
	confirmAckButton: 'I have read it',
	confirmQuestionText: 'Ask marketing a question about this brief.',
	confirmQuestionButton: 'Ask a question',
	questionLabel: 'Your question',
	ackThanks: 'Thank you, your confirmation has been recorded.',
	questionThanks: 'Thank you, your question has been sent to marketing.',
	linkInvalidTitle: 'This link is not valid',
	linkInvalidText:
		'The link is incomplete or has been changed. Open it again from the original message.',
	unauthorized: 'Authentication required.',
	unsupportedType:
		'Send the feedback as JSON, as a form (application/x-www-form-urlencoded) or as multipart/form-data.',
	notAnObject: 'The body must be one object with named fields, not a list or a single value.',
	messages: {
		notText: 'Must be a single text value.',
		tooLong: (max) => `Too long: at most ${max} characters.`,
		badId: 'Use at most 64 letters, digits and . _ : @ / # -',
		badDecision: 'Choose accept or reject.',
		badReason: 'Choose a reason from the list.',
		reasonNeeded: 'Choose the reason for rejecting the lead.',
		dealNeeded: 'Give the deal ID the verdict is about.',
		badQuality: 'Choose a whole number from 1 to 5.',
		badVersion: 'Must be a whole number from 1 to 999.',
		badLanguage: 'Must be en or ru.',
		empty: 'Fill in at least one answer or a lead verdict.',
		questionNeeded: 'Write your question.',
		tooManyFields: (max) => `Too many fields: at most ${max}.`,
	},
};

const ru: FeedbackTexts = {
	htmlLang: 'ru',
	formTitle: 'Обратная связь от продаж',
	formIntro:
		'Расскажите маркетингу, что вы слышите от клиентов и что думаете о заявке. Все поля необязательны, но заполните хотя бы один ответ или оценку заявки.',
	voiceLegend: 'Что говорят клиенты',
	firstWords: 'Что клиенты говорят первым, когда звонят?',
	firstWordsHint: 'Их словами, как можно ближе к тому, что вы запомнили.',
	purchasePurpose: 'Зачем они покупают?',
	whatMatters: 'Что для них важно?',
	objections: 'Какие возражения вы слышали',
	verdictLegend: 'Оценка одной заявки',
	verdictHint: 'Заполните, чтобы принять или отклонить конкретную заявку.',
	dealId: 'ID сделки',
	decision: 'Решение',
	accept: 'Принять',
	reject: 'Отклонить',
	noDecision: 'Без оценки',
	reasonCode: 'Причина',
	noReason: '— выберите причину —',
	leadQualityGroup: 'Качество заявки (маркетинг)',
	handlingGroup: 'Обработка (продажи)',
	otherGroup: 'Другое',
	quality: 'Качество заявки, от 1 (плохо) до 5 (отлично)',
	noQuality: 'без оценки',
	comment: 'Комментарий',
	rep: 'Ваше имя или ID',
	honeypot: 'Оставьте это поле пустым',
	submit: 'Отправить',
	errorsTitle: 'Исправьте отмеченные поля.',
	thanksTitle: 'Спасибо!',
	thanksText: 'Ваш отзыв отправлен маркетингу.',
	confirmTitle: (brief, version) => `Подтвердите, что прочитали бриф ${brief}, версия ${version}`,
	confirmAckText: 'Нажмите кнопку, чтобы подтвердить, что вы прочитали и поняли бриф.',
	confirmAckButton: 'Прочитал(а)',
	confirmQuestionText: 'Задайте маркетингу вопрос по этому брифу.',
	confirmQuestionButton: 'Задать вопрос',
	questionLabel: 'Ваш вопрос',
	ackThanks: 'Спасибо, подтверждение записано.',
	questionThanks: 'Спасибо, ваш вопрос отправлен маркетингу.',
	linkInvalidTitle: 'Ссылка недействительна',
	linkInvalidText: 'Ссылка неполная или изменена. Откройте её снова из исходного сообщения.',
	unauthorized: 'Требуется аутентификация.',
	unsupportedType:
		'Отправьте отзыв как JSON, как форму (application/x-www-form-urlencoded) или как multipart/form-data.',
	notAnObject:
		'Тело запроса должно быть одним объектом с именованными полями, а не списком или отдельным значением.',
	messages: {
		notText: 'Должно быть одним текстовым значением.',
		tooLong: (max) => `Слишком длинно: не больше ${max} символов.`,
		badId: 'Не больше 64 букв, цифр и символов . _ : @ / # -',
		badDecision: 'Выберите «принять» или «отклонить».',
		badReason: 'Выберите причину из списка.',
		reasonNeeded: 'Выберите причину отклонения заявки.',
		dealNeeded: 'Укажите ID сделки, к которой относится оценка.',
		badQuality: 'Выберите целое число от 1 до 5.',
		badVersion: 'Должно быть целым числом от 1 до 999.',
		badLanguage: 'Должно быть en или ru.',
		empty: 'Заполните хотя бы один ответ или оценку заявки.',
		questionNeeded: 'Напишите вопрос.',
		tooManyFields: (max) => `Слишком много полей: не больше ${max}.`,
	},
};

const TEXTS: Record<FeedbackLanguage, FeedbackTexts> = { en, ru };

export function feedbackTexts(language: FeedbackLanguage): FeedbackTexts {
	return TEXTS[language];
}

/** 'en' or 'ru' from a query / body value; anything else (arrays, objects, 'de') gives null. */
export function parseLanguage(value: unknown): FeedbackLanguage | null {
	if (typeof value !== 'string' || value.length > 35) return null;
	const match = /^(en|ru)(?:[-_][a-z0-9]{1,8})*$/.exec(value.trim().toLowerCase());
	return match ? (match[1] as FeedbackLanguage) : null;
}
