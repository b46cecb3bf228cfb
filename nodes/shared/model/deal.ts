import { CrmRecordError } from '../transport/errors';

/**
 * The normalized records every node of this package speaks. One definition, used by the CRM adapters (which produce
 * them), the reports (which consume them) and the tests. Missing values are `null`, never `""`; dates are ISO-8601 UTC.
 */

export type CrmId = 'demo' | 'amocrm' | 'bitrix24' | 'hubspot' | 'pipedrive';

export type DealStatus = 'open' | 'won' | 'lost';

export interface NamedRef {
	id: string;
	name: string | null;
}

export interface Utm {
	source: string | null;
	medium: string | null;
	campaign: string | null;
	content: string | null;
	term: string | null;
}

export interface Deal {
	id: string;
	crm: CrmId;
	kind: 'deal' | 'lead';
	title: string | null;
	amount: number | null;
	currency: string | null;
	pipeline: NamedRef | null;
	stage: NamedRef | null;
	status: DealStatus;
	lostReason: string | null;
	source: string | null;
	utm: Utm;
	owner: NamedRef | null;
	createdAt: string | null;
	updatedAt: string | null;
	closedAt: string | null;
	/** First human touch by the owner (call, message). Only some CRMs expose it; `null` when unknown. */
	firstContactAt: string | null;
	url: string | null;
	/** The CRM's own record, only when the user asks for it. */
	raw?: unknown;
}

export interface Stage {
	id: string;
	name: string;
	status: DealStatus;
	sort: number;
}

export interface Pipeline {
	id: string;
	name: string;
	isDefault: boolean;
	stages: Stage[];
}

export interface CrmUser {
	id: string;
	name: string;
	email: string | null;
	active: boolean;
}

export interface LossReason {
	id: string;
	name: string;
}

export const EMPTY_UTM: Readonly<Utm> = Object.freeze({
	source: null,
	medium: null,
	campaign: null,
	content: null,
	term: null,
});

/** `""`, whitespace and absent values all become `null`, as the record layout promises. */
export function textOrNull(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value).trim();
	return text === '' ? null : text;
}

export function numberOrNull(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : null;
}

/** Unix seconds (amoCRM) → ISO UTC. */
export function isoFromUnixSeconds(value: unknown): string | null {
	const n = numberOrNull(value);
	return n === null || n <= 0 ? null : new Date(n * 1000).toISOString();
}

/** Any ISO-8601 string with an offset (Bitrix24 `+03:00`, HubSpot `Z`) → ISO UTC; junk → null. */
export function isoFromText(value: unknown): string | null {
	const text = textOrNull(value);
	if (text === null) return null;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/*
 * Strict readers for the fields of one CRM record. A value the CRM should never send (an object for a title, `true`
 * for an amount, a date in the year 58692) is not guessed at: it raises CrmRecordError naming the record and the
 * field, and the node reports it. Kept to a few type checks each: they run once per field of every record.
 */

/** Dates outside this range are a unit mix-up (milliseconds for seconds) or garbage, not a deal's history. */
const EARLIEST_MS = Date.UTC(1980, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

function shown(value: unknown): string {
	let text: string;
	try {
		text =
			typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The record's id: a string or a number, never absent (a record without one cannot be handed out once). */
export function readId(value: unknown): string {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new CrmRecordError('(no id)', 'id', `expected an id, got ${shown(value)}`);
}

/** Text or null. Numbers become text (some CRMs send numeric names); objects, arrays and booleans are errors. */
export function readText(value: unknown, field: string, recordId: string): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		const text = value.trim();
		return text === '' ? null : text;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new CrmRecordError(recordId, field, `expected text, got ${shown(value)}`);
}

/** A finite number or null: numbers, or plain decimal text ("1500.00", as Bitrix24 and HubSpot send). */
export function readAmount(value: unknown, field: string, recordId: string): number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return null;
		if (/^-?\d+(\.\d+)?$/.test(text)) {
			const n = Number(text);
			if (Number.isFinite(n)) return n;
		}
	}
	throw new CrmRecordError(recordId, field, `expected a number, got ${shown(value)}`);
}

const DAY_MS = 86_400_000;
/** Years 0000…9999: where toISOString writes the 24-character form ("2026-01-31T09:00:00.000Z"). */
const ISO_FIRST_MS = new Date('0000-01-01T00:00:00.000Z').getTime();
const ISO_END_MS = Date.UTC(10000, 0, 1);
const isoDays = new Map<number, string>();
const isoSeconds: string[] = [];
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const PAD2 = PAD3.slice(0, 60).map((text) => text.slice(1));

/**
 * `new Date(ms).toISOString()`, the same text, about four times faster: the date part is cached per day and the time
 * of day per second (at most 86,400 short strings). Every date a pull normalises goes through here, several per deal.
 */
export function isoFromMs(ms: number): string {
	if (!(ms >= ISO_FIRST_MS && ms < ISO_END_MS) || ms !== Math.floor(ms))
		return new Date(ms).toISOString();
	const day = Math.floor(ms / DAY_MS);
	let date = isoDays.get(day);
	if (date === undefined) {
		date = new Date(day * DAY_MS).toISOString().slice(0, 11);
		isoDays.set(day, date);
	}
	const inDay = ms - day * DAY_MS;
	const second = Math.floor(inDay / 1000);
	let time = isoSeconds[second];
	if (time === undefined) {
		time = `${PAD2[Math.floor(second / 3600)]}:${PAD2[Math.floor((second % 3600) / 60)]}:${PAD2[second % 60]}.`;
		isoSeconds[second] = time;
	}
	return `${date}${time}${PAD3[inDay - second * 1000]}Z`;
}

function checkedIso(ms: number, value: unknown, field: string, recordId: string): string {
	if (ms >= EARLIEST_MS && ms < LATEST_MS) return isoFromMs(ms);
	throw new CrmRecordError(
		recordId,
		field,
		`${shown(value)} is not a date between 1980 and 2200${
			ms >= LATEST_MS && ms / 1000 < LATEST_MS
				? ' (it looks like milliseconds where seconds belong)'
				: ''
		}`,
	);
}

/** Unix seconds (amoCRM) → ISO UTC; 0 and absent mean "none". */
export function readUnixSeconds(value: unknown, field: string, recordId: string): string | null {
	if (value === null || value === undefined || value === 0 || value === '0') return null;
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isFinite(n))
		throw new CrmRecordError(recordId, field, `expected Unix seconds, got ${shown(value)}`);
	return checkedIso(n * 1000, value, field, recordId);
}

/** ISO-8601 text with an offset (Bitrix24 `+03:00`, HubSpot `Z`, Pipedrive) → ISO UTC; empty means "none". */
export function readIsoDate(value: unknown, field: string, recordId: string): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return null;
		const ms = Date.parse(text);
		if (!Number.isNaN(ms)) return checkedIso(ms, value, field, recordId);
	}
	throw new CrmRecordError(recordId, field, `expected a date, got ${shown(value)}`);
}
