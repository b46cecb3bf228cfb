/**
 * Field mapping for submissions to the Sales Feedback Trigger: our field names first, then common aliases other form
 * tools use (Tilda, Typeform/Zapier-style snake case, Google Forms exports). The first name present wins, so a body
 * that has both `dealId` and `deal_id` is read as `dealId`. The README table is generated from this list by hand; keep
 * them in step. Nothing here trusts the body: it only picks own properties by name (never walks the object), so
 * `__proto__`, `constructor` and other keys are ignored, and nesting depth does not matter.
 */
export const FIELD_ALIASES = {
	dealId: ['dealId', 'deal_id', 'deal', 'leadId', 'lead_id'],
	crm: ['crm'],
	rep: ['rep', 'rep_id', 'repId', 'manager', 'sales_rep', 'salesRep'],
	briefId: ['briefId', 'brief_id'],
	briefVersion: ['briefVersion', 'brief_version'],
	decision: ['decision', 'verdict'],
	reasonCode: ['reasonCode', 'reason_code', 'reason'],
	quality: ['quality', 'leadQuality', 'lead_quality', 'rating', 'score'],
	firstWords: ['firstWords', 'first_words'],
	purchasePurpose: ['purchasePurpose', 'purchase_purpose', 'whyBuy', 'why_buy'],
	whatMatters: ['whatMatters', 'what_matters'],
	objections: ['objections', 'objection'],
	text: ['comment', 'text', 'comments', 'note', 'message'],
	lang: ['lang', 'language', 'locale'],
	utmSource: ['utm_source', 'utmSource'],
	utmMedium: ['utm_medium', 'utmMedium'],
	utmCampaign: ['utm_campaign', 'utmCampaign'],
	utmContent: ['utm_content', 'utmContent'],
	utmTerm: ['utm_term', 'utmTerm'],
} as const;

export type FeedbackField = keyof typeof FIELD_ALIASES;

export const FEEDBACK_FIELDS = Object.keys(FIELD_ALIASES) as FeedbackField[];

/** The hidden honeypot input of the hosted form; people never see it, bots fill it in. */
export const HONEYPOT_FIELD = 'website';

/** Query parameters that prefill the hosted form (the Sales Brief node links with briefId, briefVersion, lang, rep). */
export const PREFILL_FIELDS: readonly FeedbackField[] = [
	'dealId',
	'crm',
	'rep',
	'briefId',
	'briefVersion',
	'lang',
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'utmContent',
	'utmTerm',
];

/** A nested `utm: { source, medium, … }` object is read too (our own Feedback shape). */
const NESTED_UTM: Partial<Record<FeedbackField, string>> = {
	utmSource: 'source',
	utmMedium: 'medium',
	utmCampaign: 'campaign',
	utmContent: 'content',
	utmTerm: 'term',
};

function own(record: object, key: string): unknown {
	const descriptor = Object.getOwnPropertyDescriptor(record, key);
	// A getter is never called: bodies parsed from the wire have none, and a hostile caller's must not run.
	return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The raw value of each field (still unvalidated: may be a number, an array, an object…). */
export function mapFields(body: Record<string, unknown>): Partial<Record<FeedbackField, unknown>> {
	const mapped: Partial<Record<FeedbackField, unknown>> = {};
	const utm = own(body, 'utm');
	for (const field of FEEDBACK_FIELDS) {
		for (const alias of FIELD_ALIASES[field]) {
			const value = own(body, alias);
			if (value !== undefined) {
				mapped[field] = value;
				break;
			}
		}
		const nested = NESTED_UTM[field];
		if (mapped[field] === undefined && nested !== undefined && isPlainRecord(utm)) {
			const value = own(utm, nested);
			if (value !== undefined) mapped[field] = value;
		}
	}
	return mapped;
}

/** How many own keys a body has (counted without building a key list of a hostile size twice). */
export function ownKeyCount(body: Record<string, unknown>): number {
	return Object.keys(body).length;
}
