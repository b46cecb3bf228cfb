/**
 * Signing core shared by the Sales Brief node (signs) and the Sales Feedback Trigger (verifies).
 *
 * Two wire formats carry the same claims — who (recipientId) did what (action) about which brief
 * (briefId) in which revision (version):
 *  - LINK parameters `{ b, v, r, a, s }` appended to the trigger's URL (e-mail, Slack, Telegram URL
 *    buttons), signed with a 128-bit HMAC-SHA256 tag;
 *  - Telegram CALLBACK DATA `sb1<a><sig><v>:<briefId>:<recipientId>`, at most 64 bytes, signed with a
 *    72-bit tag (the byte budget does not allow more with the field caps below).
 *
 * The exact formats, the byte budget and the confirm-then-POST rule are written down in
 * docs/brief-links.md; the verifying side is built from that text, so keep both in step.
 *
 * Pure functions: no clock, no I/O, only Node's `crypto`.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export type BriefAction = 'ack' | 'question';

export interface BriefClaims {
	/** 1–12 characters of [0-9A-Za-z]. */
	briefId: string;
	/** Integer 1–999. */
	version: number;
	/** 1–32 characters of [0-9A-Za-z._@-]. */
	recipientId: string;
	action: BriefAction;
}

/** Query (GET) or form (POST) parameters of a signed link. */
export interface LinkParams {
	b: string;
	v: string;
	r: string;
	a: BriefAction;
	s: string;
}

export type VerifyFailure = 'missing' | 'malformed' | 'bad-signature';

export type VerifyResult = { ok: true; claims: BriefClaims } | { ok: false; reason: VerifyFailure };

export const MIN_SECRET_LENGTH = 32;
export const BRIEF_ID_MAX_LENGTH = 12;
export const RECIPIENT_ID_MAX_LENGTH = 32;
export const VERSION_MAX = 999;

/** Link tag: 16 bytes of HMAC-SHA256 = 128 bits, 22 base64url characters. */
export const LINK_SIGNATURE_BYTES = 16;
export const LINK_SIGNATURE_LENGTH = 22;

/** Callback tag: 9 bytes of HMAC-SHA256 = 72 bits, exactly 12 base64url characters. */
export const CALLBACK_SIGNATURE_BYTES = 9;
export const CALLBACK_SIGNATURE_LENGTH = 12;

/** Every callback this format produces starts with this; anything else is not a Sales Brief button. */
export const CALLBACK_PREFIX = 'sb1';
/** Telegram's limit for callback_data. */
export const CALLBACK_MAX_BYTES = 64;
/** n8n's own Telegram callbacks start with this; ours never do. */
export const RESERVED_CALLBACK_PREFIX = 'nhitl1|';

/** Domain separation: a link tag is never a valid callback tag and the other way round. */
const LINK_CONTEXT = 'sales-brief/link/1';
const CALLBACK_CONTEXT = 'sales-brief/callback/1';

const BRIEF_ID_RE = /^[0-9A-Za-z]{1,12}$/;
const RECIPIENT_ID_RE = /^[0-9A-Za-z._@-]{1,32}$/;
const VERSION_DECIMAL_RE = /^[1-9][0-9]{0,2}$/;
const LINK_SIGNATURE_RE = /^[0-9A-Za-z_-]{22}$/;
const CALLBACK_RE =
	/^sb1([aq])([0-9A-Za-z_-]{12})([1-9a-z][0-9a-z]?):([0-9A-Za-z]{1,12}):([0-9A-Za-z._@-]{1,32})$/;

/** Any link parameter longer than this is rejected before it is looked at further. */
const MAX_LINK_FIELD_LENGTH = 64;

const ACTION_TO_CODE: Record<BriefAction, 'a' | 'q'> = { ack: 'a', question: 'q' };
const CODE_TO_ACTION: Record<'a' | 'q', BriefAction> = { a: 'ack', q: 'question' };

/** HMAC-SHA256 of UTF-8 `data` under UTF-8 `key` (exported so tests can check it against RFC 4231). */
export function hmacSha256(key: string | Buffer, data: string | Buffer): Buffer {
	return createHmac('sha256', key).update(data).digest();
}

/**
 * The signing key must come from the "Sales Bridge Signing Key" credential and be at least 32
 * characters. Throws a plain Error that says how to fix it.
 */
export function checkSecret(secret: unknown): asserts secret is string {
	if (typeof secret !== 'string' || secret.length === 0) {
		throw new Error(
			'The Sales Bridge Signing Key credential has no Signing Key. Open the credential and paste a random ' +
				`key of at least ${MIN_SECRET_LENGTH} characters (for example the output of "openssl rand -base64 32").`,
		);
	}
	const length = Array.from(secret).length;
	if (length < MIN_SECRET_LENGTH) {
		throw new Error(
			`The Sales Bridge Signing Key is too short (${length} characters). Open the credential and paste a ` +
				`random key of at least ${MIN_SECRET_LENGTH} characters (for example the output of ` +
				'"openssl rand -base64 32"). Links and buttons already sent with the old key stop verifying.',
		);
	}
}

