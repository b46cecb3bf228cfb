import {
	escapeHtml,
	escapeMarkdown,
	escapeSlack,
	escapeTelegram,
	renderAllChannels,
	renderBarChartSvg,
	renderEmailHtml,
	renderMarkdown,
	renderPlainText,
	renderSlack,
	renderTelegram,
	SLACK_MAX_BLOCKS,
	SLACK_SECTION_TEXT_LIMIT,
	TELEGRAM_MESSAGE_LIMIT,
} from '../../nodes/shared/render';
import type { Block, RenderDocument } from '../../nodes/shared/render';
import { buildReport, renderReport } from '../../nodes/shared/report';
import { deal, NASTY, NOW } from './fixtures';

/** Telegram's HTML mode accepts only these tags (core.telegram.org/bots/api#html-style). */
const TELEGRAM_TAGS = new Set(['b', 'i', 'u', 's', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler']);

/** Fails on a tag Telegram does not know or on tags that do not nest and close within the message. */
function expectValidTelegramHtml(message: string): void {
	const stack: string[] = [];
	for (const match of message.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
		const [, closing, tag] = match;
		expect(TELEGRAM_TAGS.has(tag)).toBe(true);
		if (closing) expect(stack.pop()).toBe(tag);
		else stack.push(tag);
	}
	expect(stack).toEqual([]);
	// Every & starts one of the four entities Telegram understands; a cut never leaves half an entity.
	expect(message.replace(/&(amp|lt|gt|quot);/g, '')).not.toContain('&');
}

function withoutCodeSpans(markdown: string): string {
	return markdown.replace(/`[^`]*`/g, '');
}

function telegramText(message: string): string {
	return message
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');
}

const nastyDocument: RenderDocument = {
	title: `Report for ${NASTY}`,
	language: 'en',
	blocks: [
		{ kind: 'heading', text: NASTY },
		{ kind: 'paragraph', text: ['Campaign ', { text: NASTY, bold: true }, ' did well'] },
		{ kind: 'list', items: [NASTY, { text: NASTY, code: true }] },
		{ kind: 'keyValue', pairs: [{ key: NASTY, value: NASTY }] },
		{
			kind: 'table',
			columns: [{ title: 'Campaign' }, { title: 'Leads', align: 'right' }],
			rows: [[NASTY, '3']],
		},
		{ kind: 'note', text: NASTY },
		{ kind: 'paragraph', text: { text: NASTY, href: 'https://example.com/?a=1&b="2"' } },
	],
};

describe('escaping of user strings', () => {
	it('escapes each channel’s special characters', () => {
		expect(escapeHtml(NASTY)).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
		expect(escapeTelegram(NASTY)).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
		expect(escapeSlack(NASTY)).toBe('&lt;b&gt;x&lt;/b&gt; &amp; "y"');
		expect(escapeMarkdown(NASTY)).toBe('\\<b\\>x\\</b\\> \\& "y"');
	});

	it('Markdown: the name never becomes markup', () => {
		const markdown = renderMarkdown(nastyDocument);
		// Inside a code span <b> is shown as typed, never rendered: that is the one place it may stay.
		expect(withoutCodeSpans(markdown)).not.toContain('<b>');
		expect(markdown).toContain('# Report for \\<b\\>x\\</b\\> \\& "y"');
		expect(markdown).toContain('Campaign **\\<b\\>x\\</b\\> \\& "y"** did well');
		expect(markdown).toContain('| \\<b\\>x\\</b\\> \\& "y" | 3 |');
		expect(markdown).toContain('- `<b>x</b> & "y"`');
		expect(markdown).toContain('[\\<b\\>x\\</b\\> \\& "y"](https://example.com/?a=1&b="2")');
	});

	it('Telegram: only allowed tags, the name escaped everywhere', () => {
		const messages = renderTelegram(nastyDocument);
		expect(messages).toHaveLength(1);
		expectValidTelegramHtml(messages[0]);
		expect(messages[0]).not.toContain('<b>x</b>');
		expect(messages[0]).toContain('<b>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</b>');
		expect(messages[0]).toContain('<code>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</code>');
		expect(messages[0]).toContain('<a href="https://example.com/?a=1&amp;b=&quot;2&quot;">');
		expect(telegramText(messages[0])).toContain(`Campaign ${NASTY} did well`);
	});

	it('Slack: & < > escaped in mrkdwn, the header shown literally', () => {
		const slack = renderSlack(nastyDocument);
		expect(slack.blocks[0]).toEqual({
			type: 'header',
			text: { type: 'plain_text', text: `Report for ${NASTY}`, emoji: true },
		});
		const mrkdwn = JSON.stringify(slack.blocks.slice(1));
		expect(mrkdwn).not.toContain('<b>');
		expect(mrkdwn).toContain('*&lt;b&gt;x&lt;/b&gt; &amp; \\"y\\"*');
		expect(mrkdwn).toContain(
			'<https://example.com/?a=1&b=\\"2\\"|&lt;b&gt;x&lt;/b&gt; &amp; \\"y\\">',
		);
		expect(slack.text).toBe(
			'Report for &lt;b&gt;x&lt;/b&gt; &amp; "y" — Campaign &lt;b&gt;x&lt;/b&gt; &amp; "y" did well',
		);
	});

	it('E-mail: escaped HTML with inline styles, and the plain-text part as typed', () => {
		const html = renderEmailHtml(nastyDocument);
		expect(html).not.toContain('<b>x</b>');
		expect(html).toContain('<title>Report for &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</title>');
		expect(html).toContain('<strong>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</strong>');
		expect(html).toContain('href="https://example.com/?a=1&amp;b=&quot;2&quot;"');
		expect(html).not.toMatch(/<style|class=/);
		const text = renderPlainText(nastyDocument);
		expect(text).toContain(`Campaign ${NASTY} did well`);
		expect(text).toContain(`${NASTY} (https://example.com/?a=1&b="2")`);
	});

	it('SVG chart: category names are escaped', () => {
		const svg = renderBarChartSvg({
			title: NASTY,
			categories: [NASTY],
			series: [{ label: 'Won', color: '#2e7d32', values: [3] }],
		});
		expect(svg).not.toContain('<b>');
		expect(svg).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
	});

	it('turns only safe link schemes into links', () => {
		const doc: RenderDocument = {
			title: 't',
			blocks: [{ kind: 'paragraph', text: { text: 'click', href: 'javascript:alert(1)' } }],
		};
		const all = renderAllChannels(doc);
		expect(all.markdown).not.toContain('javascript');
		expect(all.telegram[0]).not.toContain('javascript');
		expect(all.email.html).not.toContain('javascript');
		expect(JSON.stringify(all.slack)).not.toContain('javascript');
	});

	it('a whole report with a campaign named <b>x</b> & "y" breaks no output', () => {
		const deals = [
			deal({
				utm: { source: 'vk', campaign: NASTY },
				title: NASTY,
				status: 'won',
				amount: 10,
				currency: 'RUB',
			}),
			deal({
				utm: { source: 'vk', campaign: NASTY },
				title: NASTY,
				status: 'lost',
				lostReason: NASTY,
			}),
		];
		for (const report of ['leadQuality', 'lostReasons', 'verdict', 'attributionHealth'] as const) {
			const built = buildReport(deals, {
				report,
				groupBy: report === 'attributionHealth' ? ['utmCampaign'] : ['utmCampaign'],
				now: NOW,
				verdictMinLost: 1,
			});
			const out = renderReport(built);
			expect(withoutCodeSpans(out.markdown)).not.toContain('<b>');
			out.telegram.forEach(expectValidTelegramHtml);
			expect(out.telegram.join('')).not.toContain('<b>x</b>');
			expect(JSON.stringify(out.slack.blocks.slice(1))).not.toContain('<b>');
			expect(out.email.html).not.toContain('<b>x</b>');
			expect(out.email.text).toContain(NASTY);
			if (built.chart) expect(built.chart.svg).not.toContain('<b>x</b>');
		}
	});
});

