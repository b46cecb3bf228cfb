'use strict';
/**
 * A STRICT checker of Telegram Bot API "HTML style" text (parse_mode = "HTML"), written from the specification at
 * https://core.telegram.org/bots/api#html-style (and #formatting-options for the nesting rules):
 *
 *   - "Only the tags mentioned above are currently supported": b, strong, i, em, u, ins, s, strike, del,
 *     span class="tg-spoiler", tg-spoiler, a href="…", tg-emoji emoji-id="…", code, pre, pre > code class="language-…",
 *     blockquote, blockquote expandable.
 *   - "All <, > and & symbols that are not a part of a tag or an HTML entity must be replaced with the corresponding
 *     HTML entities".
 *   - "All numerical HTML entities are supported"; "only the following named HTML entities: &lt;, &gt;, &amp; and
 *     &quot;".
 *   - "Use nested pre and code tags, to define programming language for pre entity"; "Programming language can't be
 *     specified for standalone code tags".
 *   - Nesting (#formatting-options): "If two entities have common characters, then one of them is fully contained inside
 *     another"; "bold, italic, underline, strikethrough, and spoiler entities can contain and can be part of any other
 *     entities, except pre and code"; "blockquote and expandable_blockquote entities can't be nested"; "All other
 *     entities can't contain each other".
 *   - sendMessage `text`: "1-4096 characters after entities parsing" (counted here in UTF-16 code units, as Telegram
 *     counts).
 *
 * Stricter than Telegram where Telegram is lenient (so our output never depends on leniency): tag and attribute names
 * must be lower case, attribute values double-quoted, no attribute other than the documented ones, a closing tag must
 * close the innermost open tag with the same name, no `>` in text. Plain JavaScript so a fake Telegram server (Node
 * `http`) can reuse it.
 *
 * `checkTelegramHtml(html)` → `{ problems: string[], text: string }` (text = the message after entity parsing).
 */

const FORMATTING = new Set([
	'b',
	'strong',
	'i',
	'em',
	'u',
	'ins',
	's',
	'strike',
	'del',
	'tg-spoiler',
]);
const OTHER = new Set(['a', 'tg-emoji', 'code', 'pre', 'blockquote']);
const MESSAGE_LIMIT = 4096;

const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decodes one entity at `html[index] === '&'`; returns { value, end } or null when it is not a supported entity. */
function readEntity(html, index) {
	const match = /^&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));/.exec(
		html.slice(index, index + 16),
	);
	if (match === null) return null;
	let value;
	if (match[1] !== undefined || match[2] !== undefined) {
		const code = match[1] !== undefined ? parseInt(match[1], 10) : parseInt(match[2], 16);
		if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
		value = String.fromCodePoint(code);
	} else {
		if (!Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, match[3])) return null;
		value = NAMED_ENTITIES[match[3]];
	}
	return { value, end: index + match[0].length };
}

/** Decodes entities of an attribute value; pushes problems for bad ones. */
function decodeAttribute(raw, problems, where) {
	let out = '';
	for (let index = 0; index < raw.length; index++) {
		const char = raw[index];
		if (char === '<') {
			problems.push(`"<" inside the attribute value of ${where}`);
		} else if (char === '&') {
			const entity = readEntity(raw, index);
			if (entity === null) {
				problems.push(`unsupported or unescaped "&" in the attribute value of ${where}`);
			} else {
				out += entity.value;
				index = entity.end - 1;
				continue;
			}
		}
		out += char;
	}
	return out;
}

