/**
 * The strict Telegram HTML checker (test/support/telegramHtml.js) against the rules of
 * https://core.telegram.org/bots/api#html-style: every documented example passes, every breach is named.
 */
import { renderTelegram } from '../../nodes/shared/render';
import { checkTelegramHtml } from '../support/telegramHtml';

const problemsOf = (html: string): string[] => checkTelegramHtml(html).problems;

describe('strict Telegram HTML checker', () => {
	test.each([
		['<b>bold</b>, <strong>bold</strong>'],
		['<i>italic</i>, <em>italic</em>'],
		['<u>underline</u>, <ins>underline</ins>'],
		['<s>strikethrough</s>, <strike>strikethrough</strike>, <del>strikethrough</del>'],
		['<span class="tg-spoiler">spoiler</span>, <tg-spoiler>spoiler</tg-spoiler>'],
		[
			'<b>bold <i>italic bold <s>italic bold strikethrough <span class="tg-spoiler">italic bold strikethrough spoiler</span></s> <u>underline italic bold</u></i> bold</b>',
		],
		['<a href="http://www.example.com/">inline URL</a>'],
		['<a href="tg://user?id=123456789">inline mention of a user</a>'],
		['<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'],
		['<code>inline fixed-width code</code>'],
		['<pre>pre-formatted fixed-width code block</pre>'],
		['<pre><code class="language-python">pre-formatted code in Python</code></pre>'],
		['<blockquote>Block quotation started\nBlock quotation continued</blockquote>'],
		['<blockquote expandable>Expandable block quotation started</blockquote>'],
		['1 &lt; 2 &amp;&amp; 3 &gt; 2, &quot;quoted&quot;, &#128077; &#x1F44D;'],
		['<a href="https://x.test/?a=1&amp;b=2">link</a>'],
		['<b><a href="https://x.test/">bold link</a></b>'],
	])('the documented form %s passes', (html) => {
		expect(problemsOf(html)).toEqual([]);
	});

	test.each([
		['<br>', /not a tag Telegram supports/],
		['<p>para</p>', /not a tag Telegram supports/],
		['<script>alert(1)</script>', /not a tag Telegram supports/],
		['<B>upper</B>', /not a well-formed tag/],
		['<b>open', /never closed/],
		['close</b>', /closes nothing/],
		['<b><i>crossed</b></i>', /properly nested/],
		['1 < 2', /starts no complete tag|not a well-formed tag/],
		['a > b', /bare ">"/],
		['Tom & Jerry', /bare & must be &amp;/],
		['&nbsp;', /only &lt; &gt; &amp; &quot;/],
		['&apos;', /only &lt; &gt; &amp; &quot;/],
		['&#0;', /only &lt; &gt; &amp; &quot;/],
		['<a>no href</a>', /needs a non-empty href/],
		["<a href='x'>single quotes</a>", /not a well-formed tag/],
		['<a href="x" target="_blank">extra</a>', /attribute "target" is not allowed/],
		['<b class="x">x</b>', /attribute "class" is not allowed/],
		['<span>plain span</span>', /only allowed as <span class="tg-spoiler">/],
		['<span class="other">x</span>', /only allowed as <span class="tg-spoiler">/],
		['<tg-emoji>👍</tg-emoji>', /numeric emoji-id/],
		['<tg-emoji emoji-id="1"></tg-emoji>', /must contain an emoji/],
		['<code class="language-js">x</code>', /only allowed on <code> directly inside <pre>/],
		['<pre><code class="js">x</code></pre>', /must be "language-<name>"/],
		['<code><b>x</b></code>', /pre and code cannot contain/],
		['<pre><b>x</b></pre>', /pre and code cannot contain/],
		['<a href="https://x.test/"><code>x</code></a>', /cannot contain each other/],
		['<a href="https://x.test/"><a href="https://y.test/">x</a></a>', /cannot contain each other/],
		['<blockquote><blockquote>x</blockquote></blockquote>', /cannot be nested/],
		['<blockquote expandable="yes">x</blockquote>', /takes no value/],
		['<a href="https://x.test/?a=1&b=2">x</a>', /unescaped "&" in the attribute/],
		['<b></b>', /empty after entity parsing/],
		[`${'x'.repeat(4097)}`, /4097 characters after entity parsing/],
	])('%s is refused', (html, reason) => {
		const problems = problemsOf(html);
		expect(problems.length).toBeGreaterThan(0);
		expect(problems.join('\n')).toMatch(reason);
	});

	test('the length limit counts the text after entity parsing, not the markup', () => {
		const html = `<b>${'&amp;'.repeat(4096)}</b>`;
		expect(html.length).toBeGreaterThan(4096);
		const result = checkTelegramHtml(html);
		expect(result.problems).toEqual([]);
		expect(result.text).toBe('&'.repeat(4096));
	});

	test("the package's Telegram renderer passes it, hostile strings included", () => {
		const hostile =
			'<script>alert("x")</script> & &amp; <b> </i> &nbsp; <!channel> <@U123> *_`[]()~>#+-=|{}.!';
		const parts = renderTelegram({
			title: hostile,
			blocks: [
				{ kind: 'heading', text: hostile },
				{
					kind: 'paragraph',
					text: [hostile, { text: hostile, href: 'https://x.test/?a=1&b="2"' }],
				},
				{ kind: 'list', items: [hostile, { text: hostile, bold: true, italic: true, code: true }] },
				{ kind: 'keyValue', pairs: [{ key: hostile, value: hostile }] },
				{ kind: 'note', text: `${hostile}\n${hostile}` },
				{ kind: 'paragraph', text: `${hostile} `.repeat(400) },
			],
		});
		expect(parts.length).toBeGreaterThan(1);
		for (const part of parts) {
			expect(problemsOf(part)).toEqual([]);
			expect(part.length).toBeLessThanOrEqual(4096);
		}
	});
});
