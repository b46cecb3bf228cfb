/**
 * A composed brief (a RenderDocument from compose.ts) as ready-to-send channel messages for one recipient, with the two
 * actions "Read, understood" / "I have a question" as signed links (e-mail, Slack, Telegram URL buttons) and signed
 * Telegram callback data (docs/brief-links.md). Rendering and escaping come from nodes/shared/render; this file only
 * adds the buttons and the per-channel envelope (chat id, Slack user, e-mail address).
 */
import type { Language } from '../report/types';
import type { ActionButton, RenderDocument, SlackActionsBlock, SlackBlock } from '../render';
import { renderAllChannels, slackActionsBlock } from '../render';
import type { BriefAction, BriefClaims } from './signing';
import { CALLBACK_MAX_BYTES, RESERVED_CALLBACK_PREFIX, signCallback, signLink } from './signing';
import type { Brief, BriefRecipient } from './types';

/**
 * Recipient id of the links when the brief has no recipient list (one message for a group chat or channel): the
 * claims say "sent to everyone"; who clicked is what the Feedback Trigger's confirm page or the Telegram
 * callback's `from` tells.
 */
export const ALL_RECIPIENTS_ID = 'all';

/** Slack accepts 50 blocks; n8n's Slack node may append one of its own ("Automated with this n8n workflow"). */
export const BRIEF_SLACK_MAX_BLOCKS = 49;

export const BUTTON_TEXTS: Record<Language, Record<BriefAction, string>> = {
	en: { ack: 'Read, understood', question: 'I have a question' },
	ru: { ack: 'Прочитал, понятно', question: 'Есть вопрос' },
};

const SLACK_OMITTED: Record<Language, (count: number) => string> = {
	en: (count) => `… ${count} more parts are in the e-mail version of this brief.`,
	ru: (count) => `… ещё ${count} частей — в версии брифа для e-mail.`,
};

/** How the Telegram keyboard in `replyMarkup` answers a tap. */
export type TelegramButtonMode = 'url' | 'callback';

export interface TelegramButton {
	text: string;
	/** Signed link to the Feedback Trigger (opens its confirm page); without a key, the same link unsigned (no `s`). */
	url: string;
	/**
	 * Signed callback data (≤ 64 bytes) for a bot whose Telegram Trigger feeds the Feedback Router; null without a key
	 * (callback data cannot be left unsigned: the keyboard then uses the link).
	 */
	callbackData: string | null;
}

export interface TelegramInlineButton {
	text: string;
	url?: string;
	callback_data?: string;
}

export interface TelegramMessages {
	chatId: string | null;
	/** Every part ≤ 4,096 characters, Telegram HTML. Send them in order; the buttons go with the last one. */
	parts: string[];
	/** The first part, for a single Telegram node when the brief fits one message. */
	text: string;
	parseMode: 'HTML';
	buttons: { acknowledge: TelegramButton; question: TelegramButton };
	/** `reply_markup` for sendMessage of the LAST part (Bot API InlineKeyboardMarkup). */
	replyMarkup: { inline_keyboard: TelegramInlineButton[][] };
}

export interface BriefMessages {
	telegram: TelegramMessages;
	/** Block Kit; the last block holds the two link buttons. `user`: the recipient's Slack member ID. */
	slack: { user: string | null; text: string; blocks: Array<SlackBlock | SlackActionsBlock> };
	email: { to: string | null; subject: string; html: string; text: string };
	markdown: string;
}

export interface BriefMessageOptions {
	/** The Sales Feedback Trigger's production URL (http or https). */
	feedbackUrl: string;
	/**
	 * The signing key; null for a preview without the Sales Bridge Signing Key credential: the links then carry no
	 * signature (the Feedback Trigger refuses them as unsigned) and there is no callback data.
	 */
	secret: string | null;
	telegramButtons: TelegramButtonMode;
}

/** The claims of one action for one recipient. */
export function briefClaims(
	brief: Brief,
	recipient: BriefRecipient | null,
	action: BriefAction,
): BriefClaims {
	return {
		briefId: brief.id,
		version: brief.version,
		recipientId: recipient?.id ?? ALL_RECIPIENTS_ID,
		action,
	};
}

/**
 * The Feedback Trigger URL with the five signed parameters appended (docs/brief-links.md, "Link format"): any query the
 * URL already has is kept, a fragment is dropped (it would swallow the parameters).
 */
export function signedLinkUrl(
	feedbackUrl: string,
	claims: BriefClaims,
	secret: string | null,
): string {
	const base = feedbackUrl.replace(/#.*$/, '');
	// Without a key (a preview) the claims as they would be signed, without the signature `s`.
	const params: Record<string, string> = {
		b: claims.briefId,
		v: String(claims.version),
		r: claims.recipientId,
		a: claims.action,
	};
	if (secret !== null) params.s = signLink(claims, secret).s;
	const query = new URLSearchParams(params);
	const separator = base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?';
	return `${base}${separator}${query.toString()}`;
}

function checkedCallback(claims: BriefClaims, secret: string): string {
	const data = signCallback(claims, secret);
	// signing.ts guarantees both; a cheap guard so a change there cannot ship a button Telegram or n8n refuses.
	if (
		Buffer.byteLength(data, 'utf8') > CALLBACK_MAX_BYTES ||
		data.startsWith(RESERVED_CALLBACK_PREFIX)
	) {
		throw new Error('Telegram button data does not fit the 64-byte limit.');
	}
	return data;
}

export function buildBriefMessages(
	brief: Brief,
	document: RenderDocument,
	recipient: BriefRecipient | null,
	options: BriefMessageOptions,
): BriefMessages {
	const texts = BUTTON_TEXTS[brief.language];
	const button = (action: BriefAction): TelegramButton => {
		const claims = briefClaims(brief, recipient, action);
		return {
			text: texts[action],
			url: signedLinkUrl(options.feedbackUrl, claims, options.secret),
			callbackData: options.secret === null ? null : checkedCallback(claims, options.secret),
		};
	};
	const acknowledge = button('ack');
	const question = button('question');
	const actions: ActionButton[] = [
		{ text: acknowledge.text, href: acknowledge.url, id: 'brief_ack', primary: true },
		{ text: question.text, href: question.url, id: 'brief_question' },
	];
	const withActions: RenderDocument = {
		...document,
		actions: [...(document.actions ?? []), ...actions],
	};
	const rendered = renderAllChannels(withActions, {
		// One block is kept for the buttons, which must survive any cut.
		slackMaxBlocks: BRIEF_SLACK_MAX_BLOCKS - 1,
		slackOmittedNote: SLACK_OMITTED[brief.language],
	});
	const buttonsBlock = slackActionsBlock(actions);
	const slackButtons = buttonsBlock === null ? [] : [buttonsBlock];
	const inline = (entry: TelegramButton): TelegramInlineButton =>
		options.telegramButtons === 'callback' && entry.callbackData !== null
			? { text: entry.text, callback_data: entry.callbackData }
			: { text: entry.text, url: entry.url };
	return {
		telegram: {
			chatId: recipient?.telegramChatId ?? null,
			parts: rendered.telegram,
			text: rendered.telegram[0] ?? '',
			parseMode: 'HTML',
			buttons: { acknowledge, question },
			replyMarkup: { inline_keyboard: [[inline(acknowledge), inline(question)]] },
		},
		slack: {
			user: recipient?.slackUser ?? null,
			text: rendered.slack.text,
			blocks: [...rendered.slack.blocks, ...slackButtons],
		},
		email: { to: recipient?.email ?? null, ...rendered.email },
		markdown: rendered.markdown,
	};
}
