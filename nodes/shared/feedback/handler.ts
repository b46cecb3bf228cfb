/**
 * Everything the Sales Feedback Trigger does with one HTTP request, as a pure function: request in (method, query,
 * body and headers as n8n parsed them), response out (status, content type, body) plus the Feedback to emit, if any.
 * The node file only copies the response to n8n's response object. Nothing here throws on client input: every path
 * ends in a 2xx, 4xx or the configured thank-you page (see docs/nodes/salesFeedbackTrigger.md for the table).
 */
import type { BriefClaims, LinkParams } from '../brief/signing';
import { verifyLink } from '../brief/signing';
import type { FeedbackAuthConfig, Headers } from './auth';
import { checkAuth } from './auth';
import { confirmPage } from './confirm';
import type { FormValues } from './form';
import { feedbackForm, inputName, messagePage, thankYouPage } from './form';
import { feedbackId } from './id';
import type { FeedbackField } from './mapping';
import {
	FEEDBACK_FIELDS,
	HONEYPOT_FIELD,
	PREFILL_FIELDS,
	isPlainRecord,
	mapFields,
} from './mapping';
import type { ReasonCode } from './reasons';
import type { FeedbackLanguage } from './texts';
import { feedbackTexts, parseLanguage } from './texts';
import type { Feedback } from './types';
import type { FieldErrors } from './validate';
import { validateQuestion, validateSubmission } from './validate';

/** The sandbox policy n8n 2.40.7 sets on Form Trigger pages (n8n-core/dist/html-sandbox.js, getHtmlSandboxCSP). */
export const SANDBOX_CSP =
	'sandbox allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock allow-popups allow-popups-to-escape-sandbox allow-presentation allow-scripts allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols';

export const MAX_BODY_FIELDS = 200;

export interface FeedbackRequest {
	method: string;
	query: unknown;
	body: unknown;
	headers: Headers;
}

export interface TriggerConfig {
	defaultLanguage: FeedbackLanguage;
	auth: FeedbackAuthConfig;
	/** The Sales Bridge Signing Key, or null when brief links are not verified by this trigger. */
	signingSecret: string | null;
	userReasons: readonly ReasonCode[];
	formTitle?: string;
	now: () => Date;
}

/** What happened, for tests and logs (never shown to the client). */
export type Outcome =
	| 'form'
	| 'confirm'
	| 'recorded'
	| 'honeypot'
	| 'invalid'
	| 'unauthorized'
	| 'badLink'
	| 'unsupportedType'
	| 'notAnObject'
	| 'methodNotAllowed';

export interface FeedbackResponse {
	status: number;
	contentType: 'text/html; charset=utf-8' | 'application/json; charset=utf-8';
	body: string;
	headers: Record<string, string>;
	feedback: Feedback | null;
	outcome: Outcome;
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const LINK_KEYS = ['b', 'v', 'r', 'a', 's'] as const;

function own(record: unknown, key: string): unknown {
	if (!isPlainRecord(record)) return undefined;
	const descriptor = Object.getOwnPropertyDescriptor(record, key);
	return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

function headerText(headers: Headers, name: string): string {
	const value = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
	return typeof value === 'string' ? value.toLowerCase() : '';
}

function mediaType(headers: Headers): string {
	return headerText(headers, 'content-type').split(';')[0].trim();
}

/** JSON answers for JSON clients; HTML for browsers (their form posts are urlencoded or multipart). */
function wantsJson(headers: Headers): boolean {
	if (mediaType(headers) === 'application/json') return true;
	const accept = headerText(headers, 'accept');
	return accept.includes('application/json') && !accept.includes('text/html');
}

function respond(
	status: number,
	outcome: Outcome,
	html: string | null,
	json: unknown,
	asJson: boolean,
	feedback: Feedback | null = null,
	extra: Record<string, string> = {},
): FeedbackResponse {
	return {
		status,
		outcome,
		feedback,
		contentType: asJson || html === null ? JSON_TYPE : HTML,
		body: asJson || html === null ? JSON.stringify(json) : html,
		headers: {
			'Content-Security-Policy': SANDBOX_CSP,
			'Cache-Control': 'no-store',
			'X-Content-Type-Options': 'nosniff',
			// Signed links carry their signature in the URL; never hand it to another site.
			'Referrer-Policy': 'no-referrer',
			...extra,
		},
	};
}

function hasLinkParams(record: unknown): boolean {
	return LINK_KEYS.some((key) => own(record, key) !== undefined);
}

function pickLinkParams(record: unknown): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const key of LINK_KEYS) picked[key] = own(record, key);
	return picked;
}

