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
