/**
 * Validation of one submission (after mapping.ts picked the fields) with zod. Every problem is reported per field, in
 * the form's language, and nothing is thrown: whatever a client sends, the result is either clean values or messages.
 */
import { z } from '../transport/envelopes';
import type { ReasonCode } from './reasons';
import { isReasonCodeShape, reasonCatalogue } from './reasons';
import type { FeedbackField } from './mapping';
import type { FeedbackLanguage, ValidationMessages } from './texts';
import { feedbackTexts, parseLanguage } from './texts';

export const LONG_TEXT_MAX = 4000;
export const SHORT_TEXT_MAX = 200;
export const ID_MAX = 64;

export interface CleanSubmission {
	dealId: string | null;
	crm: string | null;
	rep: string | null;
	briefId: string | null;
	briefVersion: number | null;
	decision: 'accept' | 'reject' | null;
	reasonCode: string | null;
	quality: number | null;
	firstWords: string | null;
	purchasePurpose: string | null;
	whatMatters: string | null;
	objections: string | null;
	text: string | null;
	lang: FeedbackLanguage | null;
	utmSource: string | null;
	utmMedium: string | null;
	utmCampaign: string | null;
	utmContent: string | null;
	utmTerm: string | null;
}

/** Field → message; `_form` for a problem of the submission as a whole. */
export type FieldErrors = Partial<Record<FeedbackField | '_form', string>>;

export type ValidationResult =
	| { ok: true; value: CleanSubmission }
	| { ok: false; errors: FieldErrors };

// C0 controls except tab, line feed and carriage return, DEL, and unpaired UTF-16 surrogates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ID_RE = /^[\p{L}\p{N}._:@/#-]{1,64}$/u;
const BRIEF_ID_RE = /^[0-9A-Za-z]{1,12}$/;
const CRM_RE = /^[a-z0-9_-]{1,32}$/i;

const ACCEPT_WORDS = new Set(['accept', 'accepted', 'yes', 'принять', 'принята']);
const REJECT_WORDS = new Set(['reject', 'rejected', 'no', 'отклонить', 'отклонена']);

type Ctx = z.RefinementCtx;

/** A single text value: strings as they are, finite numbers as their decimal; '' and whitespace mean "not given". */
function textValue(max: number, m: ValidationMessages, numbersOk: boolean) {
	return z.unknown().transform((value, ctx: Ctx): string | null => {
		if (value === undefined || value === null) return null;
		let text: string;
		if (typeof value === 'string') text = value;
		else if (numbersOk && typeof value === 'number' && Number.isFinite(value)) text = String(value);
		else {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.notText });
			return z.NEVER;
		}
		if (text.length > max) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.tooLong(max) });
			return z.NEVER;
		}
		if (CONTROL.test(text)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.notText });
			return z.NEVER;
		}
		const trimmed = text.replace(LONE_SURROGATE, '\ufffd').trim();
		return trimmed === '' ? null : trimmed;
	});
}

function patterned(pattern: RegExp, message: string, m: ValidationMessages) {
	return textValue(ID_MAX, m, true).transform((value, ctx: Ctx) => {
		if (value !== null && !pattern.test(value)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message });
			return z.NEVER;
		}
		return value;
	});
}

function wholeNumber(min: number, max: number, message: string) {
	return z.unknown().transform((value, ctx: Ctx): number | null => {
		if (value === undefined || value === null || value === '') return null;
		const number =
			typeof value === 'number'
				? value
				: typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)
					? Number(value)
					: NaN;
		if (!Number.isInteger(number) || number < min || number > max) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message });
			return z.NEVER;
		}
		return number;
	});
}

function submissionSchema(messages: ValidationMessages, catalogue: Map<string, ReasonCode>) {
	const m = messages;
	const long = () => textValue(LONG_TEXT_MAX, m, false);
	const short = () => textValue(SHORT_TEXT_MAX, m, true);
	return z
		.object({
			dealId: patterned(ID_RE, m.badId, m),
			crm: patterned(CRM_RE, m.badId, m),
			rep: short(),
			briefId: patterned(BRIEF_ID_RE, m.badId, m),
			briefVersion: wholeNumber(1, 999, m.badVersion),
			decision: z.unknown().transform((value, ctx: Ctx): 'accept' | 'reject' | null => {
				if (value === undefined || value === null || value === '') return null;
				const word = typeof value === 'string' ? value.trim().toLowerCase() : null;
				if (word !== null && ACCEPT_WORDS.has(word)) return 'accept';
				if (word !== null && REJECT_WORDS.has(word)) return 'reject';
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.badDecision });
				return z.NEVER;
			}),
			reasonCode: z.unknown().transform((value, ctx: Ctx): string | null => {
				if (value === undefined || value === null || value === '') return null;
				const code = typeof value === 'string' ? value.trim() : null;
				if (code === null || !isReasonCodeShape(code) || !catalogue.has(code)) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.badReason });
					return z.NEVER;
				}
				return code;
			}),
			quality: wholeNumber(1, 5, m.badQuality),
			firstWords: long(),
			purchasePurpose: long(),
			whatMatters: long(),
			objections: long(),
			text: long(),
			lang: z.unknown().transform((value, ctx: Ctx): FeedbackLanguage | null => {
				if (value === undefined || value === null || value === '') return null;
				const language = parseLanguage(value);
				if (language === null) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.badLanguage });
					return z.NEVER;
				}
				return language;
			}),
			utmSource: short(),
			utmMedium: short(),
			utmCampaign: short(),
			utmContent: short(),
			utmTerm: short(),
		})
		.superRefine((value, ctx) => {
			if (value.decision !== null && value.dealId === null) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['dealId'], message: m.dealNeeded });
			}
			if (value.decision === 'reject' && value.reasonCode === null) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['reasonCode'],
					message: m.reasonNeeded,
				});
			}
			const answered = [
				value.firstWords,
				value.purchasePurpose,
				value.whatMatters,
				value.objections,
				value.text,
				value.decision,
				value.quality,
				value.reasonCode,
			].some((field) => field !== null);
			if (!answered)
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['_form'], message: m.empty });
		});
}

/** Validates mapped fields; messages in `language`. */
export function validateSubmission(
	fields: Partial<Record<FeedbackField, unknown>>,
	language: FeedbackLanguage,
	userReasons: readonly ReasonCode[] = [],
): ValidationResult {
	const messages = feedbackTexts(language).messages;
	const result = submissionSchema(messages, reasonCatalogue(userReasons)).safeParse(fields);
	if (result.success) return { ok: true, value: result.data as CleanSubmission };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = (issue.path[0] ?? '_form') as FeedbackField | '_form';
		if (errors[key] === undefined) errors[key] = issue.message;
	}
	return { ok: false, errors };
}

/** The question text of a signed "question" link: required, long text rules. */
export function validateQuestion(
	value: unknown,
	language: FeedbackLanguage,
): { ok: true; text: string } | { ok: false; errors: FieldErrors } {
	const m = feedbackTexts(language).messages;
	const result = textValue(LONG_TEXT_MAX, m, false).safeParse(value);
	if (!result.success) return { ok: false, errors: { text: result.error.issues[0].message } };
	if (result.data === null) return { ok: false, errors: { text: m.questionNeeded } };
	return { ok: true, text: result.data };
}
