import type { ActionButton, Block, RenderDocument, RichText, Span } from './document';
import { safeHref, singleLine, toSpans } from './document';
import { escapeHtml } from './escape';

/** Inline styles only: many mail clients drop <style> blocks and classes. */
const STYLE = {
	body: 'margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;font-size:15px;line-height:1.5;',
	card: 'max-width:760px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;',
	h1: 'margin:0 0 16px;font-size:22px;line-height:1.3;color:#111827;',
	h2: 'margin:24px 0 8px;font-size:18px;line-height:1.3;color:#111827;',
	h3: 'margin:16px 0 8px;font-size:16px;line-height:1.3;color:#111827;',
	p: 'margin:0 0 12px;',
	note: 'margin:0 0 12px;color:#6b7280;font-size:13px;',
	list: 'margin:0 0 12px;padding-left:20px;',
	table: 'border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;',
	th: 'text-align:left;padding:6px 8px;border-bottom:2px solid #d1d5db;background:#f9fafb;white-space:nowrap;',
	td: 'padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;',
	code: 'font-family:Menlo,Consolas,monospace;font-size:13px;background:#f3f4f6;padding:1px 4px;border-radius:3px;',
	a: 'color:#2563eb;',
	hr: 'border:none;border-top:1px solid #e5e7eb;margin:20px 0;',
	actions: 'margin:20px 0 12px;',
	button:
		'display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;border:1px solid #2563eb;color:#2563eb;background:#ffffff;font-weight:600;text-decoration:none;',
	buttonPrimary:
		'display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;border:1px solid #2563eb;color:#ffffff;background:#2563eb;font-weight:600;text-decoration:none;',
};

function renderSpan(span: Span): string {
	let out = escapeHtml(span.text).replace(/\r?\n/g, '<br>');
	if (span.code) out = `<code style="${STYLE.code}">${out}</code>`;
	if (span.italic) out = `<em>${out}</em>`;
	if (span.bold) out = `<strong>${out}</strong>`;
	const href = safeHref(span.href);
	if (href !== null) out = `<a href="${escapeHtml(href)}" style="${STYLE.a}">${out}</a>`;
	return out;
}

function html(text: RichText): string {
	return toSpans(text).map(renderSpan).join('');
}

function align(alignment: 'left' | 'right' | undefined): string {
	return alignment === 'right' ? 'text-align:right;' : '';
}

