/**
 * A small channel-neutral document model. Reports and briefs build one of these; the renderers in this folder turn it
 * into Markdown, Telegram HTML, Slack Block Kit and e-mail. Every string in the model is plain text: markup comes only
 * from the renderers, which escape the text for their channel. That keeps user-supplied strings (deal titles, campaign
 * names) from ever being read as markup.
 */

export interface Span {
	text: string;
	bold?: boolean;
	italic?: boolean;
	code?: boolean;
	/** Only http(s), mailto and tg links are rendered as links; anything else stays plain text. */
	href?: string;
}

export type Inline = string | Span;

/** One run of inline text: a bare string, a styled span, or a sequence of both. */
export type RichText = Inline | Inline[];

export interface TableColumn {
	title: string;
	align?: 'left' | 'right';
}

export type Block =
	| { kind: 'heading'; text: RichText; level?: 1 | 2 | 3 }
	| { kind: 'paragraph'; text: RichText }
	| { kind: 'list'; items: RichText[]; ordered?: boolean }
	| { kind: 'keyValue'; pairs: Array<{ key: RichText; value: RichText }> }
	/** Chat channels show each row as one line: first cell bold, then "column: value" for the other non-empty cells. */
	| { kind: 'table'; columns: TableColumn[]; rows: RichText[][] }
	/** Secondary text: footnotes, data caveats. */
	| { kind: 'note'; text: RichText }
	| { kind: 'divider' };

export interface ActionButton {
	/** Plain text, one line. */
	text: string;
	/** Rendered only when safeHref accepts it (http(s), mailto, tg); an action without a usable link is left out. */
	href: string;
	/** Slack `action_id`, unique within the message; defaults to `action-<n>`. */
	id?: string;
	primary?: boolean;
}

export interface RenderDocument {
	/** Plain text; used as the e-mail subject, the Slack header and the top heading. */
	title: string;
	/** BCP 47 language of the text (`en`, `ru`); used for the e-mail `lang` attribute. */
	language?: string;
	blocks: Block[];
	/**
	 * Buttons that open a link (a brief's "Read, understood" / "I have a question"), shown after the blocks. E-mail
	 * shows button-styled links, Markdown and plain text links. Telegram and Slack leave them out of the text: the
	 * caller attaches them as the inline keyboard, or appends slackActionsBlock(...) (nodes/shared/brief/messages.ts
	 * does both). Not a Block kind, so code that switches over every block kind needs no new case.
	 */
	actions?: ActionButton[];
}

export function toSpans(text: RichText): Span[] {
	const list = Array.isArray(text) ? text : [text];
	const spans: Span[] = [];
	for (const part of list) {
		if (typeof part === 'string') {
			if (part !== '') spans.push({ text: part });
		} else if (part.text !== '') {
			spans.push(part);
		}
	}
	return spans;
}

/** The text without any styling: for plain-text channels, data rows and length checks. */
export function plainText(text: RichText): string {
	return toSpans(text)
		.map((span) => span.text)
		.join('');
}

export function isEmptyText(text: RichText): boolean {
	return plainText(text).trim() === '';
}

const SAFE_LINK = /^(https?:\/\/|mailto:|tg:\/\/)/i;

export function safeHref(href: string | undefined): string | null {
	if (href === undefined) return null;
	const trimmed = href.trim();
	return SAFE_LINK.test(trimmed) ? trimmed : null;
}

/** Newlines inside a table cell or a chat line would break the layout of every channel. */
export function singleLine(text: string): string {
	return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Cells holding only this are "no value" and are left out of chat lines. */
export const NO_VALUE = '—';

/**
 * A table row as one chat line: `first cell — Column: value · Column: value`, leaving out empty and "—" cells.
 * Shared by Telegram and Slack so the two read the same.
 */
export function tableRowAsLine(columns: TableColumn[], row: RichText[]): Span[] {
	const spans: Span[] = [];
	const first = row[0];
	if (first !== undefined) {
		for (const span of toSpans(first)) spans.push({ ...span, bold: true });
	}
	let separator = ' — ';
	for (let index = 1; index < columns.length; index++) {
		const cell = row[index];
		if (cell === undefined || isEmptyText(cell) || plainText(cell).trim() === NO_VALUE) continue;
		spans.push({ text: `${separator}${columns[index].title}: ` });
		for (const span of toSpans(cell)) spans.push(span);
		separator = ' · ';
	}
	return spans.map((span) => ({ ...span, text: singleLine(span.text) }));
}
