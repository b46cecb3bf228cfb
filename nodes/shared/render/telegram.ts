import type { Block, RenderDocument, Span } from './document';
import { safeHref, singleLine, tableRowAsLine, toSpans } from './document';
import { escapeTelegram } from './escape';
import { fitLine } from './fit';

/** Bot API `sendMessage`: "Text of the message to be sent, 1-4096 characters after entities parsing". */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Telegram HTML allows only b/i/u/s/a/code/pre/blockquote/tg-spoiler (core.telegram.org/bots/api#html-style).
 * We emit b, i, code and a. Each span is rendered as a closed unit, so any cut between spans keeps tags balanced.
 */
function openTags(span: Span): { open: string; close: string } {
	let open = '';
	let close = '';
	const href = safeHref(span.href);
	if (href !== null) {
		open += `<a href="${escapeTelegram(href)}">`;
		close = `</a>${close}`;
	}
	if (span.bold) {
		open += '<b>';
		close = `</b>${close}`;
	}
	if (span.italic) {
		open += '<i>';
		close = `</i>${close}`;
	}
	if (span.code) {
		open += '<code>';
		close = `</code>${close}`;
	}
	return { open, close };
}

function renderSpan(span: Span): string {
	const { open, close } = openTags(span);
	return `${open}${escapeTelegram(span.text)}${close}`;
}

/** One line of a message. Lines never contain open tags across their ends, so messages can be cut between lines. */
type Line = Span[];

function blockLines(block: Block): Line[] {
	switch (block.kind) {
		case 'heading':
			return [toSpans(block.text).map((span) => ({ ...span, bold: true }))];
		case 'paragraph':
			// Keep the author's line breaks, but as separate lines so a long paragraph can be cut between them.
			return splitOnNewlines(toSpans(block.text));
		case 'note':
			return splitOnNewlines(toSpans(block.text).map((span) => ({ ...span, italic: true })));
		case 'list':
			return block.items.map((item, index) => [
				{ text: block.ordered ? `${index + 1}. ` : '• ' },
				...toSpans(item).map((span) => ({ ...span, text: singleLine(span.text) })),
			]);
		case 'keyValue':
			return block.pairs.map((pair) => [
				...toSpans(pair.key).map((span) => ({ ...span, text: singleLine(span.text), bold: true })),
				{ text: ': ' },
				...toSpans(pair.value).map((span) => ({ ...span, text: singleLine(span.text) })),
			]);
		case 'table':
			return block.rows.map((row) => tableRowAsLine(block.columns, row));
		case 'divider':
			return [[{ text: '———' }]];
	}
}

function splitOnNewlines(spans: Span[]): Line[] {
	const lines: Line[] = [[]];
	for (const span of spans) {
		const parts = span.text.split(/\r?\n/);
		parts.forEach((part, index) => {
			if (index > 0) lines.push([]);
			if (part !== '') lines[lines.length - 1].push({ ...span, text: part });
		});
	}
	return lines.filter((line) => line.length > 0);
}

/**
 * Renders the document as Telegram HTML messages, each at most `limit` characters (UTF-16 units, as Telegram counts).
 * Messages are cut between blocks when possible, otherwise between lines, and only as a last resort inside a line;
 * every message has balanced tags because every span is rendered closed.
 */
export function renderTelegram(
	document: RenderDocument,
	limit: number = TELEGRAM_MESSAGE_LIMIT,
): string[] {
	const messages: string[] = [];
	let current = '';
	const push = (piece: string, separator: string): void => {
		if (current === '') {
			current = piece;
		} else if (current.length + separator.length + piece.length <= limit) {
			current += separator + piece;
		} else {
			messages.push(current);
			current = piece;
		}
	};
	for (const piece of fitLine(
		[{ text: singleLine(document.title), bold: true }],
		limit,
		renderSpan,
	)) {
		push(piece, '\n');
	}
	for (const block of document.blocks) {
		const lines = blockLines(block);
		// Keep a short block together: if it does not fit the current message but fits a fresh one, start a new one.
		const rendered = lines.map((line) => fitLine(line, limit, renderSpan));
		const whole = rendered.map((pieces) => pieces.join('')).join('\n');
		if (
			current !== '' &&
			current.length + 2 + whole.length > limit &&
			whole.length <= limit &&
			rendered.every((pieces) => pieces.length === 1)
		) {
			messages.push(current);
			current = '';
		}
		let first = true;
		for (const pieces of rendered) {
			for (const piece of pieces) {
				push(piece, first ? '\n\n' : '\n');
				first = false;
			}
		}
	}
	if (current !== '') messages.push(current);
	return messages;
}