/** Why these claims cannot be signed, or null when they can. */
export function claimsProblem(claims: unknown): string | null {
	if (typeof claims !== 'object' || claims === null) return 'claims must be an object';
	const c = claims as Record<string, unknown>;
	if (typeof c.briefId !== 'string' || !BRIEF_ID_RE.test(c.briefId)) {
		return `briefId must be 1–${BRIEF_ID_MAX_LENGTH} characters of 0-9, A-Z, a-z`;
	}
	if (
		typeof c.version !== 'number' ||
		!Number.isInteger(c.version) ||
		c.version < 1 ||
		c.version > VERSION_MAX
	) {
		return `version must be a whole number from 1 to ${VERSION_MAX}`;
	}
	if (typeof c.recipientId !== 'string' || !RECIPIENT_ID_RE.test(c.recipientId)) {
		return `recipientId must be 1–${RECIPIENT_ID_MAX_LENGTH} characters of 0-9, A-Z, a-z, ".", "_", "@", "-"`;
	}
	if (c.action !== 'ack' && c.action !== 'question') {
		return 'action must be "ack" or "question"';
	}
	return null;
}

function assertClaims(claims: BriefClaims, where: string): void {
	const problem = claimsProblem(claims);
	if (problem !== null) throw new Error(`Cannot sign the ${where}: ${problem}.`);
}

/**
 * The bytes the tag covers. Fields are joined by "\n", which no field may contain (validated), and
 * the field count is fixed, so two different claim sets never give the same string.
 */
export function canonicalClaims(context: string, claims: BriefClaims): string {
	return [context, claims.action, claims.briefId, String(claims.version), claims.recipientId].join(
		'\n',
	);
}

function tag(context: string, claims: BriefClaims, secret: string, bytes: number): string {
	return hmacSha256(secret, canonicalClaims(context, claims))
		.subarray(0, bytes)
		.toString('base64url');
}