function languageOf(config: TriggerConfig, ...sources: unknown[]): FeedbackLanguage {
	for (const source of sources) {
		const language = parseLanguage(own(source, 'lang'));
		if (language !== null) return language;
	}
	return config.defaultLanguage;
}

/** Prefill / re-show values: single strings only, cut to a sane length (validation reports the real problem). */
function formValues(source: unknown, fieldOf: (field: FeedbackField) => unknown): FormValues {
	const values: FormValues = {};
	if (!isPlainRecord(source)) return values;
	for (const field of FEEDBACK_FIELDS) {
		const value = fieldOf(field);
		if (typeof value === 'string') values[field] = value.slice(0, 4000);
		else if (typeof value === 'number' && Number.isFinite(value)) values[field] = String(value);
	}
	return values;
}

function emptyUtm() {
	return { source: null, medium: null, campaign: null, content: null, term: null };
}

export function handleFeedbackRequest(
	request: FeedbackRequest,
	config: TriggerConfig,
): FeedbackResponse {
	const method = request.method.toUpperCase();
	if (method === 'GET') return handleGet(request, config);
	if (method === 'POST') return handlePost(request, config);
	const language = languageOf(config, request.query);
	return respond(
		405,
		'methodNotAllowed',
		null,
		{ ok: false, error: 'Method not allowed' },
		true,
		null,
		{
			Allow: 'GET, POST',
			'Content-Language': language,
		},
	);
}

function badLink(language: FeedbackLanguage, asJson: boolean): FeedbackResponse {
	const texts = feedbackTexts(language);
	return respond(
		403,
		'badLink',
		messagePage(language, texts.linkInvalidTitle, texts.linkInvalidText),
		{ ok: false, error: texts.linkInvalidTitle },
		asJson,
	);
}

function unauthorized(
	language: FeedbackLanguage,
	challenge: string | null,
	asJson: boolean,
): FeedbackResponse {
	const texts = feedbackTexts(language);
	return respond(
		401,
		'unauthorized',
		messagePage(language, texts.unauthorized, texts.unauthorized),
		{ ok: false, error: texts.unauthorized },
		asJson,
		null,
		challenge ? { 'WWW-Authenticate': challenge } : {},
	);
}

function verify(
	params: unknown,
	config: TriggerConfig,
): { ok: true; claims: BriefClaims } | { ok: false } {
	if (config.signingSecret === null) return { ok: false };
	const result = verifyLink(params, config.signingSecret);
	return result.ok ? result : { ok: false };
}

function handleGet(request: FeedbackRequest, config: TriggerConfig): FeedbackResponse {
	const { query, headers } = request;
	const language = languageOf(config, query);
	if (hasLinkParams(query)) {
		const verified = verify(pickLinkParams(query), config);
		if (!verified.ok) return badLink(language, false);
		return respond(
			200,
			'confirm',
			confirmPage({
				language,
				claims: verified.claims,
				params: pickLinkParams(query) as unknown as LinkParams,
			}),
			null,
			false,
		);
	}
	const auth = checkAuth(config.auth, headers);
	if (!auth.ok) return unauthorized(language, auth.challenge, false);
	const mapped = isPlainRecord(query) ? mapFields(query) : {};
	const values = formValues(query, (field) =>
		PREFILL_FIELDS.includes(field) ? mapped[field] : undefined,
	);
	return respond(
		200,
		'form',
		feedbackForm({ language, values, userReasons: config.userReasons, title: config.formTitle }),
		null,
		false,
	);
}

