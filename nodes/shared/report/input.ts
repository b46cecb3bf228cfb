import type { Deal } from '../model/deal';
import { parseInstant } from './dates';
import type { SpendEntry } from './types';

/**
 * Reads the JSON of incoming n8n items: a `Deal` (as the CRM Sales Data node outputs it) or, when spend comes from
 * items, a spend row `{ channel, spend, currency? }`. Anything else is reported with the field that is wrong, so the
 * node can tell the user which item to fix and how.
 */

export type InputReading =
	| { kind: 'deal'; deal: Deal }
	| { kind: 'spend'; spend: SpendEntry }
	| { kind: 'invalid'; field: string; problem: string; fix?: string };

const STATUSES = new Set(['open', 'won', 'lost']);
const TEXT_FIELDS = ['title', 'currency', 'lostReason', 'source'] as const;
const DATE_FIELDS = ['createdAt', 'closedAt', 'firstContactAt'] as const;
const REF_FIELDS = ['owner', 'pipeline', 'stage'] as const;
const UTM_FIELDS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isAbsent(value: unknown): boolean {
	return value === null || value === undefined;
}

/** Spaces that group thousands: space, no-break space, narrow no-break space (French, Russian), thin space. */
const GROUP_SPACE = '[ \\u00a0\\u202f\\u2009]';
const PLAIN = /^\d+$/;
const ONE_SEPARATOR = /^(\d+)[.,](\d+)$/;
const SPACE_GROUPED = new RegExp(`^\\d{1,3}(?:${GROUP_SPACE}\\d{3})+(?:[.,]\\d+)?$`);
const COMMA_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;

/** How to write a number the report reads without guessing. */
export const FIX_NUMBER =
	'Write it without a thousands separator, e.g. 1234 or 1234.5 (a decimal comma is fine: 1234,5). Grouped thousands are read when they cannot be mistaken: "1 234,5", "1,234.56", "1.234,56".';

/**
 * A number as text (a spreadsheet cell, an expression's result), read only when it cannot mean two things:
 * `1234.5`, `1234,50`, `-12.5`, `1 234,5` (also with no-break spaces), `1,234.56`, `1.234,56`, `1,234,567`.
 * A single `,` or `.` followed by exactly three digits after a 1–3 digit number (`1,234`, `1.234`) is a
 * thousands separator in one convention and a decimal one in the other: 'ambiguous'. Null for anything else.
 */
export function parseNumberText(text: string): number | 'ambiguous' | null {
	let body = text.trim();
	let sign = '';
	if (body.startsWith('-') || body.startsWith('+')) {
		sign = body[0];
		body = body.slice(1);
	}
	let normalized: string;
	const single = ONE_SEPARATOR.exec(body);
	if (PLAIN.test(body)) normalized = body;
	else if (single !== null) {
		if (single[2].length === 3 && /^[1-9]\d{0,2}$/.test(single[1])) return 'ambiguous';
		normalized = `${single[1]}.${single[2]}`;
	} else if (SPACE_GROUPED.test(body)) {
		normalized = body.replace(new RegExp(GROUP_SPACE, 'g'), '').replace(',', '.');
	} else if (COMMA_GROUPED.test(body)) normalized = body.replace(/,/g, '');
	else if (DOT_GROUPED.test(body)) normalized = body.replace(/\./g, '').replace(',', '.');
	else return null;
	const value = Number(`${sign}${normalized}`);
	return Number.isFinite(value) ? value : null;
}

/** A finite number, or number text as parseNumberText reads it; 'ambiguous' or null otherwise. */
export function numeric(value: unknown): number | 'ambiguous' | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') return parseNumberText(value);
	return null;
}

/** "1234 or 1.234" for "1,234": the two numbers an ambiguous text can stand for. */
export function ambiguousReadings(text: string): string {
	const trimmed = text.trim();
	return `${trimmed.replace(/[.,]/, '')} or ${trimmed.replace(',', '.')}`;
}

/** The reading of a number field that could not be used: its problem and how to fix it. */
function numberProblem(
	field: string,
	value: unknown,
	parsed: 'ambiguous' | null,
	expected: string,
): InputReading {
	if (parsed === 'ambiguous') {
		return {
			kind: 'invalid',
			field,
			problem: `is ambiguous: ${describe(value)} could mean ${ambiguousReadings(String(value))}`,
			fix: FIX_NUMBER,
		};
	}
	return { kind: 'invalid', field, problem: `must be ${expected} (got ${describe(value)})` };
}

