/**
 * Channel messages of a brief (nodes/shared/brief/messages.ts): signed buttons per recipient, the Telegram envelope,
 * Slack link buttons within 49 blocks, e-mail buttons — on a hand-made document, so these checks do not depend on the
 * templates (test/brief/node.test.ts runs the whole node).
 */
import type { RenderDocument, SlackActionsBlock, SlackBlock } from '../../nodes/shared/render';
import { renderAllChannels, slackActionsBlock } from '../../nodes/shared/render';
import {
	ALL_RECIPIENTS_ID,
	BUTTON_TEXTS,
	buildBriefMessages,
	signedLinkUrl,
} from '../../nodes/shared/brief/messages';
import { verifyCallback, verifyLink } from '../../nodes/shared/brief/signing';
import type { Brief, BriefRecipient } from '../../nodes/shared/brief/types';
import { checkTelegramHtml } from '../support/telegramHtml';

const SECRET = 'm'.repeat(16) + '0123456789abcdef';
const FEEDBACK_URL = 'https://n8n.example.com/webhook/sales-feedback';
const HOSTILE =
	'<script>alert("x")</script> & &amp; <!channel> <@U024BE7LH> *bold* _i_ `c` ~s~ >quote';

const brief: Brief = {
	id: 'a1B2c3D4e5F6',
	version: 3,
	changedBecause: 'Reps asked for it',
	assetType: 'salesScript',
	title: 'Inbound call script',
	cause: 'Lost at the first call',
	evidenceUrl: null,
	change: 'Open with the delivery date',
	expectedEffect: {
		metric: 'winRate',
		baseline: 21,
		target: 27,
		reviewDate: '2026-07-01',
		scope: { pipeline: null, channel: null, owner: null },
	},
	howToUse: ['Ask when they need it'],
	objections: [],
	links: [],
	audience: null,
	ackRequired: true,
	deadline: null,
	language: 'en',
	releasedAt: '2026-06-01T09:00:00.000Z',
};

const anna: BriefRecipient = {
	id: 'anna.smirnova@acme',
	name: 'Anna',
	telegramChatId: '-1001234567890',
	slackUser: 'U012AB3CD',
	email: 'anna@acme.example',
};

function document(blocks: RenderDocument['blocks'] = []): RenderDocument {
	return {
		title: HOSTILE,
		language: 'en',
		blocks: [
			{ kind: 'paragraph', text: HOSTILE },
			{ kind: 'list', items: [HOSTILE, HOSTILE] },
			...blocks,
		],
	};
}

const options = { feedbackUrl: FEEDBACK_URL, secret: SECRET, telegramButtons: 'url' as const };

function mrkdwnTexts(blocks: Array<SlackBlock | SlackActionsBlock>): string[] {
	const texts: string[] = [];
	for (const block of blocks) {
		if (block.type === 'section' && block.text.type === 'mrkdwn') texts.push(block.text.text);
		if (block.type === 'context') {
			for (const element of block.elements) if (element.type === 'mrkdwn') texts.push(element.text);
		}
	}
	return texts;
}

function queryOf(url: string): Record<string, string> {
	return Object.fromEntries(new URL(url).searchParams.entries());
}

