/**
 * What the Feedback Router emits: a Feedback record (types.ts) plus where it came from, how its signature checked out,
 * the Telegram ids needed to answer a button press, the category and the rule that decided it, and for lead verdicts
 * the fields the CRM Sales Data → Note operation needs (crm, dealId, noteText).
 */
import { createHash } from 'crypto';

import type { Feedback, FeedbackCategory, FeedbackType, FeedbackUtm } from './types';
import type { FeedbackMessage } from './message';
import type { ReasonClass } from './reasons';
import type { FeedbackRow } from './row';

export type RouterSource = 'feedback' | 'formTrigger' | 'json' | 'telegram';

/** `valid`: a signed button or link that verified; `invalid`: one that did not; `none`: nothing signed. */
export type SignatureState = 'valid' | 'invalid' | 'none';

/** What the workflow needs to answer a button press ("Answer Query") or reply in the chat. */
export interface TelegramRef {
	updateId: number | null;
	/** callback_query.id, for the Telegram node's Callback → Answer Query; null for text messages. */
	callbackQueryId: string | null;
	callbackData: string | null;
	chatId: number | string | null;
	messageId: number | null;
	fromId: number | null;
	fromUsername: string | null;
	fromName: string | null;
}

export interface RoutedFeedback extends Feedback {
	category: FeedbackCategory;
	/** The rule that decided, e.g. `signed:ack`, `structured:decision`, `user:2`, `builtIn:contentRequest:ru`, `default`. */
	matchedRule: string;
	/** The words the rule matched, when a text rule decided. */
	matchedText: string | null;
	/** Lead verdicts: whose side a rejection is on (reasons.ts classes); null for other categories. */
	reasonClass: ReasonClass | null;
	source: RouterSource;
	signature: SignatureState;
	/** Why a signature did not verify (`malformed`, `bad-signature`, `other-recipient`, …); null otherwise. */
	signatureProblem: string | null;
	telegram: TelegramRef | null;
	/** Lead verdicts: the CRM note in the item's language; null otherwise. */
	noteText: string | null;
	/** True when crm, dealId and noteText are all there, so a CRM Sales Data → Note node can write it. */
	noteReady: boolean;
	/** The item as one flat Data Table row with its category's columns (row.ts). */
	row: FeedbackRow;
	/** A short chat message about the item, plain and Telegram HTML (message.ts). */
	message: FeedbackMessage;
}

/** What an input adapter fills in; the rest gets defaults. */
export interface Draft {
	source: RouterSource;
	fields: Partial<Feedback>;
	signature: SignatureState;
	signatureProblem: string | null;
	telegram: TelegramRef | null;
	/** A category fixed by a verified signature or by the input itself (not by text rules). */
	fixedCategory: { category: FeedbackCategory; rule: string } | null;
}

export const EMPTY_UTM: FeedbackUtm = {
	source: null,
	medium: null,
	campaign: null,
	content: null,
	term: null,
};

/** Trimmed non-empty string or null; numbers become their decimal text. */
export function str(value: unknown, maxLength = 10_000): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (trimmed === '') return null;
	return trimmed.length > maxLength ? trimmed.slice(0, maxLength) : trimmed;
}

/** Cyrillic letters → ru, Latin → en, neither → null. */
export function detectLanguage(...texts: Array<string | null | undefined>): 'en' | 'ru' | null {
	const all = texts.filter((t): t is string => typeof t === 'string').join(' ');
	const cyrillic = (all.match(/\p{Script=Cyrillic}/gu) ?? []).length;
	const latin = (all.match(/\p{Script=Latin}/gu) ?? []).length;
	if (cyrillic === 0 && latin === 0) return null;
	return cyrillic >= latin ? 'ru' : 'en';
}

const ID_FIELDS: Array<Exclude<keyof Feedback, 'id'>> = [
	'type',
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
];

/** Same content → same id (so storage can de-duplicate a double click); `fb_` + 20 hex characters of SHA-256. */
export function feedbackId(feedback: Omit<Feedback, 'id'>, extra: string): string {
	const parts = ID_FIELDS.map((key) => JSON.stringify(feedback[key] ?? null));
	parts.push(JSON.stringify(feedback.utm), extra);
	return 'fb_' + createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 20);
}

/** A complete Feedback record from a draft; `now` is the fallback for submittedAt. */
export function completeFeedback(
	draft: Draft,
	now: string,
	fallbackLanguage: 'en' | 'ru',
): Feedback {
	const f = draft.fields;
	const type: FeedbackType = f.type ?? (f.decision ? 'verdict' : 'message');
	const base: Omit<Feedback, 'id'> = {
		type,
		submittedAt: f.submittedAt ?? now,
		rep: f.rep ?? null,
		crm: f.crm ?? null,
		dealId: f.dealId ?? null,
		decision: f.decision ?? null,
		reasonCode: f.reasonCode ?? null,
		quality: f.quality ?? null,
		firstWords: f.firstWords ?? null,
		purchasePurpose: f.purchasePurpose ?? null,
		whatMatters: f.whatMatters ?? null,
		objections: f.objections ?? null,
		text: f.text ?? null,
		briefId: f.briefId ?? null,
		briefVersion: f.briefVersion ?? null,
		language:
			f.language ??
			detectLanguage(f.text, f.firstWords, f.purchasePurpose, f.whatMatters, f.objections) ??
			fallbackLanguage,
		utm: { ...EMPTY_UTM, ...(f.utm ?? {}) },
	};
	// The same person pressing the same button twice is one fact; one Telegram message is one fact; other inputs are
	// identified by their content alone (a resubmitted form gives the same id).
	const tg = draft.telegram;
	const extra =
		tg === null
			? ''
			: tg.callbackData !== null
				? `tg:cb:${tg.fromId ?? ''}:${tg.callbackData}`
				: `tg:msg:${tg.chatId ?? ''}:${tg.messageId ?? ''}`;
	return { id: f.id ?? feedbackId(base, extra), ...base };
}
