import type { ActionButton, Block, RenderDocument, Span } from './document';
import { plainText, safeHref, singleLine, tableRowAsLine, toSpans } from './document';
import { escapeSlack, escapeSlackUrl } from './escape';
import { fitLine } from './fit';

/** Block Kit limits (api.slack.com/reference/block-kit/blocks): 50 blocks per message, 3000 chars per section text, 150 per header. */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_SECTION_TEXT_LIMIT = 3000;
export const SLACK_HEADER_TEXT_LIMIT = 150;
/** Button element (api.slack.com/reference/block-kit/block-elements#button): text ≤ 75, url ≤ 3000 characters. */
export const SLACK_BUTTON_TEXT_LIMIT = 75;
export const SLACK_BUTTON_URL_LIMIT = 3000;
/** Actions block: at most 25 elements. */
export const SLACK_ACTIONS_LIMIT = 25;

export interface SlackButton {
	type: 'button';
	text: { type: 'plain_text'; text: string; emoji?: boolean };
	url: string;
	action_id: string;
	style?: 'primary';
}

export type SlackTextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };

export type SlackBlock =
	| { type: 'header'; text: SlackTextObject }
	| { type: 'section'; text: SlackTextObject }
	| { type: 'context'; elements: SlackTextObject[] }
	| { type: 'divider' };

/** Not in SlackBlock: renderSlack never emits it; slackActionsBlock makes it for the caller to append. */
export interface SlackActionsBlock {
	type: 'actions';
	elements: SlackButton[];
}

export interface SlackMessage {
	/** Notification / fallback text (mrkdwn). */
	text: string;
	blocks: SlackBlock[];
}

function wrap(text: string, marker: string): string {
	const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
	if (match === null || match[2] === '') return text;
	return `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

function renderSpan(span: Span): string {
	let out = escapeSlack(span.text);
	// Slack's inline code ends at a line break: keep it on one line.
	if (span.code) out = wrap(singleLine(out).replace(/`/g, 'ˋ'), '`');
	if (span.italic) out = wrap(out, '_');
	if (span.bold) out = wrap(out, '*');
	const href = safeHref(span.href);
	if (href !== null) out = `<${escapeSlackUrl(href)}|${out}>`;
	return out;
}

/**
 * Link buttons for a document's `actions`. renderSlack leaves them out of the message (like renderTelegram) so a
 * caller can put them where they must survive the block limit: render with one block less, then append this.
 */
export function slackActionsBlock(actions: ActionButton[]): SlackActionsBlock | null {
	const elements: SlackButton[] = [];
	for (const action of actions) {
		const href = safeHref(action.href);
		if (href === null || href.length > SLACK_BUTTON_URL_LIMIT) continue;
		if (elements.length === SLACK_ACTIONS_LIMIT) break;
		elements.push({
			type: 'button',
			// plain_text: Slack shows it literally (no mentions, no links), so only the length needs care.
			text: {
				type: 'plain_text',
				text: truncatePlain(singleLine(action.text), SLACK_BUTTON_TEXT_LIMIT),
				emoji: true,
			},
			url: href,
			action_id: action.id ?? `action-${elements.length}`,
			...(action.primary ? { style: 'primary' as const } : {}),
		});
	}
	return elements.length === 0 ? null : { type: 'actions', elements };
}

function blockLines(block: Exclude<Block, { kind: 'divider' }>): Span[][] {
	const oneLine = (spans: Span[]): Span[] =>
		spans.map((span) => ({ ...span, text: singleLine(span.text) }));
	switch (block.kind) {
		case 'heading':
			return [oneLine(toSpans(block.text)).map((span) => ({ ...span, bold: true }))];
		case 'paragraph':
		case 'note':
			return [toSpans(block.text)];
		case 'list':
			return block.items.map((item, index) => [
				{ text: block.ordered ? `${index + 1}. ` : '• ' },
				...oneLine(toSpans(item)),
			]);
		case 'keyValue':
			return block.pairs.map((pair) => [
				...oneLine(toSpans(pair.key)).map((span) => ({ ...span, bold: true })),
				{ text: ': ' },
				...oneLine(toSpans(pair.value)),
			]);
		case 'table':
			return block.rows.map((row) => tableRowAsLine(block.columns, row));
	}
}

/** Packs rendered lines into texts of at most `limit` characters. */
function packLines(lines: Span[][], limit: number): string[] {
	const texts: string[] = [];
	let current = '';
	for (const line of lines) {
		for (const piece of fitLine(line, limit, renderSpan)) {
			if (current === '') current = piece;
			else if (current.length + 1 + piece.length <= limit) current += `\n${piece}`;
			else {
				texts.push(current);
				current = piece;
			}
		}
	}
	if (current !== '') texts.push(current);
	return texts;
}

function truncatePlain(text: string, limit: number): string {
	const chars = Array.from(text);
	return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/**
 * Slack Block Kit message. `omittedNote` is shown (as the last block) when the document needs more blocks than
 * `maxBlocks` (Slack accepts 50); pass it in the document's language.
 */
export function renderSlack(
	document: RenderDocument,
	omittedNote: (omittedBlocks: number) => string = (count) => `… ${count} more blocks not shown`,
	maxBlocks: number = SLACK_MAX_BLOCKS,
): SlackMessage {
	const blocks: SlackBlock[] = [
		{
			type: 'header',
			text: {
				type: 'plain_text',
				text: truncatePlain(singleLine(document.title), SLACK_HEADER_TEXT_LIMIT),
				emoji: true,
			},
		},
	];
	for (const block of document.blocks) {
		if (block.kind === 'divider') {
			blocks.push({ type: 'divider' });
			continue;
		}
		for (const text of packLines(blockLines(block), SLACK_SECTION_TEXT_LIMIT)) {
			blocks.push(
				block.kind === 'note'
					? { type: 'context', elements: [{ type: 'mrkdwn', text }] }
					: { type: 'section', text: { type: 'mrkdwn', text } },
			);
		}
	}
	const limit = Math.max(2, Math.min(SLACK_MAX_BLOCKS, maxBlocks));
	if (blocks.length > limit) {
		const omitted = blocks.length - (limit - 1);
		blocks.length = limit - 1;
		blocks.push({
			type: 'context',
			elements: [{ type: 'mrkdwn', text: escapeSlack(omittedNote(omitted)) }],
		});
	}
	const firstParagraph = document.blocks.find((block) => block.kind === 'paragraph');
	const fallback = [document.title, firstParagraph ? plainText(firstParagraph.text) : '']
		.filter((part) => part !== '')
		.join(' — ');
	return {
		text: escapeSlack(truncatePlain(singleLine(fallback), SLACK_SECTION_TEXT_LIMIT - 10)),
		blocks,
	};
}