function handlePost(request: FeedbackRequest, config: TriggerConfig): FeedbackResponse {
	const { query, headers } = request;
	const asJson = wantsJson(headers);
	const type = mediaType(headers);
	const queryLanguage = languageOf(config, query);
	let body: unknown;
	if (type === 'application/json' || type === 'application/x-www-form-urlencoded')
		body = request.body;
	else if (type === 'multipart/form-data') body = own(request.body, 'data');
	else {
		const texts = feedbackTexts(queryLanguage);
		return respond(
			415,
			'unsupportedType',
			messagePage(queryLanguage, texts.unsupportedType, texts.unsupportedType),
			{ ok: false, error: texts.unsupportedType },
			asJson,
		);
	}
	if (!isPlainRecord(body) || Object.keys(body).length > MAX_BODY_FIELDS) {
		const texts = feedbackTexts(queryLanguage);
		const message = isPlainRecord(body)
			? texts.messages.tooManyFields(MAX_BODY_FIELDS)
			: texts.notAnObject;
		return respond(
			400,
			'notAnObject',
			messagePage(queryLanguage, message, message),
			{ ok: false, error: message },
			asJson,
		);
	}
	const language = languageOf(config, body, query);
	if (hasLinkParams(body)) return handleLinkPost(body, language, asJson, config);

	const auth = checkAuth(config.auth, headers);
	if (!auth.ok) return unauthorized(language, auth.challenge, asJson);

	const honeypot = own(body, HONEYPOT_FIELD);
	if (honeypot !== undefined && honeypot !== '' && honeypot !== null) {
		// A bot: it sees the ordinary thank-you, nothing reaches the workflow.
		return respond(200, 'honeypot', thankYouPage(language), { ok: true }, asJson);
	}

	const mapped = mapFields(body);
	const result = validateSubmission(mapped, language, config.userReasons);
	if (!result.ok) return invalid(result.errors, body, mapped, language, asJson, config);
	const v = result.value;
	const record: Omit<Feedback, 'id' | 'submittedAt'> = {
		type: 'form',
		rep: v.rep,
		crm: v.crm,
		dealId: v.dealId,
		decision: v.decision,
		reasonCode: v.reasonCode,
		quality: v.quality,
		firstWords: v.firstWords,
		purchasePurpose: v.purchasePurpose,
		whatMatters: v.whatMatters,
		objections: v.objections,
		text: v.text,
		briefId: v.briefId,
		briefVersion: v.briefVersion,
		language: v.lang ?? language,
		utm: {
			source: v.utmSource,
			medium: v.utmMedium,
			campaign: v.utmCampaign,
			content: v.utmContent,
			term: v.utmTerm,
		},
	};
	const feedback: Feedback = {
		id: feedbackId(record),
		submittedAt: config.now().toISOString(),
		...record,
	};
	return respond(
		200,
		'recorded',
		thankYouPage(language),
		{ ok: true, id: feedback.id },
		asJson,
		feedback,
	);
}

function invalid(
	errors: FieldErrors,
	body: Record<string, unknown>,
	mapped: Partial<Record<FeedbackField, unknown>>,
	language: FeedbackLanguage,
	asJson: boolean,
	config: TriggerConfig,
): FeedbackResponse {
	const values = formValues(body, (field) => mapped[field]);
	// JSON clients get our field names and, where they used an alias, the name they sent.
	const fieldErrors: Record<string, string> = {};
	for (const [field, message] of Object.entries(errors))
		fieldErrors[field === 'text' ? inputName('text') : field] = message as string;
	return respond(
		400,
		'invalid',
		feedbackForm({
			language,
			values,
			errors,
			userReasons: config.userReasons,
			title: config.formTitle,
		}),
		{ ok: false, error: feedbackTexts(language).errorsTitle, fields: fieldErrors },
		asJson,
	);
}

function handleLinkPost(
	body: Record<string, unknown>,
	language: FeedbackLanguage,
	asJson: boolean,
	config: TriggerConfig,
): FeedbackResponse {
	const params = pickLinkParams(body);
	const verified = verify(params, config);
	if (!verified.ok) return badLink(language, asJson);
	const { claims } = verified;
	let text: string | null = null;
	if (claims.action === 'question') {
		const raw = own(body, 'question') ?? own(body, 'text');
		const question = validateQuestion(raw, language);
		if (!question.ok) {
			return respond(
				400,
				'invalid',
				confirmPage({
					language,
					claims,
					params: params as unknown as LinkParams,
					question: typeof raw === 'string' ? raw.slice(0, 4000) : '',
					error: question.errors.text,
				}),
				{
					ok: false,
					error: feedbackTexts(language).errorsTitle,
					fields: { question: question.errors.text },
				},
				asJson,
			);
		}
		text = question.text;
	}
	const record: Omit<Feedback, 'id' | 'submittedAt'> = {
		type: claims.action === 'ack' ? 'acknowledgement' : 'question',
		rep: claims.recipientId,
		crm: null,
		dealId: null,
		decision: null,
		reasonCode: null,
		quality: null,
		firstWords: null,
		purchasePurpose: null,
		whatMatters: null,
		objections: null,
		text,
		briefId: claims.briefId,
		briefVersion: claims.version,
		language,
		utm: emptyUtm(),
	};
	const feedback: Feedback = {
		id: feedbackId(record),
		submittedAt: config.now().toISOString(),
		...record,
	};
	const texts = feedbackTexts(language);
	return respond(
		200,
		'recorded',
		thankYouPage(language, claims.action === 'ack' ? texts.ackThanks : texts.questionThanks),
		{ ok: true, id: feedback.id },
		asJson,
		feedback,
	);
}