function looksLikeSpend(json: Record<string, unknown>): boolean {
	return !('status' in json) && 'spend' in json;
}

function readSpend(json: Record<string, unknown>): InputReading {
	const channel = json.channel;
	if (typeof channel !== 'string' || channel.trim() === '') {
		return {
			kind: 'invalid',
			field: 'channel',
			problem: `must be the channel name (got ${describe(channel)})`,
		};
	}
	const amount = numeric(json.spend);
	if (amount === null || amount === 'ambiguous' || amount < 0) {
		return numberProblem(
			'spend',
			json.spend,
			amount === 'ambiguous' ? amount : null,
			'a number ≥ 0',
		);
	}
	const currency = json.currency;
	if (!isAbsent(currency) && typeof currency !== 'string') {
		return {
			kind: 'invalid',
			field: 'currency',
			problem: `must be a currency code such as "USD" (got ${describe(currency)})`,
		};
	}
	return {
		kind: 'spend',
		spend: {
			channel: channel.trim(),
			amount,
			currency:
				typeof currency === 'string' && currency.trim() !== ''
					? currency.trim().toUpperCase()
					: null,
		},
	};
}

/**
 * Checks the fields the reports read. Correct deals pass through untouched (no copy: a million items stay a million
 * objects); a numeric-string amount, as spreadsheets deliver it, is converted on a shallow copy.
 */
export function readInputItem(json: unknown, spendFromItems: boolean): InputReading {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return {
			kind: 'invalid',
			field: '(item)',
			problem: `must be an object with deal fields (got ${describe(json)})`,
		};
	}
	const record = json as Record<string, unknown>;
	if (looksLikeSpend(record)) {
		if (spendFromItems) return readSpend(record);
		return {
			kind: 'invalid',
			field: 'status',
			problem:
				'is missing; this looks like a spend row ({ channel, spend }) — set "Spend" to "From Input Items" to use it',
		};
	}
	const status = record.status;
	if (typeof status !== 'string' || !STATUSES.has(status)) {
		return {
			kind: 'invalid',
			field: 'status',
			problem: `must be "open", "won" or "lost" (got ${status === undefined ? 'nothing' : describe(status)})`,
		};
	}
	for (const field of TEXT_FIELDS) {
		const value = record[field];
		if (!isAbsent(value) && typeof value !== 'string') {
			return { kind: 'invalid', field, problem: `must be text or null (got ${describe(value)})` };
		}
	}
	for (const field of DATE_FIELDS) {
		const value = record[field];
		if (isAbsent(value)) continue;
		if (typeof value !== 'string' || Number.isNaN(parseInstant(value))) {
			return {
				kind: 'invalid',
				field,
				problem: `must be an ISO-8601 date such as "2026-11-03T09:15:00Z" or null (got ${describe(value)})`,
			};
		}
	}
	for (const field of REF_FIELDS) {
		const value = record[field];
		if (!isAbsent(value) && (typeof value !== 'object' || Array.isArray(value))) {
			return {
				kind: 'invalid',
				field,
				problem: `must be an object { id, name } or null (got ${describe(value)})`,
			};
		}
	}
	const utm = record.utm;
	if (!isAbsent(utm)) {
		if (typeof utm !== 'object' || Array.isArray(utm)) {
			return {
				kind: 'invalid',
				field: 'utm',
				problem: `must be an object { source, medium, campaign, … } or null (got ${describe(utm)})`,
			};
		}
		for (const key of UTM_FIELDS) {
			const value = (utm as Record<string, unknown>)[key];
			if (!isAbsent(value) && typeof value !== 'string') {
				return {
					kind: 'invalid',
					field: `utm.${key}`,
					problem: `must be text or null (got ${describe(value)})`,
				};
			}
		}
	}
	const amount = record.amount;
	if (isAbsent(amount) || (typeof amount === 'number' && Number.isFinite(amount))) {
		return { kind: 'deal', deal: record as unknown as Deal };
	}
	if (typeof amount === 'string' && amount.trim() === '') {
		return { kind: 'deal', deal: { ...(record as unknown as Deal), amount: null } };
	}
	const converted = numeric(amount);
	if (converted === null || converted === 'ambiguous') {
		return numberProblem('amount', amount, converted, 'a number or null');
	}
	return { kind: 'deal', deal: { ...(record as unknown as Deal), amount: converted } };
}
