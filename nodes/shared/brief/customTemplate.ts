/**
 * A marketer's own brief layout: text with {{placeholders}} and a tiny line syntax (docs/brief-templates.md).
 *
 * - a blank line starts a new paragraph; consecutive text lines form one paragraph (line breaks kept);
 * - a line starting with "# " is a heading;
 * - a line starting with "- " is a list item; consecutive items form one list;
 * - {{howToUse}}, {{objections}}, {{links}}, {{changes}} and {{questions}} are whole blocks and stand alone on a line;
 * - a line whose placeholders all come out empty (e.g. "Why we changed it: {{changedBecause}}" in version 1) is left out.
 *
 * The template is parsed and checked before anything is rendered: an unknown placeholder is an error naming it and
 * listing the known ones. Values are inserted as plain text into the document model, so nothing a user types (in the
 * template or in the brief) can become markup; only the renderers write markup. The three questions to sales are
 * appended unless the template places them with {{questions}}.
 */
import type { Block, Inline, RenderDocument, RichText } from '../render/document';
import { plainText } from '../render/document';
import { BriefInputError } from './input';
import type { BriefParts, ComposeOptions } from './parts';
import { briefParts } from './parts';
import type { Brief } from './types';

/** Placeholders replaced inside a line, with what they hold (the documentation lists the same). */
export const INLINE_PLACEHOLDERS = {
	title: 'the brief title',
	assetType: 'the asset type in the brief language ("Sales script")',
	version: 'the version number',
	recipientName: "the recipient's name (empty without a recipient list)",
	greeting: '"Hi Anna!" with a recipient, empty without',
	intro: 'the opening sentence of the built-in template for this asset type',
	cause: 'what we saw',
	evidenceLink: 'a "See the data" link to the evidence URL (empty without one)',
	change: 'what changes',
	metric: 'the metric name ("Win rate")',
	baseline: 'the baseline with its unit ("21%")',
	target: 'the target with its unit ("27%")',
	reviewDate: 'the review date ("15 Jan 2027")',
	effect: 'the whole expectation as a sentence ("Win rate: from 21% to 27% by 15 Jan 2027.")',
	scope: '"Only for pipeline …, channel …" (empty without a scope)',
	changedBecause: 'why this version was made (empty in version 1)',
	audience: 'who the brief is for',
	deadline: 'the confirmation deadline as a date',
	ack: 'the request to confirm, with the deadline (empty when no confirmation is asked)',
	feedbackLink: 'a link to the feedback form prefilled with this brief (empty without a form URL)',
	feedbackUrl: 'the same link written out as an address',
} as const;

/** Placeholders that are whole blocks (lists, sections) and must stand alone on their line. */
export const BLOCK_PLACEHOLDERS = {
	howToUse: 'the steps as a numbered list',
	objections: 'objections and answers as a list',
	links: 'the links as a list',
	changes: 'what changed since the previous version, as a list (empty in version 1)',
	questions: 'the three questions to sales and the form link (appended at the end when not placed)',
} as const;

export type InlinePlaceholder = keyof typeof INLINE_PLACEHOLDERS;
export type BlockPlaceholder = keyof typeof BLOCK_PLACEHOLDERS;

export const PLACEHOLDER_NAMES: string[] = [
	...Object.keys(INLINE_PLACEHOLDERS),
	...Object.keys(BLOCK_PLACEHOLDERS),
];

type Segment = { text: string } | { placeholder: InlinePlaceholder };

export type TemplateLine =
	| { kind: 'blank' }
	| { kind: 'heading'; segments: Segment[] }
	| { kind: 'item'; segments: Segment[] }
	| { kind: 'text'; segments: Segment[] }
	| { kind: 'block'; name: BlockPlaceholder };

export interface ParsedTemplate {
	lines: TemplateLine[];
	/** Whether {{questions}} is placed; otherwise the questions are appended. */
	placesQuestions: boolean;
}

