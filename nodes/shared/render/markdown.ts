import type { Block, RenderDocument, RichText, Span } from './document';
import { safeHref, singleLine, toSpans } from './document';
import { escapeMarkdown, escapeMarkdownUrl } from './escape';

/** Emphasis markers must touch the text, so leading/trailing spaces move outside them (CommonMark flanking rules). */
function wrap(text: string, open: string, close: string): string {
	const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
	if (match === null || match[2] === '') return text;
	return `${match[1]}${open}${match[2]}${close}${match[3]}`;
}

function codeSpan(multiline: string): string {
	// Blocks are parsed before inlines: a line break in a code span lets the next line start a heading, a list or
	// raw HTML. CommonMark shows a code span's line break as a space anyway.
	const text = singleLine(multiline);
	// A code span is closed by the same number of backticks, so the fence must be longer than any run inside.
	const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(longestRun + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

function renderSpan(span: Span, atLineStart: boolean): string {
	let out = span.code ? codeSpan(span.text) : escapeMarkdown(span.text, atLineStart);
	if (span.italic) out = wrap(out, '*', '*');
	if (span.bold) out = wrap(out, '**', '**');
	const href = safeHref(span.href);
	if (href !== null) out = `[${out}](${escapeMarkdownUrl(href)})`;
	return out;
}

/** `startsLine`: the text begins a line of the output, so a leading `#`, `-` or `1.` would start a block. */
export function markdownInline(text: RichText, startsLine = false): string {
	return toSpans(text)
		.map((span, index) => renderSpan(span, startsLine && index === 0))
		.join('');
}

function cell(text: RichText, startsLine = false): string {
	return markdownInline(
		toSpans(text).map((span) => ({ ...span, text: singleLine(span.text) })),
		startsLine,
	);
}

/** A heading's trailing ` #` run is read as its closing sequence and dropped; escape it to keep it. */
function headingText(text: string): string {
	return text.replace(
		/(^|\s)(#+)(\s*)$/,
		(_match, space: string, hashes: string, tail: string) => `${space}\\${hashes}${tail}`,
	);
}

function renderBlock(block: Block): string {
	switch (block.kind) {
		case 'heading':
			return `${'#'.repeat(block.level ?? 2)} ${headingText(cell(block.text))}`;
		case 'paragraph':
			return markdownInline(block.text, true);
		case 'note':
			return wrap(markdownInline(block.text, true), '*', '*');
		case 'list':
			return block.items
				.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${cell(item, true)}`)
				.join('\n');
		case 'keyValue':
			return block.pairs.map((pair) => `- **${cell(pair.key)}:** ${cell(pair.value)}`).join('\n');
		case 'table': {
			const header = `| ${block.columns.map((column) => escapeMarkdown(column.title)).join(' | ')} |`;
			const rule = `| ${block.columns.map((column) => (column.align === 'right' ? '---:' : '---')).join(' | ')} |`;
			const rows = block.rows.map(
				(row) => `| ${block.columns.map((_column, index) => cell(row[index] ?? '')).join(' | ')} |`,
			);
			return [header, rule, ...rows].join('\n');
		}
		case 'divider':
			return '---';
	}
}

/** GitHub-flavoured Markdown (tables need GFM; everything else is plain CommonMark). */
export function renderMarkdown(document: RenderDocument): string {
	const parts = [`# ${headingText(escapeMarkdown(singleLine(document.title)))}`];
	for (const block of document.blocks) parts.push(renderBlock(block));
	const actions = (document.actions ?? [])
		.filter((action) => safeHref(action.href) !== null)
		.map((action) =>
			markdownInline({ text: singleLine(action.text), bold: true, href: action.href }),
		)
		.join(' · ');
	if (actions !== '') parts.push(actions);
	return `${parts.join('\n\n')}\n`;
}