function renderBlock(block: Block): string {
	switch (block.kind) {
		case 'heading': {
			const level = block.level ?? 2;
			const style = level === 1 ? STYLE.h1 : level === 2 ? STYLE.h2 : STYLE.h3;
			return `<h${level} style="${style}">${html(block.text)}</h${level}>`;
		}
		case 'paragraph':
			return `<p style="${STYLE.p}">${html(block.text)}</p>`;
		case 'note':
			return `<p style="${STYLE.note}">${html(block.text)}</p>`;
		case 'list': {
			const tag = block.ordered ? 'ol' : 'ul';
			const items = block.items.map((item) => `<li>${html(item)}</li>`).join('');
			return `<${tag} style="${STYLE.list}">${items}</${tag}>`;
		}
		case 'keyValue': {
			const rows = block.pairs
				.map(
					(pair) =>
						`<tr><td style="${STYLE.td}"><strong>${html(pair.key)}</strong></td><td style="${STYLE.td}">${html(pair.value)}</td></tr>`,
				)
				.join('');
			return `<table role="presentation" style="${STYLE.table}">${rows}</table>`;
		}
		case 'table': {
			const head = block.columns
				.map(
					(column) =>
						`<th style="${STYLE.th}${align(column.align)}">${escapeHtml(column.title)}</th>`,
				)
				.join('');
			const body = block.rows
				.map(
					(row) =>
						`<tr>${block.columns
							.map(
								(column, index) =>
									`<td style="${STYLE.td}${align(column.align)}">${html(row[index] ?? '')}</td>`,
							)
							.join('')}</tr>`,
				)
				.join('');
			return `<table style="${STYLE.table}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
		}
		case 'divider':
			return `<hr style="${STYLE.hr}">`;
	}
}

/** The document's buttons that have a link safeHref accepts. */
function usableActions(document: RenderDocument): Array<{ action: ActionButton; href: string }> {
	const usable: Array<{ action: ActionButton; href: string }> = [];
	for (const action of document.actions ?? []) {
		const href = safeHref(action.href);
		if (href !== null) usable.push({ action, href });
	}
	return usable;
}

export function renderEmailHtml(document: RenderDocument): string {
	const language = escapeHtml(document.language ?? 'en');
	const title = escapeHtml(singleLine(document.title));
	const actions = usableActions(document)
		.map(
			({ action, href }) =>
				`<a href="${escapeHtml(href)}" style="${action.primary ? STYLE.buttonPrimary : STYLE.button}">${escapeHtml(singleLine(action.text))}</a>`,
		)
		.join('');
	const blocks = [
		...document.blocks.map(renderBlock),
		...(actions === '' ? [] : [`<p style="${STYLE.actions}">${actions}</p>`]),
	].join('\n');
	return [
		'<!DOCTYPE html>',
		`<html lang="${language}">`,
		'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${title}</title></head>`,
		`<body style="${STYLE.body}">`,
		`<div style="${STYLE.card}">`,
		`<h1 style="${STYLE.h1}">${title}</h1>`,
		blocks,
		'</div>',
		'</body>',
		'</html>',
	].join('\n');
}

/** Display width in characters (code points), good enough for Latin and Cyrillic in a monospace client. */
function width(text: string): number {
	return Array.from(text).length;
}

function pad(text: string, size: number, alignment: 'left' | 'right' | undefined): string {
	const fill = ' '.repeat(Math.max(0, size - width(text)));
	return alignment === 'right' ? fill + text : text + fill;
}

/** Plain text with each link's address after its text; `keepNewlines` for paragraphs. */
function plainLine(text: RichText, keepNewlines = false): string {
	return toSpans(text)
		.map((span) => {
			const href = safeHref(span.href);
			const body = keepNewlines ? span.text : singleLine(span.text);
			return href !== null && href !== body ? `${body} (${href})` : body;
		})
		.join('');
}

function textBlock(block: Block): string {
	switch (block.kind) {
		case 'heading': {
			const text = plainLine(block.text);
			return `${text}\n${'-'.repeat(width(text))}`;
		}
		case 'paragraph':
		case 'note':
			return plainLine(block.text, true);
		case 'list':
			return block.items
				.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${plainLine(item)}`)
				.join('\n');
		case 'keyValue':
			return block.pairs
				.map((pair) => `${plainLine(pair.key)}: ${plainLine(pair.value)}`)
				.join('\n');
		case 'table': {
			const cells = block.rows.map((row) =>
				block.columns.map((_c, index) => plainLine(row[index] ?? '')),
			);
			const widths = block.columns.map((column, index) =>
				Math.max(width(column.title), ...cells.map((row) => width(row[index]))),
			);
			const line = (values: string[]): string =>
				values
					.map((value, index) => pad(value, widths[index], block.columns[index].align))
					.join('  ')
					.trimEnd();
			return [
				line(block.columns.map((column) => column.title)),
				line(widths.map((size) => '-'.repeat(size))),
				...cells.map(line),
			].join('\n');
		}
		case 'divider':
			return '----';
	}
}

/** The text/plain part of the e-mail (also fine for SMS-like channels and logs). */
export function renderPlainText(document: RenderDocument): string {
	const title = singleLine(document.title);
	const parts = [
		`${title}\n${'='.repeat(width(title))}`,
		...document.blocks.map(textBlock),
		...usableActions(document).map(({ action, href }) => `${singleLine(action.text)}: ${href}`),
	];
	return `${parts.join('\n\n')}\n`;
}
