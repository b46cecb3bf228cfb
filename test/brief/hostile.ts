import type { RenderedChannels, SlackBlock } from '../../nodes/shared/render';

/** Markup of every channel a brief goes to, as a user might type it into any field. */
export const HOSTILE =
	'<script>alert(1)</script> & &amp; <b>bold</b> <!channel> <!here> <@U123> <#C42|general> ' +
	'*bold* _it_ ~gone~ `code` [x](https://evil.example) | a | \\ > quote\n# heading\n- item\n1. one';

/** A URL that passes validation but carries characters every format must escape in an attribute or link. */
export const HOSTILE_URL = 'https://evil.example/?q=<script>&a="x"\'|y>z(1)';

const TELEGRAM_TAG = /<\/?(b|i|u|s|code|pre|blockquote)>|<a href="[^"<>]*">|<\/a>/g;

function decodeHtml(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/** Entities Telegram's HTML mode accepts (core.telegram.org/bots/api#html-style): the four named ones and numeric. */
const TELEGRAM_ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;

/** The mrkdwn texts of the blocks (plain_text objects, e.g. the header, are shown literally by Slack). */
function slackMrkdwnTexts(blocks: SlackBlock[]): string[] {
	const out: string[] = [];
	const walk = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(walk);
		else if (value !== null && typeof value === 'object') {
			const object = value as Record<string, unknown>;
			if (object.type === 'mrkdwn' && typeof object.text === 'string') out.push(object.text);
			Object.values(object).forEach(walk);
		}
	};
	walk(blocks);
	return out;
}

/**
 * Checks that the user's markup came out as text: Telegram HTML holds only the tags Telegram accepts and escaped text;
 * Slack mrkdwn has no raw `<!…>`, `<@…>`, `<#…>` or `&`; e-mail HTML has no user tag; Markdown has every inline
 * marker escaped. And the text itself is still there, readable.
 */
export function assertNoMarkupLeak(channels: RenderedChannels): void {
	for (const message of channels.telegram) {
		const withoutTags = message.replace(TELEGRAM_TAG, '');
		expect(withoutTags).not.toMatch(/[<>]/);
		expect(withoutTags.replace(TELEGRAM_ENTITY, '')).not.toContain('&');
		for (const href of message.match(/<a href="([^"]*)">/g) ?? []) {
			expect(href).not.toMatch(/<a href="[^"]*[<>][^"]*">/);
		}
	}
	const telegramText = decodeHtml(channels.telegram.join('\n').replace(TELEGRAM_TAG, ''));
	expect(telegramText).toContain('<script>alert(1)</script> & &amp; <b>bold</b> <!channel>');

	const mrkdwn = slackMrkdwnTexts(channels.slack.blocks);
	expect(mrkdwn.length).toBeGreaterThan(3);
	for (const text of [channels.slack.text, ...mrkdwn]) {
		// The only '<' Slack may see is the start of a link the renderer wrote: <https://…|text>.
		for (const match of text.matchAll(/<([^>]*)>?/g)) {
			expect(match[1]).toMatch(/^(https?:\/\/|mailto:)[^|<>\s]*\|[^<>]*$/);
		}
		// A link's own URL may hold '&' between query parameters; the text around and inside links may not.
		const outsideUrls = text.replace(/<(https?:\/\/|mailto:)[^|<>\s]*\|/g, '');
		expect(outsideUrls.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
		expect(text).not.toContain('<!channel>');
		expect(text).not.toContain('<@U123>');
	}
	expect(JSON.stringify(channels.slack.blocks)).toContain('&lt;!channel&gt;');

	for (const html of [channels.email.html]) {
		expect(html).not.toMatch(/<script|<b>bold|<\/script>/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toContain('"x"');
	}
	expect(channels.email.text).toContain('<script>alert(1)</script>');
	expect(channels.email.subject).not.toMatch(/[\r\n]/);

	const md = channels.markdown;
	expect(md).not.toContain('<script>');
	expect(md).toContain('\\<script\\>');
	expect(md).toContain('\\*bold\\*');
	expect(md).toContain('\\[x\\](https://evil.example)');
	expect(md).not.toMatch(/\n# heading/);
	expect(md).not.toMatch(/\(https:\/\/evil\.example\/\?q=<script>/);
}
