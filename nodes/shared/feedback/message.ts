/**
 * A short message about one routed feedback item, ready for a chat (issue 14: the marketing alert on a lead verdict,
 * a question to the marketing chat): `message.text` plain, `message.telegram` Telegram HTML with every piece of the
 * submission escaped (render/escape.ts), so a Telegram node can send `{{ $json.message.telegram }}` with Parse Mode
 * HTML and no expression has to escape anything. In the item's language (English or Russian).
 */
import { escapeTelegram } from '../render/escape';
import type { RoutedFeedback } from './routed';

export interface FeedbackMessage {
	text: string;
	telegram: string;
}

/** A submitted text longer than this is cut with "…": a message stays far below Telegram's 4,096 characters. */
const PIECE_LIMIT = 600;

interface Words {
	verdict: string;
	voice: string;
	acknowledgement: string;
	question: string;
	other: string;
	deal: string;
	from: string;
	brief: (id: string, version: number | null) => string;
	read: string;
	voiceFields: ['firstWords' | 'purchasePurpose' | 'whatMatters' | 'objections', string][];
}

const EN: Words = {
	verdict: 'Lead verdict',
	voice: 'Customer voice',
	acknowledgement: 'Brief read',
	question: 'Question from sales',
	other: 'Feedback from sales',
	deal: 'deal',
	from: 'from',
	brief: (id, version) => `brief ${id}${version !== null ? `, version ${version}` : ''}`,
	read: 'read',
	voiceFields: [
		['firstWords', 'What clients say first'],
		['purchasePurpose', 'Why they buy'],
		['whatMatters', 'What matters to them'],
		['objections', 'Objections'],
	],
};

const RU: Words = {
	verdict: 'Оценка лида',
	voice: 'Голос клиента',
	acknowledgement: 'Бриф прочитан',
	question: 'Вопрос от продаж',
	other: 'Отзыв от продаж',
	deal: 'сделка',
	from: 'от',
	brief: (id, version) => `бриф ${id}${version !== null ? `, версия ${version}` : ''}`,
	read: 'прочитал(а)',
	voiceFields: [
		['firstWords', 'Что клиенты говорят первым'],
		['purchasePurpose', 'Зачем покупают'],
		['whatMatters', 'Что для них важно'],
		['objections', 'Возражения'],
	],
};

function cut(text: string): string {
	const trimmed = text.trim();
	return trimmed.length > PIECE_LIMIT ? `${trimmed.slice(0, PIECE_LIMIT - 1).trimEnd()}…` : trimmed;
}

/** A line of plain and escaped parts: `[plain, bold?]`. */
type Part = [string, boolean?];

function render(lines: Part[][]): FeedbackMessage {
	return {
		text: lines.map((line) => line.map(([text]) => text).join('')).join('\n'),
		telegram: lines
			.map((line) =>
				line
					.map(([text, bold]) => (bold ? `<b>${escapeTelegram(text)}</b>` : escapeTelegram(text)))
					.join(''),
			)
			.join('\n'),
	};
}

export function feedbackMessage(routed: Omit<RoutedFeedback, 'row' | 'message'>): FeedbackMessage {
	const w = routed.language === 'ru' ? RU : EN;
	const about: string[] = [];
	if (routed.dealId !== null) about.push(`${w.deal} ${cut(routed.dealId)}`);
	if (routed.rep !== null && routed.category !== 'acknowledgement') {
		about.push(`${w.from} ${cut(routed.rep)}`);
	}
	if (routed.briefId !== null && routed.category !== 'acknowledgement') {
		about.push(w.brief(cut(routed.briefId), routed.briefVersion));
	}
	const title: Part[] = [
		[
			{
				leadVerdict: w.verdict,
				customerVoice: w.voice,
				acknowledgement: w.acknowledgement,
				question: w.question,
				other: w.other,
			}[routed.category],
			true,
		],
	];
	if (about.length > 0) title.push([` · ${about.join(' · ')}`]);
	const lines: Part[][] = [title];
	switch (routed.category) {
		case 'leadVerdict':
			if (routed.noteText !== null) lines.push([[cut(routed.noteText)]]);
			else if (routed.text !== null) lines.push([[cut(routed.text)]]);
			break;
		case 'customerVoice':
			for (const [field, label] of w.voiceFields) {
				const value = routed[field];
				if (typeof value === 'string') lines.push([[`${label}: `, true], [cut(value)]]);
			}
			if (routed.text !== null) lines.push([[cut(routed.text)]]);
			break;
		case 'acknowledgement':
			lines.push([
				[
					`${routed.rep !== null ? cut(routed.rep) : '?'} ${w.read} ${
						routed.briefId !== null ? w.brief(cut(routed.briefId), routed.briefVersion) : ''
					}`.trim(),
				],
			]);
			break;
		default:
			if (routed.text !== null) lines.push([[cut(routed.text)]]);
	}
	return render(lines);
}
