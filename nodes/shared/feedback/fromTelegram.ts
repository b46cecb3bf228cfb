/**
 * Telegram updates from n8n's Telegram Trigger → a router draft. The trigger's item is the raw Bot API Update
 * (https://core.telegram.org/bots/api#update; shared/reference/n8n-builtins.md "Telegram Trigger"):
 *  - `callback_query` { id, from, message?, chat_instance, data? } — a button press. Our buttons carry signed data:
 *    `sb1…` acknowledge / question on a Sales Brief, `sb2…` a lead verdict (nodes/shared/brief/signing.ts,
 *    docs/brief-links.md). A signature that does not verify never counts: the item goes to "other" with
 *    `signature: "invalid"` and the reason, still carrying the callback query id so the workflow can answer it.
 *  - `message` / `edited_message` { message_id, from, chat, date, text?, caption?, reply_to_message? } — a text reply.
 *    A reply to one of our messages inherits the deal (sb2 buttons) or brief (sb1 buttons) of the message it
 *    answers, read from that message's signed inline keyboard, which Telegram includes in reply_to_message.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	isBriefCallback,
	isVerdictCallback,
	verifyCallback,
	verifyVerdictCallback,
} from '../brief/signing';
import type { BriefClaims, VerdictClaims } from '../brief/signing';
import type { Draft, TelegramRef } from './routed';
import { str } from './routed';
import type { Feedback } from './types';

export interface TelegramOptions {
	/** The Sales Bridge Signing Key; null when the node has no credential (then signed buttons cannot be checked). */
	secret: string | null;
	/**
	 * When a brief button's signed recipient is a Telegram id (digits, optionally "-"), the press must come from that
	 * user or in that chat; otherwise it is someone else's button ("other-recipient").
	 */
	checkRecipient: boolean;
}

/** Thrown when a signed button arrives and the node has no signing key: a configuration error, not a forgery. */
export class MissingSigningKeyError extends Error {}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | null =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
const int = (value: unknown): number | null =>
	typeof value === 'number' && Number.isSafeInteger(value) ? value : null;

export function isTelegramUpdate(json: IDataObject): boolean {
	return (
		typeof json.update_id === 'number' &&
		(obj(json.callback_query) !== null ||
			obj(json.message) !== null ||
			obj(json.edited_message) !== null ||
			obj(json.channel_post) !== null)
	);
}

function personName(from: Obj | null): string | null {
	if (from === null) return null;
	const name = [str(from.first_name, 100), str(from.last_name, 100)].filter(Boolean).join(' ');
	return name === '' ? null : name;
}

function rep(from: Obj | null): string | null {
	if (from === null) return null;
	return (
		personName(from) ?? str(from.username, 100) ?? (int(from.id) !== null ? String(from.id) : null)
	);
}

function language(from: Obj | null): 'en' | 'ru' | null {
	const code = from ? str(from.language_code, 20) : null;
	if (code === null) return null;
	if (code.toLowerCase().startsWith('ru')) return 'ru';
	if (code.toLowerCase().startsWith('en')) return 'en';
	return null;
}

function submittedAt(message: Obj | null): string | undefined {
	const date = message ? int(message.date) : null;
	return date !== null && date > 0 ? new Date(date * 1000).toISOString() : undefined;
}

function ref(
	update: IDataObject,
	from: Obj | null,
	message: Obj | null,
	cb: Obj | null,
): TelegramRef {
	const chat = message ? obj(message.chat) : null;
	const chatId = chat ? (int(chat.id) ?? str(chat.id, 64)) : null;
	return {
		updateId: int(update.update_id),
		callbackQueryId: cb ? str(cb.id, 200) : null,
		callbackData: cb ? (typeof cb.data === 'string' ? cb.data.slice(0, 256) : null) : null,
		chatId,
		messageId: message ? int(message.message_id) : null,
		fromId: from ? int(from.id) : null,
		fromUsername: from ? str(from.username, 100) : null,
		fromName: personName(from),
	};
}

function verdictFields(claims: VerdictClaims): Partial<Feedback> {
	return {
		type: 'verdict',
		crm: claims.crm,
		dealId: claims.dealId,
		decision: claims.decision,
		reasonCode: claims.decision === 'reject' ? claims.reasonCode : null,
		quality: claims.decision === 'accept' ? claims.quality : null,
	};
}

function briefFields(claims: BriefClaims): Partial<Feedback> {
	return {
		type: claims.action === 'ack' ? 'acknowledgement' : 'question',
		briefId: claims.briefId,
		briefVersion: claims.version,
	};
}

