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
	| { kind: 'invalid'; field: string; problem: string };

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

export function numeric(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value.replace(/\s/g, '').replace(',', '.'));
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
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
	if (amount === null || amount < 0) {
		return {
			kind: 'invalid',
			field: 'spend',
			problem: `must be a number ≥ 0 (got ${describe(json.spend)})`,
		};
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
	if (converted === null) {
		return {
			kind: 'invalid',
			field: 'amount',
			problem: `must be a number or null (got ${describe(amount)})`,
		};
	}
	return { kind: 'deal', deal: { ...(record as unknown as Deal), amount: converted } };
}
