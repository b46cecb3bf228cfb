import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';
import type { AcknowledgementStatus } from './compute';

/** The acknowledgements report's own words, English and Russian. */
export interface AcknowledgementTexts {
	title: string;
	/** "Brief spring-sale, version 2" */
	brief(briefId: string, version: number | null): string;
	headline(
		versions: number,
		recipients: number,
		acknowledged: number,
		questions: number,
		unanswered: number,
		f: Formatter,
	): string;
	/** "spring-sale v2: no response from Anna, Boris." */
	missing(brief: string, names: string[]): string;
	status: Record<AcknowledgementStatus, string>;
	/** "No response by 5 Dec 2026 10:00" */
	noResponseBy(deadline: string): string;
	deadline: string;
	noDeadline: string;
	recipients: string;
	notOnList: string;
	noAnswers: string;
	noList: string;
	how: string;
}

const EN: AcknowledgementTexts = {
	title: 'Acknowledgement status',
	brief: (id, version) => `Brief ${id}${version === null ? '' : `, version ${version}`}`,
	headline: (versions, recipients, acknowledged, questions, unanswered, f) =>
		`${f.integer(versions)} brief ${versions === 1 ? 'version' : 'versions'}: ${f.integer(acknowledged)} of ${f.integer(recipients)} acknowledged, ${f.integer(questions)} asked a question, ${f.integer(unanswered)} not answered in time.`,
	missing: (brief, names) => `${brief}: no answer in time from ${names.join(', ')}.`,
	status: {
		acknowledged: 'Acknowledged',
		question: 'Asked a question',
		late: 'Answered after the deadline',
		waiting: 'Not answered yet',
		noResponse: 'No response by the deadline',
	},
	noResponseBy: (deadline) => `No response by ${deadline}`,
	deadline: 'Deadline',
	noDeadline: 'none',
	recipients: 'Recipients',
	notOnList: 'not on the recipient list',
	noAnswers: 'No acknowledgements or questions about a brief in the period.',
	noList:
		'No recipient list was given, so only those who answered are listed; add the recipients to see who has not.',
	how: 'An acknowledgement or a question counts when it comes from a signed brief link or button; a question without an acknowledgement is listed as a question. With a deadline, an answer after it is late.',
};

const RU: AcknowledgementTexts = {
	title: 'Подтверждение брифов',
	brief: (id, version) => `Бриф ${id}${version === null ? '' : `, версия ${version}`}`,
	headline: (versions, recipients, acknowledged, questions, unanswered, f) =>
		`${f.integer(versions)} ${ruPlural(versions, 'версия брифа', 'версии брифов', 'версий брифов')}: подтвердили ${f.integer(acknowledged)} из ${f.integer(recipients)}, ${f.integer(questions)} ${ruPlural(questions, 'задал', 'задали', 'задали')} вопрос, ${f.integer(unanswered)} не ${ruPlural(unanswered, 'ответил', 'ответили', 'ответили')} вовремя.`,
	missing: (brief, names) => `${brief}: вовремя не ответили ${names.join(', ')}.`,
	status: {
		acknowledged: 'Подтвердили',
		question: 'Задали вопрос',
		late: 'Ответили после срока',
		waiting: 'Пока не ответили',
		noResponse: 'Не ответили к сроку',
	},
	noResponseBy: (deadline) => `Не ответили к ${deadline}`,
	deadline: 'Срок',
	noDeadline: 'не задан',
	recipients: 'Получатели',
	notOnList: 'нет в списке получателей',
	noAnswers: 'В периоде нет подтверждений и вопросов по брифам.',
	noList:
		'Список получателей не задан, поэтому показаны только ответившие; добавьте получателей, чтобы увидеть, кто не ответил.',
	how: 'Подтверждение или вопрос засчитываются, когда пришли по подписанной ссылке или кнопке брифа; вопрос без подтверждения показан как вопрос. Если задан срок, ответ после него считается опоздавшим.',
};

export function acknowledgementTexts(language: Language): AcknowledgementTexts {
	return language === 'ru' ? RU : EN;
}
