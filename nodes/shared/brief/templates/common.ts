/**
 * The parts of a brief every asset type shares, English and Russian side by side. Written for salespeople: short
 * sentences, CRM words they use, no marketing jargon. Counts in Russian go through ruPlural.
 */
import type { Language } from '../../report/types';
import { ruPlural } from '../../report/texts';

export interface BriefTexts {
	greeting(name: string | null): string;
	/** Suffix of the document title from version 2 on: "version 2". */
	versionSuffix(version: number): string;
	whatChangedHeading(previousVersion: number): string;
	changedBecause: string;
	changesCount(count: number): string;
	whatWeSaw: string;
	evidence: string;
	whatWeExpect: string;
	/** "Win rate: from 21% to 27% by 15 Jan 2027." with the parts that are known. */
	effect(
		label: string,
		baseline: string | null,
		target: string | null,
		reviewDate: string | null,
	): string;
	metricMeaning(meaning: string): string;
	scopeIntro: string;
	scopePipeline(value: string): string;
	scopeChannel(value: string): string;
	scopeOwner(value: string): string;
	review(reviewDate: string): string;
	objectionsHeading: string;
	linksHeading: string;
	audience(audience: string): string;
	ack(deadline: string | null, daysLeft: number | null): string;
	deadline(deadline: string, daysLeft: number | null): string;
	questionsHeading: string;
	questionsIntro: string;
	/** The three questions to sales, in the order of the feedback form (firstWords, purchasePurpose, whatMatters). */
	questions: [string, string, string];
	formLink: string;
	yes: string;
	no: string;
	added: string;
	removed: string;
	/** Quotation marks of the language: “…” in English, «…» in Russian. */
	quote(text: string): string;
}

/** " (3 days left)", " (today)", or nothing when unknown. */
function daysLeftEn(count: number | null): string {
	if (count === null) return '';
	if (count === 0) return ' (today)';
	return ` (${count} ${count === 1 ? 'day' : 'days'} left)`;
}

/** " (осталось 3 дня)", " (остался 1 день)", " (сегодня)". */
function daysLeftRu(count: number | null): string {
	if (count === null) return '';
	if (count === 0) return ' (сегодня)';
	const verb = ruPlural(count, 'остался', 'осталось', 'осталось');
	return ` (${verb} ${count} ${ruPlural(count, 'день', 'дня', 'дней')})`;
}

const EN: BriefTexts = {
	greeting: (name) => (name ? `Hi ${name}!` : 'Hi!'),
	versionSuffix: (version) => `version ${version}`,
	whatChangedHeading: (previousVersion) => `What changed since version ${previousVersion}`,
	changedBecause: 'Why we changed it: ',
	changesCount: (count) => `${count} ${count === 1 ? 'change' : 'changes'}:`,
	whatWeSaw: 'What we saw',
	evidence: 'See the data',
	whatWeExpect: 'What we expect',
	effect: (label, baseline, target, reviewDate) => {
		let text = label;
		if (baseline !== null && target !== null) text += `: from ${baseline} to ${target}`;
		else if (target !== null) text += `: to ${target}`;
		else if (baseline !== null) text += `: better than today's ${baseline}`;
		else text += ' should improve';
		if (reviewDate !== null) text += ` by ${reviewDate}`;
		return `${text}.`;
	},
	metricMeaning: (meaning) => `This counts ${meaning}.`,
	scopeIntro: 'Only for ',
	scopePipeline: (value) => `pipeline ${value}`,
	scopeChannel: (value) => `channel ${value}`,
	scopeOwner: (value) => `owner ${value}`,
	review: (reviewDate) =>
		`On ${reviewDate} we check the number in the CRM and tell you what came out of it.`,
	objectionsHeading: 'If the client says…',
	linksHeading: 'Links',
	audience: (audience) => `For: ${audience}`,
	ack: (deadline, daysLeft) =>
		deadline === null
			? 'Please confirm that you have read this.'
			: `Please confirm that you have read this by ${deadline}${daysLeftEn(daysLeft)}.`,
	deadline: (deadline, daysLeft) => `Deadline: ${deadline}${daysLeftEn(daysLeft)}.`,
	questionsHeading: 'Three questions for you',
	questionsIntro:
		'You talk to clients every day, we do not. Your answers go into the next script and the next campaign.',
	questions: [
		'What do clients say first when they call?',
		'Why do they buy?',
		'What matters to them?',
	],
	formLink: 'Answer in the form (2 minutes)',
	yes: 'yes',
	no: 'no',
	added: 'added',
	removed: 'removed',
	quote: (text) => `\u201c${text}\u201d`,
};

const RU: BriefTexts = {
	greeting: (name) => (name ? `${name}, здравствуйте!` : 'Здравствуйте!'),
	versionSuffix: (version) => `версия ${version}`,
	whatChangedHeading: (previousVersion) => `Что изменилось с версии ${previousVersion}`,
	changedBecause: 'Почему изменили: ',
	changesCount: (count) => `${count} ${ruPlural(count, 'изменение', 'изменения', 'изменений')}:`,
	whatWeSaw: 'Что мы увидели',
	evidence: 'Посмотреть данные',
	whatWeExpect: 'Чего мы ждём',
	effect: (label, baseline, target, reviewDate) => {
		let text = label;
		if (baseline !== null && target !== null) text += `: с ${baseline} до ${target}`;
		else if (target !== null) text += `: до ${target}`;
		else if (baseline !== null) text += `: лучше сегодняшних ${baseline}`;
		else text += ' должна улучшиться';
		if (reviewDate !== null) text += ` к ${reviewDate}`;
		return `${text}.`;
	},
	metricMeaning: (meaning) => `Считаем так: ${meaning}.`,
	scopeIntro: 'Только для: ',
	scopePipeline: (value) => `воронка ${value}`,
	scopeChannel: (value) => `канал ${value}`,
	scopeOwner: (value) => `менеджер ${value}`,
	review: (reviewDate) => `${reviewDate} проверим цифру в CRM и расскажем, что получилось.`,
	objectionsHeading: 'Если клиент говорит…',
	linksHeading: 'Ссылки',
	audience: (audience) => `Для кого: ${audience}`,
	ack: (deadline, daysLeft) =>
		deadline === null
			? 'Пожалуйста, подтвердите, что прочитали.'
			: `Пожалуйста, подтвердите, что прочитали, до ${deadline}${daysLeftRu(daysLeft)}.`,
	deadline: (deadline, daysLeft) => `Срок: ${deadline}${daysLeftRu(daysLeft)}.`,
	questionsHeading: 'Три вопроса к вам',
	questionsIntro:
		'Вы каждый день говорите с клиентами, а мы — нет. Ваши ответы лягут в следующий скрипт и следующую кампанию.',
	questions: [
		'Что клиенты говорят первым делом, когда звонят?',
		'Почему они покупают?',
		'Что для них важно?',
	],
	formLink: 'Ответить в форме (2 минуты)',
	yes: 'да',
	no: 'нет',
	added: 'добавлено',
	removed: 'удалено',
	quote: (text) => `«${text}»`,
};

export function briefTexts(language: Language): BriefTexts {
	return language === 'ru' ? RU : EN;
}