describe('Markdown block markers', () => {
	it('escapes markers only where a line starts', () => {
		const markdown = renderMarkdown({
			title: '# title #',
			blocks: [
				{ kind: 'heading', text: 'Sale #' },
				{ kind: 'paragraph', text: '# not a heading' },
				{ kind: 'paragraph', text: 'line one\n- not a list\n1. nor this\n===' },
				{ kind: 'list', items: ['2. item'] },
				{ kind: 'table', columns: [{ title: 'A' }], rows: [['35.9%'], ['-1.2%']] },
			],
		});
		// A leading # in a heading is text; a trailing one would be read as the closing sequence.
		expect(markdown).toContain('# # title \\#\n');
		expect(markdown).toContain('## Sale \\#\n');
		expect(markdown).toContain('\n\\# not a heading\n');
		expect(markdown).toContain('line one\n\\- not a list\n1\\. nor this\n\\===');
		expect(markdown).toContain('- 2\\. item');
		expect(markdown).toContain('| 35.9% |');
		expect(markdown).toContain('| -1.2% |');
	});
});

describe('Telegram splitting', () => {
	const rows = Array.from({ length: 400 }, (_, index) => [`channel_${index} <&>`, String(index)]);
	const bigTable: RenderDocument = {
		title: 'Big',
		blocks: [
			{ kind: 'paragraph', text: 'Intro' },
			{ kind: 'table', columns: [{ title: 'Channel' }, { title: 'Leads' }], rows },
			{ kind: 'note', text: 'The end' },
		],
	};

	it('splits at the 4,096 limit between lines, with every row whole in exactly one message', () => {
		const messages = renderTelegram(bigTable);
		expect(messages.length).toBeGreaterThan(1);
		for (const message of messages) {
			expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
			expectValidTelegramHtml(message);
		}
		const plain = messages.map(telegramText);
		rows.forEach(([name, leads]) => {
			const line = `${name} — Leads: ${leads}`;
			expect(plain.filter((text) => text.split('\n').includes(line))).toHaveLength(1);
		});
		expect(plain[0].startsWith('Big\n\nIntro')).toBe(true);
		expect(plain[plain.length - 1].endsWith('The end')).toBe(true);
	});

	it('cuts a single over-long text without breaking an entity, a tag or an emoji', () => {
		const long = `${'&'.repeat(3000)}${'😀'.repeat(3000)}`;
		const messages = renderTelegram({
			title: 'T',
			blocks: [{ kind: 'paragraph', text: { text: long, bold: true } }],
		});
		expect(messages.length).toBeGreaterThan(2);
		for (const message of messages) {
			expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
			expectValidTelegramHtml(message);
			expect(message).not.toMatch(
				/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
			);
		}
		expect(messages.map(telegramText).join('').replace(/\n/g, '')).toBe(`T${long}`);
	});

	it('moves a block that fits a message of its own to the next message rather than splitting it', () => {
		const filler = 'x'.repeat(3000);
		const items = Array.from({ length: 20 }, (_, index) => `item ${index} ${'y'.repeat(60)}`);
		const messages = renderTelegram({
			title: 'T',
			blocks: [
				{ kind: 'paragraph', text: filler },
				{ kind: 'list', items },
			],
		});
		expect(messages).toHaveLength(2);
		expect(telegramText(messages[1]).split('\n')).toHaveLength(20);
	});

	it('keeps every message within the limit even when a link address alone is longer than it', () => {
		const href = `https://example.com/?q=${'a'.repeat(5000)}`;
		const document: RenderDocument = {
			title: 'T',
			blocks: [{ kind: 'paragraph', text: ['See ', { text: 'the report', href }] }],
		};
		const messages = renderTelegram(document);
		for (const message of messages) {
			expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
			expectValidTelegramHtml(message);
		}
		expect(messages.map(telegramText).join('\n')).toContain('See the report');
		const sections = renderSlack(document).blocks.flatMap((block) =>
			block.type === 'section' ? [block.text.text] : [],
		);
		for (const text of sections) expect(text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
		expect(sections.join('')).toContain('See the report');
	});

	it('honours a smaller limit when asked', () => {
		const messages = renderTelegram(bigTable, 500);
		expect(messages.every((message) => message.length <= 500)).toBe(true);
	});
});

describe('Slack limits', () => {
	it('keeps every section under 3,000 characters', () => {
		const rows = Array.from({ length: 300 }, (_, index) => [
			`campaign_${index} & more`,
			String(index),
		]);
		const slack = renderSlack({
			title: 'T',
			blocks: [{ kind: 'table', columns: [{ title: 'Campaign' }, { title: 'Leads' }], rows }],
		});
		const sections = slack.blocks.filter((block) => block.type === 'section');
		expect(sections.length).toBeGreaterThan(1);
		for (const block of sections) {
			if (block.type === 'section')
				expect(block.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
		}
		const text = sections
			.map((block) => (block.type === 'section' ? block.text.text : ''))
			.join('\n');
		expect(text.split('\n')).toHaveLength(300);
	});

	it('cuts a single over-long line between characters, never inside an entity', () => {
		const slack = renderSlack({
			title: 'T',
			blocks: [{ kind: 'paragraph', text: '<'.repeat(2000) }],
		});
		const texts = slack.blocks.flatMap((block) =>
			block.type === 'section' ? [block.text.text] : [],
		);
		expect(texts).toHaveLength(3);
		for (const text of texts) {
			expect(text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
			expect(text.replace(/&lt;/g, '')).toBe('');
		}
	});

	it('stops at 50 blocks and says how many were left out', () => {
		const blocks: Block[] = Array.from({ length: 80 }, (_, index) => ({
			kind: 'paragraph',
			text: `p${index}`,
		}));
		const slack = renderSlack({ title: 'T', blocks }, (count) => `${count} more`);
		expect(slack.blocks).toHaveLength(SLACK_MAX_BLOCKS);
		expect(slack.blocks[SLACK_MAX_BLOCKS - 1]).toEqual({
			type: 'context',
			elements: [{ type: 'mrkdwn', text: '32 more' }],
		});
	});

	it('keeps a block free for the workflow link n8n’s Slack node appends, when asked', () => {
		const blocks: Block[] = Array.from({ length: 80 }, (_, index) => ({
			kind: 'paragraph',
			text: `p${index}`,
		}));
		expect(renderSlack({ title: 'T', blocks }, undefined, 49).blocks).toHaveLength(49);
		const many = Array.from({ length: 80 }, (_, index) =>
			deal({ source: `channel ${index}`, status: 'lost', lostReason: 'No answer' }),
		);
		const report = renderReport(
			buildReport(many, { report: 'verdict', now: NOW, maxGroupsInText: 80, verdictMinLost: 1 }),
		);
		expect(report.slack.blocks.length).toBeLessThanOrEqual(49);
	});

	it('shortens a header over 150 characters', () => {
		const slack = renderSlack({ title: 'h'.repeat(200), blocks: [] });
		const header = slack.blocks[0];
		expect(header.type === 'header' && Array.from(header.text.text)).toHaveLength(150);
	});
});
