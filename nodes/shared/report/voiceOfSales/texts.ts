import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';
import type { VoiceQuestion } from './compute';

/** The voiceOfSales report's own words, English and Russian. */
export interface VoiceOfSalesTexts {
	title: string;
	question: Record<VoiceQuestion, string>;
	headline(
		items: number,
		top: Array<{ question: string; phrase: string; count: number }>,
		f: Formatter,
	): string;
	/** "Why they buy: “fast delivery” — 4 of 6 answers" */
	finding(question: string, phrase: string, count: number, answers: number, f: Formatter): string;
	mentions(count: number, answers: number, f: Formatter): string;
	answers: string;
	topPhrases: string;
	noAnswers: string;
	how: string;
}

const EN: VoiceOfSalesTexts = {
	title: 'Voice of sales',
	question: {
		firstWords: 'What clients say first',
		purchasePurpose: 'Why they buy',
		whatMatters: 'What matters to them',
		objections: 'Objections',
	},
	headline: (items, top, f) =>
		`${f.integer(items)} feedback ${items === 1 ? 'answer' : 'answers'} from sales` +
		(top.length > 0
			? `; heard most: ${top.map((entry) => `“${entry.phrase}” (${entry.question.toLowerCase()}, ${f.integer(entry.count)})`).join(', ')}.`
			: '; no phrase comes up in more than one answer yet.'),
	finding: (question, phrase, count, answers, f) =>
		`${question}: “${phrase}” — ${f.integer(count)} of ${f.integer(answers)} ${answers === 1 ? 'answer' : 'answers'}.`,
	mentions: (count, answers, f) => `${f.integer(count)} of ${f.integer(answers)}`,
	answers: 'Answers',
	topPhrases: 'Heard most',
	noAnswers: 'No answers to the feedback questions in the period.',
	how: 'Counts are answers that contain a word or phrase (1–3 words), English and Russian words reduced to their Snowball stems so that word forms count together; common words (the, and, что, это…) are left out. Quotes are the first answer with the phrase.',
};

const RU: VoiceOfSalesTexts = {
	title: 'Голос продаж',
	question: {
		firstWords: 'Что клиенты говорят первым делом',
		purchasePurpose: 'Зачем покупают',
		whatMatters: 'Что для них важно',
		objections: 'Возражения',
	},
	headline: (items, top, f) =>
		`${f.integer(items)} ${ruPlural(items, 'ответ', 'ответа', 'ответов')} продаж` +
		(top.length > 0
			? `; чаще всего: ${top.map((entry) => `«${entry.phrase}» (${entry.question.toLowerCase()}, ${f.integer(entry.count)})`).join(', ')}.`
			: '; ни одна фраза пока не повторяется в разных ответах.'),
	finding: (question, phrase, count, answers, f) =>
		`${question}: «${phrase}» — ${f.integer(count)} из ${f.integer(answers)} ${ruPlural(answers, 'ответа', 'ответов', 'ответов')}.`,
	mentions: (count, answers, f) => `${f.integer(count)} из ${f.integer(answers)}`,
	answers: 'Ответы',
	topPhrases: 'Чаще всего',
	noAnswers: 'В периоде нет ответов на вопросы обратной связи.',
	how: 'Считаются ответы, в которых есть слово или фраза (1–3 слова); русские и английские слова приведены к основам Snowball, поэтому формы слова считаются вместе; служебные слова (что, это, the, and…) не учитываются. Цитата — первый ответ с этой фразой.',
};

export function voiceOfSalesTexts(language: Language): VoiceOfSalesTexts {
	return language === 'ru' ? RU : EN;
}