export const CUSTOM_TEMPLATE_MAX_LENGTH = 20_000;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function knownList(): string {
	return PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(', ');
}

function isInline(name: string): name is InlinePlaceholder {
	return Object.prototype.hasOwnProperty.call(INLINE_PLACEHOLDERS, name);
}

function isBlock(name: string): name is BlockPlaceholder {
	return Object.prototype.hasOwnProperty.call(BLOCK_PLACEHOLDERS, name);
}

function templateError(
	message: string,
	description = `Known placeholders: ${knownList()}.`,
): BriefInputError {
	return new BriefInputError('customTemplate', message, description);
}

function parseSegments(body: string, lineNumber: number): Segment[] | { block: BlockPlaceholder } {
	const segments: Segment[] = [];
	let last = 0;
	let blockName: BlockPlaceholder | null = null;
	for (const match of body.matchAll(PLACEHOLDER)) {
		const name = match[1];
		const index = match.index ?? 0;
		if (index > last) segments.push({ text: body.slice(last, index) });
		last = index + match[0].length;
		if (isInline(name)) {
			segments.push({ placeholder: name });
			continue;
		}
		if (isBlock(name)) {
			if (body.trim() !== match[0].trim() || blockName !== null) {
				throw templateError(
					`The custom template has {{${name}}} inside other text on line ${lineNumber}: it is a whole block (${BLOCK_PLACEHOLDERS[name]}) and must stand alone on its line`,
					`Put {{${name}}} on a line of its own. Known placeholders: ${knownList()}.`,
				);
			}
			blockName = name;
			continue;
		}
		const close = PLACEHOLDER_NAMES.find(
			(known) => known.toLowerCase() === name.toLowerCase().replace(/[\s_-]/g, ''),
		);
		throw templateError(
			`The custom template uses an unknown placeholder {{${name}}} on line ${lineNumber}${close ? ` (did you mean {{${close}}}?)` : ''}`,
		);
	}
	if (blockName !== null) return { block: blockName };
	if (last < body.length) segments.push({ text: body.slice(last) });
	const stray = segments.find((segment) => 'text' in segment && /\{\{|\}\}/.test(segment.text));
	if (stray !== undefined) {
		throw templateError(
			`The custom template has an unclosed or malformed placeholder on line ${lineNumber}: "${body.trim().slice(0, 60)}"`,
			`Write placeholders as {{name}}. Known placeholders: ${knownList()}.`,
		);
	}
	return segments;
}

/** Parses and checks a custom template; throws BriefInputError (field `customTemplate`) on any problem. */
export function parseCustomTemplate(text: string): ParsedTemplate {
	if (typeof text !== 'string' || text.trim() === '') {
		throw templateError(
			'The custom template is empty',
			'Leave the option off to use the built-in template.',
		);
	}
	if (text.length > CUSTOM_TEMPLATE_MAX_LENGTH) {
		throw templateError(
			`The custom template is too long: ${text.length} characters, at most ${CUSTOM_TEMPLATE_MAX_LENGTH}`,
			'A brief is read between calls; keep the template to a screen or two.',
		);
	}
	const lines: TemplateLine[] = [];
	let placesQuestions = false;
	text.split(/\r\n?|\n/).forEach((raw, index) => {
		const lineNumber = index + 1;
		if (raw.trim() === '') {
			lines.push({ kind: 'blank' });
			return;
		}
		const trimmed = raw.trim();
		const kind = trimmed.startsWith('# ') ? 'heading' : trimmed.startsWith('- ') ? 'item' : 'text';
		const body = kind === 'text' ? raw.replace(/\s+$/, '') : trimmed.slice(2).trim();
		const parsed = parseSegments(body, lineNumber);
		if (!Array.isArray(parsed)) {
			if (kind !== 'text') {
				throw templateError(
					`The custom template puts {{${parsed.block}}} after "${trimmed.slice(0, 2)}" on line ${lineNumber}: it is a whole block and must stand alone on its line`,
				);
			}
			if (parsed.block === 'questions') {
				if (placesQuestions) {
					throw templateError(
						`The custom template places {{questions}} a second time on line ${lineNumber}: the questions are asked once`,
						'Keep one {{questions}} line, or none to have them at the end.',
					);
				}
				placesQuestions = true;
			}
			lines.push({ kind: 'block', name: parsed.block });
			return;
		}
		lines.push({ kind, segments: parsed });
	});
	return { lines, placesQuestions };
}

