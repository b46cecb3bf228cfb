/**
 * The CRM note for a lead verdict, in the item's language, e.g.
 * "Lead rejected by Anna: not our target customer (lead quality). Comment: only wants a job."
 * "Лид отклонён (Анна): не наш клиент (качество лида). Комментарий: ищет работу."
 * CRM Sales Data → Note writes it with Text = {{ $json.noteText }}.
 */
import type { ReasonClass, ReasonCode } from './reasons';

export interface NoteInput {
	decision: 'accept' | 'reject' | null;
	rep: string | null;
	reasonCode: string | null;
	reasonClass: ReasonClass | null;
	quality: number | null;
	comment: string | null;
	language: 'en' | 'ru';
}

const CLASS_WORDS: Record<'en' | 'ru', Record<ReasonClass, string>> = {
	en: { leadQuality: 'lead quality', handling: 'handling', other: 'other' },
	ru: { leadQuality: 'качество лида', handling: 'работа с лидом', other: 'другое' },
};

function lowerFirst(text: string): string {
	// "Not our target customer" → "not our target customer"; leaves acronyms ("CRM") alone.
	return /^\p{Lu}\p{Ll}/u.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** Reason label in the language, the code itself when the catalogue does not know it. */
export function reasonLabel(
	code: string,
	language: 'en' | 'ru',
	catalogue: Map<string, ReasonCode>,
): string {
	const reason = catalogue.get(code);
	return reason ? reason[language] : code;
}

export function verdictNote(input: NoteInput, catalogue: Map<string, ReasonCode>): string | null {
	if (input.decision === null) return null;
	const en = input.language === 'en';
	const who = input.rep;
	let head: string;
	if (input.decision === 'accept') {
		head = en ? `Lead accepted${who ? ` by ${who}` : ''}` : `Лид принят${who ? ` (${who})` : ''}`;
		if (input.quality !== null) {
			head += en ? `, lead quality ${input.quality}/5` : `, качество лида ${input.quality}/5`;
		}
		head += '.';
	} else {
		head = en ? `Lead rejected${who ? ` by ${who}` : ''}` : `Лид отклонён${who ? ` (${who})` : ''}`;
		if (input.reasonCode !== null) {
			const label = lowerFirst(reasonLabel(input.reasonCode, input.language, catalogue));
			const cls = CLASS_WORDS[input.language][input.reasonClass ?? 'other'];
			head += `: ${label} (${cls})`;
		} else if (input.reasonClass !== null && input.reasonClass !== 'other') {
			head += `: ${CLASS_WORDS[input.language][input.reasonClass]}`;
		}
		if (input.quality !== null) {
			head += en ? `, lead quality ${input.quality}/5` : `, качество лида ${input.quality}/5`;
		}
		head += '.';
	}
	if (input.comment !== null && input.comment.trim() !== '') {
		const comment = input.comment.trim();
		head +=
			(en ? ' Comment: ' : ' Комментарий: ') + comment + (/[.!?…]$/u.test(comment) ? '' : '.');
	}
	return head;
}