/** Parses `<…>` starting at `index`; returns { end, closing, name, attributes } or { end, error }. */
function readTag(html, index) {
	const close = html.indexOf('>', index);
	if (close === -1)
		return { end: html.length, error: 'a "<" that starts no complete tag (escape it as &lt;)' };
	const body = html.slice(index + 1, close);
	const closing = /^\/([a-z][a-z-]*)$/.exec(body);
	if (closing) return { end: close + 1, closing: true, name: closing[1], attributes: [] };
	const open = /^([a-z][a-z-]*)((?:\s+[a-z][a-z-]*(?:="[^"]*")?)*)\s*$/.exec(body);
	if (!open) {
		return {
			end: close + 1,
			error: `"<${body.slice(0, 40)}>" is not a well-formed tag (lower-case name, double-quoted attributes)`,
		};
	}
	const attributes = [];
	const attributeRe = /\s+([a-z][a-z-]*)(?:="([^"]*)")?/g;
	let match;
	while ((match = attributeRe.exec(open[2])) !== null) {
		attributes.push({ name: match[1], value: match[2] });
	}
	return { end: close + 1, closing: false, name: open[1], attributes };
}

function attributeProblems(tag, parent, problems) {
	const names = tag.attributes.map((attribute) => attribute.name);
	const where = `<${tag.name}>`;
	if (new Set(names).size !== names.length) problems.push(`repeated attribute in ${where}`);
	const only = (allowed) => {
		for (const name of names) {
			if (!allowed.includes(name)) problems.push(`attribute "${name}" is not allowed in ${where}`);
		}
	};
	const value = (name) => {
		const attribute = tag.attributes.find((candidate) => candidate.name === name);
		if (attribute === undefined) return undefined;
		if (attribute.value === undefined) return null;
		return decodeAttribute(attribute.value, problems, where);
	};
	switch (tag.name) {
		case 'a': {
			only(['href']);
			const href = value('href');
			if (href === undefined || href === null || href.trim() === '') {
				problems.push('<a> needs a non-empty href="…"');
			}
			break;
		}
		case 'span': {
			only(['class']);
			if (value('class') !== 'tg-spoiler')
				problems.push('<span> is only allowed as <span class="tg-spoiler">');
			break;
		}
		case 'tg-emoji': {
			only(['emoji-id']);
			const id = value('emoji-id');
			if (typeof id !== 'string' || !/^[0-9]+$/.test(id))
				problems.push('<tg-emoji> needs a numeric emoji-id="…"');
			break;
		}
		case 'code': {
			only(['class']);
			const language = value('class');
			if (language !== undefined) {
				if (parent !== 'pre') {
					problems.push(
						'a programming language (class) is only allowed on <code> directly inside <pre>',
					);
				}
				if (typeof language !== 'string' || !/^language-[^\s"]+$/.test(language)) {
					problems.push('<code class> must be "language-<name>"');
				}
			}
			break;
		}
		case 'blockquote': {
			only(['expandable']);
			const expandable = tag.attributes.find((attribute) => attribute.name === 'expandable');
			if (expandable !== undefined && expandable.value !== undefined) {
				problems.push('<blockquote expandable> takes no value');
			}
			break;
		}
		default:
			only([]);
	}
}

/** Whether an entity of kind `child` may be opened inside the open entities `stack` (kinds, outermost first). */
function nestingProblem(child, stack) {
	const parent = stack[stack.length - 1];
	for (const open of stack) {
		if (open === 'code' || (open === 'pre' && !(child === 'code' && parent === 'pre'))) {
			return `<${child}> inside <${open}>: pre and code cannot contain other entities`;
		}
	}
	if (child === 'blockquote' && stack.includes('blockquote'))
		return 'blockquote entities cannot be nested';
	if (OTHER.has(child)) {
		for (const open of stack) {
			if (OTHER.has(open) && !(child === 'code' && open === 'pre' && parent === 'pre')) {
				return `<${child}> inside <${open}>: these entities cannot contain each other`;
			}
		}
	}
	return null;
}

/** The entity kind of a tag (span class="tg-spoiler" is the spoiler entity). */
function kindOf(name) {
	if (name === 'span') return 'tg-spoiler';
	return name;
}

function checkTelegramHtml(html) {
	const problems = [];
	if (typeof html !== 'string') return { problems: ['the message is not a string'], text: '' };
	let text = '';
	/** Open tags: { name, kind, textStart, hasChild }. */
	const stack = [];
	for (let index = 0; index < html.length; index++) {
		const char = html[index];
		if (char === '<') {
			const tag = readTag(html, index);
			index = tag.end - 1;
			if (tag.error) {
				problems.push(tag.error);
				continue;
			}
			if (!FORMATTING.has(tag.name) && !OTHER.has(tag.name) && tag.name !== 'span') {
				problems.push(`<${tag.closing ? '/' : ''}${tag.name}> is not a tag Telegram supports`);
				continue;
			}
			if (tag.closing) {
				const top = stack[stack.length - 1];
				if (top === undefined) {
					problems.push(`</${tag.name}> closes nothing`);
				} else if (top.name !== tag.name) {
					problems.push(`</${tag.name}> closes <${top.name}>: tags must be properly nested`);
				} else {
					stack.pop();
					if (top.kind === 'tg-emoji' && text.length === top.textStart) {
						problems.push('<tg-emoji> must contain an emoji');
					}
				}
				continue;
			}
			const parent = stack.length > 0 ? stack[stack.length - 1].kind : undefined;
			attributeProblems(tag, parent, problems);
			const kind = kindOf(tag.name);
			const nesting = nestingProblem(
				kind,
				stack.map((open) => open.kind),
			);
			if (nesting !== null) problems.push(nesting);
			if (kind === 'code' && parent === 'pre') {
				const pre = stack[stack.length - 1];
				if (text.length !== pre.textStart || pre.hasChild) {
					problems.push('<code> inside <pre> must be its only content');
				}
			}
			if (parent !== undefined) stack[stack.length - 1].hasChild = true;
			stack.push({ name: tag.name, kind, textStart: text.length, hasChild: false });
			continue;
		}
		if (char === '>') {
			problems.push('a bare ">" in text (escape it as &gt;)');
			text += char;
			continue;
		}
		if (char === '&') {
			const entity = readEntity(html, index);
			if (entity === null) {
				problems.push(
					`"${html.slice(index, index + 10)}…": only &lt; &gt; &amp; &quot; and numeric entities are supported; a bare & must be &amp;`,
				);
				text += char;
				continue;
			}
			text += entity.value;
			index = entity.end - 1;
			if (stack.length > 0) {
				const top = stack[stack.length - 1];
				if (top.kind === 'pre' && top.hasChild) problems.push('text after <code> inside <pre>');
			}
			continue;
		}
		const top = stack[stack.length - 1];
		if (top !== undefined && top.kind === 'pre' && top.hasChild && !/\s/.test(char)) {
			problems.push('text after <code> inside <pre>');
		}
		text += char;
	}
	for (const open of stack.reverse()) problems.push(`<${open.name}> is never closed`);
	if (text.trim() === '') problems.push('the message text is empty after entity parsing');
	if (text.length > MESSAGE_LIMIT) {
		problems.push(
			`the message is ${text.length} characters after entity parsing; Telegram allows ${MESSAGE_LIMIT}`,
		);
	}
	return { problems: [...new Set(problems)], text };
}

module.exports = { checkTelegramHtml, TELEGRAM_MESSAGE_LIMIT: MESSAGE_LIMIT };