function inlineValue(name: InlinePlaceholder, parts: BriefParts): Inline {
	switch (name) {
		case 'evidenceLink':
			return parts.evidence ?? '';
		case 'feedbackLink':
			return parts.feedbackLink ?? '';
		case 'feedbackUrl':
			return parts.feedbackUrl === null ? '' : { text: parts.feedbackUrl, href: parts.feedbackUrl };
		case 'greeting':
			return parts.greeting ?? '';
		case 'ack':
			return parts.ack ?? '';
		default:
			return parts[name];
	}
}

/** The line as rich text, or null when it holds placeholders and every one of them came out empty. */
function lineText(segments: Segment[], parts: BriefParts): Inline[] | null {
	const out: Inline[] = [];
	let placeholders = 0;
	let filled = 0;
	for (const segment of segments) {
		if ('text' in segment) {
			out.push(segment.text);
			continue;
		}
		placeholders++;
		const value = inlineValue(segment.placeholder, parts);
		if (plainText(value).trim() !== '') filled++;
		out.push(value);
	}
	if (placeholders > 0 && filled === 0) return null;
	return out;
}

function blockValue(name: BlockPlaceholder, parts: BriefParts): Block[] {
	const list = (items: RichText[], ordered = false): Block[] =>
		items.length === 0 ? [] : [{ kind: 'list', items, ordered }];
	switch (name) {
		case 'howToUse':
			return list(parts.howToUse, true);
		case 'objections':
			return list(parts.objections);
		case 'links':
			return list(parts.links);
		case 'changes':
			return list(parts.changeItems);
		case 'questions':
			return parts.questionBlocks;
	}
}

/**
 * Renders a parsed (or raw, then parsed first) template for a brief. `options` as for composeBriefDocument; the
 * document title is the built-in one ("Sales script: <title>").
 */
export function renderCustomTemplate(
	template: ParsedTemplate | string,
	brief: Brief,
	options: ComposeOptions | BriefParts,
): RenderDocument {
	const parsed = typeof template === 'string' ? parseCustomTemplate(template) : template;
	const parts = 'questionBlocks' in options ? options : briefParts(brief, options);
	const blocks: Block[] = [];
	let paragraph: Inline[][] = [];
	let items: RichText[] = [];
	const flush = () => {
		if (paragraph.length > 0) {
			const text: Inline[] = [];
			paragraph.forEach((line, index) => {
				if (index > 0) text.push('\n');
				text.push(...line);
			});
			if (plainText(text).trim() !== '') blocks.push({ kind: 'paragraph', text });
			paragraph = [];
		}
		if (items.length > 0) {
			blocks.push({ kind: 'list', items });
			items = [];
		}
	};
	for (const line of parsed.lines) {
		switch (line.kind) {
			case 'blank':
				flush();
				break;
			case 'block':
				flush();
				blocks.push(...blockValue(line.name, parts));
				break;
			case 'heading': {
				flush();
				const text = lineText(line.segments, parts);
				if (text !== null) blocks.push({ kind: 'heading', text, level: 2 });
				break;
			}
			case 'item': {
				if (paragraph.length > 0) flush();
				const text = lineText(line.segments, parts);
				if (text !== null) items.push(text);
				break;
			}
			case 'text': {
				if (items.length > 0) flush();
				const text = lineText(line.segments, parts);
				if (text !== null) paragraph.push(text);
				break;
			}
		}
	}
	flush();
	if (!parsed.placesQuestions) blocks.push(...parts.questionBlocks);
	return { title: parts.documentTitle, language: brief.language, blocks };
}
