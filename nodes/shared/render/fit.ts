import type { Span } from './document';

/**
 * Renders one line of spans as pieces of at most `limit` characters, for channels with a size limit (Telegram
 * messages, Slack sections). Each span is rendered whole and closed, so a cut between spans never breaks markup;
 * a span longer than the limit is cut on its plain text, so no escape or marker is split; a link whose address
 * alone fills the limit keeps its text and drops the address.
 */
export function fitLine(
	spans: Span[],
	limit: number,
	renderSpan: (span: Span) => string,
): string[] {
	const pieces: string[] = [];
	let current = '';
	for (const original of spans) {
		const span =
			original.href !== undefined && renderSpan({ ...original, text: 'x' }).length + 8 > limit
				? { ...original, href: undefined }
				: original;
		const rendered = renderSpan(span);
		if (current.length + rendered.length <= limit) {
			current += rendered;
			continue;
		}
		if (current !== '') pieces.push(current);
		current = '';
		if (rendered.length <= limit) {
			current = rendered;
			continue;
		}
		const cut = cutSpan(span, limit, renderSpan);
		pieces.push(...cut.slice(0, -1));
		current = cut[cut.length - 1] ?? '';
	}
	if (current !== '') pieces.push(current);
	return pieces;
}

/** Cuts a span's text into rendered pieces that each fit `limit`; iterates code points, so no surrogate is split. */
function cutSpan(span: Span, limit: number, renderSpan: (span: Span) => string): string[] {
	// 'x' needs no escaping in any channel: what it renders to beyond one character is the span's markup.
	const markup = renderSpan({ ...span, text: 'x' }).length - 1;
	const budget = Math.max(1, limit - markup);
	const pieces: string[] = [];
	let chunk = '';
	let chunkLength = 0;
	for (const char of span.text) {
		const escapedLength = renderSpan({ text: char }).length;
		if (chunkLength + escapedLength > budget && chunk !== '') {
			pieces.push(renderSpan({ ...span, text: chunk }));
			chunk = '';
			chunkLength = 0;
		}
		chunk += char;
		chunkLength += escapedLength;
	}
	if (chunk !== '') pieces.push(renderSpan({ ...span, text: chunk }));
	return pieces;
}