function needSecret(options: TelegramOptions): string {
	if (options.secret === null) {
		throw new MissingSigningKeyError(
			'A signed Sales Bridge button was pressed, but the Feedback Router has no Sales Bridge Signing Key credential',
		);
	}
	return options.secret;
}

/** The recipient check for brief buttons; null when it passes or cannot apply. */
function recipientProblem(claims: BriefClaims, ref: TelegramRef, options: TelegramOptions) {
	if (!options.checkRecipient || !/^-?[0-9]+$/.test(claims.recipientId)) return null;
	const ids = [ref.fromId, ref.chatId].filter((id) => id !== null).map(String);
	return ids.includes(claims.recipientId) ? null : 'other-recipient';
}

/** Signed deal or brief of the message a text reply answers (its inline keyboard); invalid data is ignored. */
function contextOfRepliedMessage(message: Obj, secret: string | null): Partial<Feedback> {
	const replied = obj(message.reply_to_message);
	const markup = replied ? obj(replied.reply_markup) : null;
	const rows = markup && Array.isArray(markup.inline_keyboard) ? markup.inline_keyboard : [];
	if (secret === null) return {};
	for (const row of rows.slice(0, 100)) {
		if (!Array.isArray(row)) continue;
		for (const button of row.slice(0, 20)) {
			const data = obj(button)?.callback_data;
			if (isVerdictCallback(data)) {
				const result = verifyVerdictCallback(data, secret);
				if (result.ok) return { crm: result.claims.crm, dealId: result.claims.dealId };
			} else if (isBriefCallback(data)) {
				const result = verifyCallback(data, secret);
				if (result.ok) {
					return { briefId: result.claims.briefId, briefVersion: result.claims.version };
				}
			}
		}
	}
	return {};
}

export function fromTelegram(update: IDataObject, options: TelegramOptions): Draft {
	const cb = obj(update.callback_query);
	if (cb !== null) {
		const from = obj(cb.from);
		const message = obj(cb.message);
		const telegram = ref(update, from, message, cb);
		const base: Partial<Feedback> = { rep: rep(from), submittedAt: submittedAt(null) };
		const lang = language(from);
		if (lang !== null) base.language = lang;
		const draft = (fields: Partial<Feedback>, rest: Partial<Draft>): Draft => ({
			source: 'telegram',
			fields: { ...base, ...fields },
			signature: 'none',
			signatureProblem: null,
			telegram,
			fixedCategory: null,
			...rest,
		});
		const data = cb.data;
		const invalid = (problem: string) =>
			draft(
				{ type: 'message' },
				{
					signature: 'invalid',
					signatureProblem: problem,
					fixedCategory: { category: 'other', rule: `signature:${problem}` },
				},
			);
		if (isVerdictCallback(data)) {
			const result = verifyVerdictCallback(data, needSecret(options));
			if (!result.ok) return invalid(result.reason);
			return draft(verdictFields(result.claims), {
				signature: 'valid',
				fixedCategory: { category: 'leadVerdict', rule: 'signed:verdict' },
			});
		}
		if (isBriefCallback(data)) {
			const result = verifyCallback(data, needSecret(options));
			if (!result.ok) return invalid(result.reason);
			const problem = recipientProblem(result.claims, telegram, options);
			if (problem !== null) return invalid(problem);
			const fields = { ...briefFields(result.claims), rep: result.claims.recipientId };
			return draft(fields, {
				signature: 'valid',
				fixedCategory:
					result.claims.action === 'ack'
						? { category: 'acknowledgement', rule: 'signed:ack' }
						: { category: 'question', rule: 'signed:question' },
			});
		}
		// Another bot feature's button (not ours): nothing to verify, nothing to count.
		return draft(
			{ type: 'message', text: typeof data === 'string' ? str(data, 256) : null },
			{ fixedCategory: { category: 'other', rule: 'telegram:foreignButton' } },
		);
	}
	const message = obj(update.message) ?? obj(update.edited_message) ?? obj(update.channel_post);
	const from = message ? obj(message.from) : null;
	const telegram = ref(update, from, message, null);
	const text = message ? (str(message.text) ?? str(message.caption)) : null;
	const fields: Partial<Feedback> = {
		type: 'message',
		rep: rep(from),
		submittedAt: submittedAt(message),
		text,
		...(message ? contextOfRepliedMessage(message, options.secret) : {}),
	};
	const lang = language(from);
	if (lang !== null && text === null) fields.language = lang;
	return {
		source: 'telegram',
		fields,
		signature: 'none',
		signatureProblem: null,
		telegram,
		fixedCategory: text === null ? { category: 'other', rule: 'telegram:noText' } : null,
	};
}