/** Constant-time comparison of two ASCII strings already known to have the same length. */
function sameTag(expected: string, given: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

const fail = (reason: VerifyFailure): VerifyResult => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// Links

export function signLink(claims: BriefClaims, secret: string): LinkParams {
	checkSecret(secret);
	assertClaims(claims, 'link');
	return {
		b: claims.briefId,
		v: String(claims.version),
		r: claims.recipientId,
		a: claims.action,
		s: tag(LINK_CONTEXT, claims, secret, LINK_SIGNATURE_BYTES),
	};
}

const LINK_KEYS = ['b', 'v', 'r', 'a', 's'] as const;

/**
 * Verifies link parameters as a webhook receives them (query of the GET, form body of the POST):
 * values may be strings, arrays (repeated keys), objects (qs brackets) or absent. Never throws on
 * such input; throws only when the secret itself is unusable (a configuration error).
 */
export function verifyLink(params: unknown, secret: string): VerifyResult {
	checkSecret(secret);
	try {
		return verifyLinkParams(params, secret);
	} catch {
		return fail('malformed');
	}
}

function verifyLinkParams(params: unknown, secret: string): VerifyResult {
	if (params === null || params === undefined) return fail('missing');
	if (typeof params !== 'object' || Array.isArray(params)) return fail('malformed');
	const record = params as Record<string, unknown>;
	const values: unknown[] = LINK_KEYS.map((key) =>
		Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined,
	);
	if (values.some((value) => value === undefined || value === '')) return fail('missing');
	if (values.some((value) => typeof value !== 'string' || value.length > MAX_LINK_FIELD_LENGTH)) {
		return fail('malformed');
	}
	const [b, v, r, a, s] = values as string[];
	if (
		!BRIEF_ID_RE.test(b) ||
		!VERSION_DECIMAL_RE.test(v) ||
		!RECIPIENT_ID_RE.test(r) ||
		(a !== 'ack' && a !== 'question') ||
		!LINK_SIGNATURE_RE.test(s)
	) {
		return fail('malformed');
	}
	const claims: BriefClaims = { briefId: b, version: Number(v), recipientId: r, action: a };
	const expected = tag(LINK_CONTEXT, claims, secret, LINK_SIGNATURE_BYTES);
	return sameTag(expected, s) ? { ok: true, claims } : fail('bad-signature');
}

// ---------------------------------------------------------------------------------------------
// Telegram callback data

/**
 * `sb1` + action code (`a`|`q`) + 12-character tag + version in base 36 (1–2 characters) + `:` +
 * briefId + `:` + recipientId. Longest: 3 + 1 + 12 + 2 + 1 + 12 + 1 + 32 = 64 bytes.
 */
export function signCallback(claims: BriefClaims, secret: string): string {
	checkSecret(secret);
	assertClaims(claims, 'Telegram button');
	const data =
		CALLBACK_PREFIX +
		ACTION_TO_CODE[claims.action] +
		tag(CALLBACK_CONTEXT, claims, secret, CALLBACK_SIGNATURE_BYTES) +
		claims.version.toString(36) +
		':' +
		claims.briefId +
		':' +
		claims.recipientId;
	// Unreachable with the caps above; a guard so a future cap change cannot ship oversized buttons.
	if (Buffer.byteLength(data, 'utf8') > CALLBACK_MAX_BYTES) {
		throw new Error(`Telegram button data would exceed ${CALLBACK_MAX_BYTES} bytes.`);
	}
	return data;
}

/** True when `data` is in this format (so a trigger can ignore other bots' or n8n's own buttons). */
export function isBriefCallback(data: unknown): boolean {
	return typeof data === 'string' && data.startsWith(CALLBACK_PREFIX);
}

/** Verifies Telegram callback_query.data. Never throws on hostile input. */
export function verifyCallback(data: unknown, secret: string): VerifyResult {
	checkSecret(secret);
	try {
		return verifyCallbackData(data, secret);
	} catch {
		return fail('malformed');
	}
}

function verifyCallbackData(data: unknown, secret: string): VerifyResult {
	if (data === null || data === undefined || data === '') return fail('missing');
	if (typeof data !== 'string' || data.length > CALLBACK_MAX_BYTES) return fail('malformed');
	const match = CALLBACK_RE.exec(data);
	if (match === null) return fail('malformed');
	const [, code, sig, version36, briefId, recipientId] = match;
	const version = parseInt(version36, 36);
	if (version < 1 || version > VERSION_MAX) return fail('malformed');
	const claims: BriefClaims = {
		briefId,
		version,
		recipientId,
		action: CODE_TO_ACTION[code as 'a' | 'q'],
	};
	const expected = tag(CALLBACK_CONTEXT, claims, secret, CALLBACK_SIGNATURE_BYTES);
	return sameTag(expected, sig) ? { ok: true, claims } : fail('bad-signature');
}

// ---------------------------------------------------------------------------------------------
// Lead-verdict Telegram buttons (format 2, additive: the functions above are unchanged)

/**
 * A sales rep's one-click verdict on a lead, sent as Telegram callback data by the verdict buttons
 * (docs/brief-links.md, "Lead-verdict buttons"). Accept carries an optional lead-quality score 1–5,
 * reject a reason code (feedback/reasons.ts or a user code).
 */
export type VerdictClaims =
	| { crm: VerdictCrm; dealId: string; decision: 'accept'; quality: number | null }
	| { crm: VerdictCrm; dealId: string; decision: 'reject'; reasonCode: string };

/** The CRMs of CRM Sales Data (its `crm` parameter values) and their one-character codes. */
export const VERDICT_CRM_CODES = {
	demo: 'd',
	amocrm: 'm',
	bitrix24: 'b',
	hubspot: 'h',
	pipedrive: 'p',
} as const;
export type VerdictCrm = keyof typeof VERDICT_CRM_CODES;

export const VERDICT_CALLBACK_PREFIX = 'sb2';
export const VERDICT_DEAL_ID_MAX_LENGTH = 25;
export const VERDICT_REASON_MAX_LENGTH = 20;

export type VerdictVerifyResult =
	| { ok: true; claims: VerdictClaims }
	| { ok: false; reason: VerifyFailure };

const VERDICT_CONTEXT = 'sales-bridge/verdict/2';
const VERDICT_DEAL_ID_RE = /^[0-9A-Za-z_-]{1,25}$/;
const VERDICT_REASON_RE = /^[a-z][a-z0-9_]{0,19}$/;
const VERDICT_RE =
	/^sb2([ar])([0-9A-Za-z_-]{12})([dmbhp]):([0-9A-Za-z_-]{1,25}):([a-z0-9_]{0,20})$/;
const CODE_TO_CRM: Record<string, VerdictCrm> = Object.fromEntries(
	Object.entries(VERDICT_CRM_CODES).map(([crm, code]) => [code, crm as VerdictCrm]),
);

/** Why these verdict claims cannot be signed, or null when they can. */
export function verdictClaimsProblem(claims: unknown): string | null {
	if (typeof claims !== 'object' || claims === null) return 'claims must be an object';
	const c = claims as Record<string, unknown>;
	if (
		typeof c.crm !== 'string' ||
		!Object.prototype.hasOwnProperty.call(VERDICT_CRM_CODES, c.crm)
	) {
		return `crm must be one of ${Object.keys(VERDICT_CRM_CODES).join(', ')}`;
	}
	if (typeof c.dealId !== 'string' || !VERDICT_DEAL_ID_RE.test(c.dealId)) {
		return `dealId must be 1–${VERDICT_DEAL_ID_MAX_LENGTH} characters of 0-9, A-Z, a-z, "_", "-"`;
	}
	if (c.decision === 'accept') {
		if (
			c.quality !== null &&
			(typeof c.quality !== 'number' ||
				!Number.isInteger(c.quality) ||
				c.quality < 1 ||
				c.quality > 5)
		) {
			return 'quality must be null or a whole number from 1 to 5';
		}
		return null;
	}
	if (c.decision === 'reject') {
		if (typeof c.reasonCode !== 'string' || !VERDICT_REASON_RE.test(c.reasonCode)) {
			return `reasonCode must be 1–${VERDICT_REASON_MAX_LENGTH} characters of a-z, 0-9, "_", starting with a letter`;
		}
		return null;
	}
	return 'decision must be "accept" or "reject"';
}

/** The value field: the quality digit (or '' for none) for accept, the reason code for reject. */
function verdictValue(claims: VerdictClaims): string {
	return claims.decision === 'accept'
		? claims.quality === null
			? ''
			: String(claims.quality)
		: claims.reasonCode;
}

/** `<context>\n<decision>\n<crm>\n<dealId>\n<value>`: fixed field count, no field can contain "\n". */
export function canonicalVerdictClaims(claims: VerdictClaims): string {
	return [VERDICT_CONTEXT, claims.decision, claims.crm, claims.dealId, verdictValue(claims)].join(
		'\n',
	);
}

function verdictTag(claims: VerdictClaims, secret: string): string {
	return hmacSha256(secret, canonicalVerdictClaims(claims))
		.subarray(0, CALLBACK_SIGNATURE_BYTES)
		.toString('base64url');
}

/**
 * `sb2` + decision (`a`|`r`) + 12-character tag + CRM code + `:` + dealId + `:` + value.
 * Longest: 3 + 1 + 12 + 1 + 1 + 25 + 1 + 20 = 64 bytes.
 */
export function signVerdictCallback(claims: VerdictClaims, secret: string): string {
	checkSecret(secret);
	const problem = verdictClaimsProblem(claims);
	if (problem !== null) throw new Error(`Cannot sign the verdict button: ${problem}.`);
	const data =
		VERDICT_CALLBACK_PREFIX +
		(claims.decision === 'accept' ? 'a' : 'r') +
		verdictTag(claims, secret) +
		VERDICT_CRM_CODES[claims.crm] +
		':' +
		claims.dealId +
		':' +
		verdictValue(claims);
	if (Buffer.byteLength(data, 'utf8') > CALLBACK_MAX_BYTES) {
		throw new Error(`Telegram button data would exceed ${CALLBACK_MAX_BYTES} bytes.`);
	}
	return data;
}

/** True when `data` is in the verdict format. */
export function isVerdictCallback(data: unknown): boolean {
	return typeof data === 'string' && data.startsWith(VERDICT_CALLBACK_PREFIX);
}

/** Verifies a verdict button's callback_query.data. Never throws on hostile input. */
export function verifyVerdictCallback(data: unknown, secret: string): VerdictVerifyResult {
	checkSecret(secret);
	try {
		return verifyVerdictData(data, secret);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

function verifyVerdictData(data: unknown, secret: string): VerdictVerifyResult {
	if (data === null || data === undefined || data === '') return { ok: false, reason: 'missing' };
	if (typeof data !== 'string' || data.length > CALLBACK_MAX_BYTES) {
		return { ok: false, reason: 'malformed' };
	}
	const match = VERDICT_RE.exec(data);
	if (match === null) return { ok: false, reason: 'malformed' };
	const [, decisionCode, sig, crmCode, dealId, value] = match;
	let claims: VerdictClaims;
	if (decisionCode === 'a') {
		if (value !== '' && !/^[1-5]$/.test(value)) return { ok: false, reason: 'malformed' };
		claims = {
			crm: CODE_TO_CRM[crmCode],
			dealId,
			decision: 'accept',
			quality: value === '' ? null : Number(value),
		};
	} else {
		if (!VERDICT_REASON_RE.test(value)) return { ok: false, reason: 'malformed' };
		claims = { crm: CODE_TO_CRM[crmCode], dealId, decision: 'reject', reasonCode: value };
	}
	return sameTag(verdictTag(claims, secret), sig)
		? { ok: true, claims }
		: { ok: false, reason: 'bad-signature' };
}
