/**
 * Escaping per channel, in one place. Each function takes plain text and returns text that the channel shows literally.
 */

/** HTML text and attribute values (e-mail HTML, SVG/XML). Escapes quotes too, so the result is safe in attributes. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

const HTML_ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/**
 * Telegram Bot API HTML mode understands only `&lt; &gt; &amp; &quot;` and numeric entities, and needs `& < >` escaped
 * in text (core.telegram.org/bots/api#html-style). `"` is escaped too because the same function is used in `href`.
 */
export function escapeTelegram(text: string): string {
	return text.replace(/[&<>"]/g, (char) => TELEGRAM_ENTITIES[char]);
}

const TELEGRAM_ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
};

/**
 * Slack mrkdwn: `& < >` are control characters (links, mentions) and must be written as entities; Slack asks not to
 * escape anything else (api.slack.com/reference/surfaces/formatting#escaping).
 */
export function escapeSlack(text: string): string {
	return text.replace(/[&<>]/g, (char) => HTML_ENTITIES[char]);
}

/** Heading `#`, list `-`/`+`/`1.`/`1)`, or a setext underline, followed by a space or the end of the line. */
const BLOCK_MARKER = String.raw`([ \t]*)(#{1,6}|[-+]|\d{1,9}[.)]|[=-]+(?=[ \t]*(?:\n|$)))(?=[ \t]|\n|$)`;
const BLOCK_MARKER_AT_ANY_LINE = new RegExp(`(^|\\n)${BLOCK_MARKER}`, 'g');
const BLOCK_MARKER_AFTER_NEWLINE = new RegExp(`(\\n)${BLOCK_MARKER}`, 'g');

/**
 * CommonMark: every ASCII punctuation character may be backslash-escaped. We escape the ones that start inline markup
 * anywhere (emphasis, code, links, raw HTML, entities, GFM tables and strikethrough) and, where a line starts, the
 * ones that start a block (headings, lists, setext underlines). `atLineStart` says whether the text itself begins a
 * line in the output; lines after a newline inside the text always do.
 */
export function escapeMarkdown(text: string, atLineStart = false): string {
	const inline = text.replace(/[\\`*_[\]<>&|~]/g, (char) => `\\${char}`);
	return inline.replace(
		atLineStart ? BLOCK_MARKER_AT_ANY_LINE : BLOCK_MARKER_AFTER_NEWLINE,
		(_match, newline: string, space: string, marker: string) => {
			const escaped = /[.)]$/.test(marker)
				? `${marker.slice(0, -1)}\\${marker.slice(-1)}`
				: `\\${marker}`;
			return `${newline}${space}${escaped}`;
		},
	);
}

/** Markdown link targets: spaces and parentheses would end the link early. */
export function escapeMarkdownUrl(url: string): string {
	return url.replace(/[ ()<>]/g, (char) => encodeURIComponent(char));
}

/** Slack `<url|text>` links end at `|` or `>`. */
export function escapeSlackUrl(url: string): string {
	return url.replace(/[|<> ]/g, (char) => encodeURIComponent(char));
}
