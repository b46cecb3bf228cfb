/**
 * Raw JSON items (a webhook, a Google Form via Make, a spreadsheet row) → a router draft, and the value parsers the
 * Form Trigger mapping shares: decision words, reason codes or labels, quality scores. Fields are found by the
 * user's mapping (a dot path per field) first, then (also when the mapped path is empty) by the usual names (`dealId`, `deal_id`, `comment`, …).
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizeReason } from '../report/classifier';
import { isReasonCodeShape } from './reasons';
import type { ReasonCode } from './reasons';
import type { Draft } from './routed';
import { str } from './routed';
import type { Feedback, FeedbackUtm } from './types';
import { FEEDBACK_TYPES } from './types';

/** The Feedback fields a mapping can fill. */
export const MAPPABLE_FIELDS = [
	'briefId',
	'briefVersion',
	'crm',
	'dealId',
	'decision',
	'firstWords',
	'language',
	'objections',
	'purchasePurpose',
	'quality',
	'reasonCode',
	'rep',
	'submittedAt',
	'text',
	'utmCampaign',
	'utmContent',
	'utmMedium',
	'utmSource',
	'utmTerm',
	'whatMatters',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface FieldMapping {
	field: MappableField;
	/** JSON: a dot path (`answers.deal.id`); Form Trigger: the field's label. */
	source: string;
}

/** The names looked for when no mapping says otherwise (first found wins). */
export const JSON_ALIASES: Record<MappableField, string[]> = {
	briefId: ['briefId', 'brief_id', 'brief'],
	briefVersion: ['briefVersion', 'brief_version', 'version'],
	crm: ['crm'],
	dealId: ['dealId', 'deal_id', 'dealID', 'deal', 'leadId', 'lead_id'],
	decision: ['decision', 'verdict'],
	firstWords: ['firstWords', 'first_words'],
	language: ['language', 'lang'],
	objections: ['objections', 'objection'],
	purchasePurpose: ['purchasePurpose', 'purchase_purpose', 'whyBuy', 'why_buy'],
	quality: ['quality', 'leadQuality', 'lead_quality', 'score', 'rating'],
	reasonCode: ['reasonCode', 'reason_code', 'reason'],
	rep: ['rep', 'salesRep', 'sales_rep', 'manager', 'author'],
	submittedAt: ['submittedAt', 'submitted_at', 'timestamp', 'createdAt', 'created_at', 'date'],
	text: ['text', 'comment', 'message', 'body', 'note'],
	utmCampaign: ['utm_campaign', 'utmCampaign', 'utm.campaign'],
	utmContent: ['utm_content', 'utmContent', 'utm.content'],
	utmMedium: ['utm_medium', 'utmMedium', 'utm.medium'],
	utmSource: ['utm_source', 'utmSource', 'utm.source'],
	utmTerm: ['utm_term', 'utmTerm', 'utm.term'],
	whatMatters: ['whatMatters', 'what_matters'],
};

/** `a.b.c` into plain objects and arrays (`items.0.text`); own properties only. */
export function getPath(value: unknown, path: string): unknown {
	let current: unknown = value;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

const ACCEPT_WORDS = new Set([
	'accept',
	'accepted',
	'approve',
	'approved',
	'yes',
	'good',
	'qualified',
	'true',
	'принять',
	'принят',
	'принимаю',
	'принята',
	'да',
	'целевой',
	'✅',
	'👍',
]);
const REJECT_WORDS = new Set([
	'reject',
	'rejected',
	'decline',
	'declined',
	'no',
	'bad',
	'unqualified',
	'false',
	'отклонить',
	'отклонен',
	'отклонена',
	'отклоняю',
	'нет',
	'нецелевой',
	'❌',
	'👎',
]);

export function parseDecision(value: unknown): 'accept' | 'reject' | null {
	if (value === true) return 'accept';
	if (value === false) return 'reject';
	const text = Array.isArray(value) ? str(value[0]) : str(value);
	if (text === null) return null;
	const word = normalizeReason(text).replace(/[.!]+$/u, '');
	if (ACCEPT_WORDS.has(word)) return 'accept';
	if (REJECT_WORDS.has(word)) return 'reject';
	return null;
}

/** A code (`not_target`), or a label in English or Russian ("Not our target customer", "Не наш клиент"). */
export function parseReason(
	value: unknown,
	catalogue: Map<string, ReasonCode>,
): { code: string | null; text: string | null } {
	const text = Array.isArray(value) ? str(value[0]) : str(value);
	if (text === null) return { code: null, text: null };
	if (catalogue.has(text)) return { code: text, text: null };
	const normalized = normalizeReason(text);
	for (const reason of catalogue.values()) {
		if (normalizeReason(reason.en) === normalized || normalizeReason(reason.ru) === normalized) {
			return { code: reason.code, text: null };
		}
	}
	if (isReasonCodeShape(text)) return { code: text, text: null };
	return { code: null, text };
}

/** 1–5 from a number, "4", "4 – good", "★★★★"; anything else null. */
export function parseQuality(value: unknown): number | null {
	if (Array.isArray(value)) return parseQuality(value[0]);
	if (typeof value === 'number') {
		return Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
	}
	const text = str(value, 100);
	if (text === null) return null;
	const stars = /^[★⭐]{1,5}$/u.exec(text);
	if (stars) return Array.from(text).length;
	const match = /^([1-5])(?![0-9.,])/u.exec(text);
	return match ? Number(match[1]) : null;
}

function parseVersion(value: unknown): number | null {
	const n = typeof value === 'number' ? value : Number(str(value, 10));
	return Number.isInteger(n) && n >= 1 && n <= 999 ? n : null;
}

function parseLanguage(value: unknown): 'en' | 'ru' | null {
	const text = str(value, 20)?.toLowerCase() ?? null;
	if (text === null) return null;
	if (text.startsWith('ru')) return 'ru';
	if (text.startsWith('en')) return 'en';
	return null;
}

function parseTimestamp(value: unknown): string | null {
	const text = str(value, 64);
	if (text === null) return null;
	const time = Date.parse(text);
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Text values may come as arrays (checkboxes, multi-selects): joined with ", ". */
function textOf(value: unknown): string | null {
	if (Array.isArray(value)) {
		const parts = value.map((v) => str(v)).filter((v): v is string => v !== null);
		return parts.length ? parts.join(', ') : null;
	}
	return str(value);
}

/**
 * Feedback fields from raw values by field; shared by the JSON and the Form Trigger mappings. A reason given as free
 * text (not a code or a label) is kept and joins the comment, so the classifier and the note still see it.
 */
export function fieldsFromValues(
	values: Partial<Record<MappableField, unknown>>,
	catalogue: Map<string, ReasonCode>,
): Partial<Feedback> {
	const reason = parseReason(values.reasonCode, catalogue);
	const comment = textOf(values.text);
	const text =
		reason.text !== null ? [reason.text, comment].filter((t) => t !== null).join('. ') : comment;
	const utm: FeedbackUtm = {
		source: str(values.utmSource, 500),
		medium: str(values.utmMedium, 500),
		campaign: str(values.utmCampaign, 500),
		content: str(values.utmContent, 500),
		term: str(values.utmTerm, 500),
	};
	const fields: Partial<Feedback> = {
		rep: str(values.rep, 200),
		crm: str(values.crm, 40)?.toLowerCase() ?? null,
		dealId: str(values.dealId, 200),
		decision: parseDecision(values.decision),
		reasonCode: reason.code,
		quality: parseQuality(values.quality),
		firstWords: textOf(values.firstWords),
		purchasePurpose: textOf(values.purchasePurpose),
		whatMatters: textOf(values.whatMatters),
		objections: textOf(values.objections),
		text: text === '' ? null : text,
		briefId: str(values.briefId, 64),
		briefVersion: parseVersion(values.briefVersion),
		utm,
	};
	const language = parseLanguage(values.language);
	if (language !== null) fields.language = language;
	const submittedAt = parseTimestamp(values.submittedAt);
	if (submittedAt !== null) fields.submittedAt = submittedAt;
	return fields;
}

export function fromJson(
	json: IDataObject,
	mapping: readonly FieldMapping[],
	catalogue: Map<string, ReasonCode>,
): Draft {
	const values: Partial<Record<MappableField, unknown>> = {};
	for (const field of MAPPABLE_FIELDS) {
		const mapped = mapping.find((m) => m.field === field);
		const paths = mapped ? [mapped.source, ...JSON_ALIASES[field]] : JSON_ALIASES[field];
		for (const path of paths) {
			const value = getPath(json, path);
			if (value !== undefined && value !== null && value !== '') {
				values[field] = value;
				break;
			}
		}
	}
	return {
		source: 'json',
		fields: fieldsFromValues(values, catalogue),
		signature: 'none',
		signatureProblem: null,
		telegram: null,
		fixedCategory: null,
	};
}

/** True for an item that already is a Feedback record (what the Sales Feedback Trigger emits). */
export function isFeedbackRecord(json: IDataObject): boolean {
	return (
		typeof json.id === 'string' &&
		typeof json.submittedAt === 'string' &&
		typeof json.type === 'string' &&
		(FEEDBACK_TYPES as readonly string[]).includes(json.type) &&
		typeof json.utm === 'object' &&
		json.utm !== null
	);
}

/**
 * A Feedback record as the trigger emits it. The trigger verified acknowledgement and question links before emitting
 * (docs/brief-links.md), so their type decides their category.
 */
export function fromFeedback(json: IDataObject): Draft {
	const record = json as unknown as Feedback;
	const fields: Partial<Feedback> = {};
	for (const [key, value] of Object.entries(record)) {
		if (value !== null && value !== undefined) (fields as Record<string, unknown>)[key] = value;
	}
	const fixedCategory =
		record.type === 'acknowledgement'
			? { category: 'acknowledgement' as const, rule: 'feedback:acknowledgement' }
			: record.type === 'question'
				? { category: 'question' as const, rule: 'feedback:question' }
				: null;
	return {
		source: 'feedback',
		fields,
		signature: 'none',
		signatureProblem: null,
		telegram: null,
		fixedCategory,
	};
}
