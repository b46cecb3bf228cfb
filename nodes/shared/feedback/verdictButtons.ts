/**
 * The inline keyboard of lead-verdict buttons for one deal (Telegram Bot API InlineKeyboardMarkup,
 * https://core.telegram.org/bots/api#inlinekeyboardmarkup): one row of Accept buttons with a lead-quality score,
 * then the reject reasons two to a row, lead-quality reasons first, then handling reasons. Every button's
 * callback_data is a signed `sb2…` string (signing.ts) that the Feedback Router verifies.
 *
 * n8n's Telegram node takes a keyboard only as a fixed set of rows and buttons (a whole keyboard in one expression is
 * dropped — shared/reference/n8n-builtins.md), so the result carries both the whole `replyMarkup` (for an HTTP
 * Request to sendMessage / editMessageReplyMarkup) and `callbackData` by button key (`accept_4`, `reject_not_target`)
 * for a Telegram node whose buttons are fixed and whose callback data are expressions.
 */
import { signVerdictCallback } from '../brief/signing';
import type { VerdictClaims, VerdictCrm } from '../brief/signing';
import type { ReasonCode } from './reasons';

export interface VerdictButton {
	text: string;
	callback_data: string;
}

export interface VerdictButtons {
	replyMarkup: { inline_keyboard: VerdictButton[][] };
	callbackData: Record<string, string>;
}

export interface VerdictButtonsInput {
	crm: VerdictCrm;
	dealId: string;
	language: 'en' | 'ru';
	/** Reason codes to offer, in this order; all must be in the catalogue. */
	reasons: readonly string[];
	/** Offer accept buttons scored 1–5 (true) or a single "Accept" without a score (false). */
	qualityScores: boolean;
}

const ACCEPT_TEXT = { en: 'Accept', ru: 'Принять' };
/** Telegram shows about 30 characters on a half-width button; longer labels are cut with an ellipsis. */
const MAX_LABEL = 32;

function cut(text: string): string {
	const chars = Array.from(text);
	return chars.length <= MAX_LABEL ? text : chars.slice(0, MAX_LABEL - 1).join('') + '…';
}

export function buildVerdictButtons(
	input: VerdictButtonsInput,
	catalogue: Map<string, ReasonCode>,
	secret: string,
): VerdictButtons {
	const callbackData: Record<string, string> = {};
	const sign = (key: string, claims: VerdictClaims) => {
		const data = signVerdictCallback(claims, secret);
		callbackData[key] = data;
		return data;
	};
	const base = { crm: input.crm, dealId: input.dealId };
	const rows: VerdictButton[][] = [];
	if (input.qualityScores) {
		rows.push(
			[1, 2, 3, 4, 5].map((quality) => ({
				text: `✅ ${quality}`,
				callback_data: sign(`accept_${quality}`, { ...base, decision: 'accept', quality }),
			})),
		);
	} else {
		rows.push([
			{
				text: `✅ ${ACCEPT_TEXT[input.language]}`,
				callback_data: sign('accept', { ...base, decision: 'accept', quality: null }),
			},
		]);
	}
	const order = { leadQuality: 0, handling: 1, other: 2 };
	const reasons = input.reasons
		.map((code, index) => {
			const reason = catalogue.get(code);
			if (!reason) throw new Error(`Unknown reason code "${code}"`);
			return { reason, index };
		})
		.sort((a, b) => order[a.reason.class] - order[b.reason.class] || a.index - b.index)
		.map(({ reason }) => reason);
	let row: VerdictButton[] = [];
	for (const reason of reasons) {
		row.push({
			text: cut(`❌ ${reason[input.language]}`),
			callback_data: sign(`reject_${reason.code}`, {
				...base,
				decision: 'reject',
				reasonCode: reason.code,
			}),
		});
		if (row.length === 2) {
			rows.push(row);
			row = [];
		}
	}
	if (row.length) rows.push(row);
	return { replyMarkup: { inline_keyboard: rows }, callbackData };
}