describe('brief messages', () => {
	test('every link and callback is signed for this brief, version, recipient and action', () => {
		const messages = buildBriefMessages(brief, document(), anna, options);
		const { acknowledge, question } = messages.telegram.buttons;
		for (const [button, action] of [
			[acknowledge, 'ack'],
			[question, 'question'],
		] as const) {
			expect(button.url.startsWith(`${FEEDBACK_URL}?`)).toBe(true);
			expect(verifyLink(queryOf(button.url), SECRET)).toEqual({
				ok: true,
				claims: { briefId: brief.id, version: 3, recipientId: anna.id, action },
			});
			expect(verifyCallback(button.callbackData, SECRET)).toEqual({
				ok: true,
				claims: { briefId: brief.id, version: 3, recipientId: anna.id, action },
			});
			expect(Buffer.byteLength(button.callbackData ?? '', 'utf8')).toBeLessThanOrEqual(64);
			expect(button.callbackData?.startsWith('nhitl1|')).toBe(false);
			// A link signed with another key does not verify: the signature is real, not decoration.
			expect(verifyLink(queryOf(button.url), `${SECRET}-other`)).toEqual({
				ok: false,
				reason: 'bad-signature',
			});
		}
		expect(acknowledge.text).toBe('Read, understood');
		expect(question.text).toBe('I have a question');
	});

	test('without a recipient the buttons are signed for "all"', () => {
		const messages = buildBriefMessages(brief, document(), null, options);
		const result = verifyLink(queryOf(messages.telegram.buttons.acknowledge.url), SECRET);
		expect(result.ok && result.claims.recipientId).toBe(ALL_RECIPIENTS_ID);
		expect(messages.telegram.chatId).toBeNull();
		expect(messages.slack.user).toBeNull();
		expect(messages.email.to).toBeNull();
	});

	test('the longest claims still give callback data within 64 bytes', () => {
		const longest: Brief = { ...brief, id: 'Z'.repeat(12), version: 999 };
		const recipient: BriefRecipient = { ...anna, id: 'r'.repeat(32) };
		const messages = buildBriefMessages(longest, document(), recipient, options);
		expect(Buffer.byteLength(messages.telegram.buttons.question.callbackData ?? '', 'utf8')).toBe(
			64,
		);
	});

	test('replyMarkup is a complete inline keyboard, links or callbacks as chosen', () => {
		const links = buildBriefMessages(brief, document(), anna, options).telegram;
		expect(links.replyMarkup).toEqual({
			inline_keyboard: [
				[
					{ text: 'Read, understood', url: links.buttons.acknowledge.url },
					{ text: 'I have a question', url: links.buttons.question.url },
				],
			],
		});
		const callbacks = buildBriefMessages(brief, document(), anna, {
			...options,
			telegramButtons: 'callback',
		}).telegram;
		expect(callbacks.replyMarkup).toEqual({
			inline_keyboard: [
				[
					{ text: 'Read, understood', callback_data: callbacks.buttons.acknowledge.callbackData },
					{ text: 'I have a question', callback_data: callbacks.buttons.question.callbackData },
				],
			],
		});
		expect(links.chatId).toBe(anna.telegramChatId);
		expect(links.parseMode).toBe('HTML');
		expect(links.text).toBe(links.parts[0]);
	});

	test('Russian briefs get Russian buttons everywhere', () => {
		const messages = buildBriefMessages({ ...brief, language: 'ru' }, document(), anna, options);
		expect(messages.telegram.buttons.acknowledge.text).toBe('Прочитал, понятно');
		expect(messages.telegram.buttons.question.text).toBe('Есть вопрос');
		expect(BUTTON_TEXTS.ru).toEqual({ ack: 'Прочитал, понятно', question: 'Есть вопрос' });
		expect(messages.email.html).toContain('Прочитал, понятно');
		expect(messages.markdown).toContain('Есть вопрос');
	});

	test('an existing query on the Feedback Trigger URL is kept and a fragment dropped', () => {
		const claims = { briefId: brief.id, version: 1, recipientId: 'all', action: 'ack' as const };
		const url = signedLinkUrl('https://n8n.example.com/webhook/x?team=inbound#top', claims, SECRET);
		expect(url.startsWith('https://n8n.example.com/webhook/x?team=inbound&b=')).toBe(true);
		expect(url).not.toContain('#');
		expect(verifyLink(queryOf(url), SECRET).ok).toBe(true);
	});

	test('a document too long for one message splits, every part passes the strict checker, buttons stay out of the text', () => {
		const long = Array.from({ length: 60 }, () => ({
			kind: 'paragraph' as const,
			text: `${HOSTILE} `.repeat(8),
		}));
		const messages = buildBriefMessages(brief, document(long), anna, options);
		expect(messages.telegram.parts.length).toBeGreaterThan(1);
		for (const part of messages.telegram.parts) {
			expect(part.length).toBeLessThanOrEqual(4096);
			expect(checkTelegramHtml(part).problems).toEqual([]);
			expect(part).not.toContain('<script');
			expect(part).not.toContain('s=');
		}
	});

	test('Slack: at most 49 blocks, the two link buttons last even when content is cut, no mention leaks', () => {
		const long = Array.from({ length: 80 }, () => ({ kind: 'paragraph' as const, text: HOSTILE }));
		const messages = buildBriefMessages(brief, document(long), anna, options);
		const blocks = messages.slack.blocks;
		expect(blocks.length).toBeLessThanOrEqual(49);
		const last = blocks[blocks.length - 1] as SlackActionsBlock;
		expect(last.type).toBe('actions');
		expect(last.elements.map((element) => [element.text.text, element.url])).toEqual([
			['Read, understood', messages.telegram.buttons.acknowledge.url],
			['I have a question', messages.telegram.buttons.question.url],
		]);
		expect(blocks[blocks.length - 2].type).toBe('context');
		// mrkdwn texts (and the notification text) parse <!channel> and <@U…>; plain_text (header, buttons) does not.
		const mrkdwn = [messages.slack.text, ...mrkdwnTexts(blocks)];
		expect(
			mrkdwn.filter((text) => text.includes('&lt;!channel&gt; &lt;@U024BE7LH&gt;')).length,
		).toBeGreaterThan(40);
		for (const text of mrkdwn) {
			expect(text).not.toMatch(/<[!@#]/);
			expect(text).not.toContain('<script');
		}
		expect(messages.slack.user).toBe(anna.slackUser);
	});

	test('Slack without cutting: the actions block follows the content', () => {
		const messages = buildBriefMessages(brief, document(), anna, options);
		expect(messages.slack.blocks.map((block) => block.type)).toEqual([
			'header',
			'section',
			'section',
			'actions',
		]);
	});

	test('e-mail: the buttons are links with the signed URLs, nothing user-supplied is raw HTML', () => {
		const messages = buildBriefMessages(brief, document(), anna, options);
		expect(messages.email.to).toBe(anna.email);
		expect(messages.email.html).not.toContain('<script');
		const escapedUrl = messages.telegram.buttons.acknowledge.url.replace(/&/g, '&amp;');
		expect(messages.email.html).toContain(`href="${escapedUrl}"`);
		expect(messages.email.text).toContain(
			`Read, understood: ${messages.telegram.buttons.acknowledge.url}`,
		);
		expect(messages.markdown).toContain(`(${messages.telegram.buttons.question.url})`);
		expect(messages.markdown).not.toMatch(/(^|[^\\])<script/);
		expect(messages.markdown).toContain('\\<script\\>');
	});
});

describe('document actions in the shared renderers', () => {
	const doc: RenderDocument = {
		title: 'T',
		blocks: [{ kind: 'paragraph', text: 'Body' }],
		actions: [
			{ text: 'Good <b>', href: 'https://x.test/?a=1&b=2', primary: true },
			{ text: 'Evil', href: 'javascript:alert(1)' },
		],
	};

	test('links only with a safe address, text escaped per channel, none in Telegram or renderSlack', () => {
		const rendered = renderAllChannels(doc);
		expect(rendered.email.html).toContain('href="https://x.test/?a=1&amp;b=2"');
		expect(rendered.email.html).toContain('>Good &lt;b&gt;</a>');
		expect(rendered.email.html).not.toContain('javascript');
		expect(rendered.email.text).toContain('Good <b>: https://x.test/?a=1&b=2');
		expect(rendered.email.text).not.toContain('Evil');
		expect(rendered.markdown).toContain('[**Good \\<b\\>**](https://x.test/?a=1&b=2)');
		expect(rendered.markdown).not.toContain('javascript');
		expect(rendered.telegram.join('')).not.toContain('Good');
		expect(rendered.slack.blocks.map((block) => block.type)).toEqual(['header', 'section']);
		expect(slackActionsBlock(doc.actions ?? [])).toEqual({
			type: 'actions',
			elements: [
				{
					type: 'button',
					text: { type: 'plain_text', text: 'Good <b>', emoji: true },
					url: 'https://x.test/?a=1&b=2',
					action_id: 'action-0',
					style: 'primary',
				},
			],
		});
	});

	test('actions without a usable link render nothing anywhere', () => {
		const none: RenderDocument = {
			title: 'T',
			blocks: [{ kind: 'paragraph', text: 'Body' }],
			actions: [{ text: 'x', href: 'ftp://x' }],
		};
		const rendered = renderAllChannels(none);
		expect(rendered.markdown).toBe('# T\n\nBody\n');
		expect(rendered.email.text).toBe('T\n=\n\nBody\n');
		expect(rendered.email.html).not.toContain('ftp');
		expect(slackActionsBlock([{ text: 'x', href: 'ftp://x' }])).toBeNull();
	});
});

describe('e-mail styles', () => {
	test('no style attribute is cut short by a double quote inside it (the font list fell back to serif)', () => {
		const { html } = renderAllChannels({
			title: 'T',
			blocks: [{ kind: 'paragraph', text: 'x' }],
		}).email;
		const styles = [...html.matchAll(/style="([^"]*)"/g)].map((match) => match[1]);
		expect(styles.length).toBeGreaterThan(2);
		const body = styles.find((style) => style.startsWith('margin:0;padding:24px'));
		expect(body).toContain('sans-serif;');
		// Every style attribute ends where its declarations end: no stray `Segoe UI",…` after it.
		expect(html).not.toMatch(/style="[^"]*"[^ >]/);
	});
});
