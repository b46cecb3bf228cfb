/**
 * The hosted pages of the Sales Feedback Trigger: the feedback form, the thank-you page and plain message pages. Plain
 * HTML with one inline <style>: no scripts, no external assets, so they work without JavaScript and under the sandbox
 * Content-Security-Policy n8n puts on webhook HTML (`sandbox allow-forms …`, no `allow-same-origin`: forms may post, the
 * page has an opaque origin). Every value from the request is escaped with render/escape.ts.
 */
import { escapeHtml } from '../render/escape';
import type { FieldErrors } from './validate';
import type { FeedbackField } from './mapping';
import { HONEYPOT_FIELD } from './mapping';
import type { ReasonClass, ReasonCode } from './reasons';
import { reasonCatalogue } from './reasons';
import type { FeedbackLanguage, FeedbackTexts } from './texts';
import { feedbackTexts } from './texts';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX } from './validate';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Arial,sans-serif;background:#f4f5f7;color:#1f2328}
main{max-width:640px;margin:0 auto;padding:16px}
h1{font-size:1.4em;margin:.4em 0}
fieldset{border:1px solid #d0d7de;border-radius:8px;background:#fff;margin:0 0 16px;padding:12px 14px}
legend{font-weight:600;padding:0 4px}
label{display:block;font-weight:500;margin:12px 0 4px}
.hint{color:#57606a;font-size:.9em;margin:0 0 4px}
input[type=text],textarea,select{width:100%;font:inherit;padding:10px;border:1px solid #8c959f;border-radius:6px;background:#fff}
textarea{min-height:5.5em;resize:vertical}
.choices{display:flex;flex-wrap:wrap;gap:8px 16px}
.choices label{display:flex;align-items:center;gap:6px;font-weight:400;margin:4px 0}
button{font:inherit;font-weight:600;background:#1f6feb;color:#fff;border:0;border-radius:6px;padding:12px 20px;width:100%}
.error{color:#b42318;font-size:.9em;margin:4px 0 0}
.summary{border:1px solid #b42318;background:#fff4f2;color:#b42318;border-radius:8px;padding:10px 14px;margin:0 0 16px}
[aria-invalid=true]{border-color:#b42318}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (min-width:600px){button{width:auto}}
`;

/** A complete page; `title` and `body` are already HTML. */
export function page(language: FeedbackLanguage, title: string, body: string): string {
	const texts = feedbackTexts(language);
	return (
		`<!DOCTYPE html><html lang="${texts.htmlLang}"><head><meta charset="utf-8">` +
		'<meta name="viewport" content="width=device-width, initial-scale=1">' +
		'<meta name="referrer" content="no-referrer">' +
		`<title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
	);
}

export function messagePage(language: FeedbackLanguage, title: string, text: string): string {
	return page(
		language,
		escapeHtml(title),
		`<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`,
	);
}

export function thankYouPage(language: FeedbackLanguage, text?: string): string {
	const texts = feedbackTexts(language);
	return messagePage(language, texts.thanksTitle, text ?? texts.thanksText);
}

/** Values to show in the form: prefilled from the query, or what the person sent when it is shown again. */
export type FormValues = Partial<Record<FeedbackField, string>>;

export interface FormOptions {
	language: FeedbackLanguage;
	values?: FormValues;
	errors?: FieldErrors;
	userReasons?: readonly ReasonCode[];
	title?: string;
}

function errorFor(errors: FieldErrors, field: FeedbackField): string {
	const message = errors[field];
	return message === undefined
		? ''
		: `<p class="error" id="${field}-error">${escapeHtml(message)}</p>`;
}

function invalid(errors: FieldErrors, field: FeedbackField): string {
	return errors[field] === undefined
		? ''
		: ` aria-invalid="true" aria-describedby="${field}-error"`;
}

/** The form's input names: our field names (mapping.ts), so the POST maps without aliases. */
const INPUT_NAME: Partial<Record<FeedbackField, string>> = {
	text: 'comment',
	utmSource: 'utm_source',
	utmMedium: 'utm_medium',
	utmCampaign: 'utm_campaign',
	utmContent: 'utm_content',
	utmTerm: 'utm_term',
};

export function inputName(field: FeedbackField): string {
	return INPUT_NAME[field] ?? field;
}

const HIDDEN_FIELDS: readonly FeedbackField[] = [
	'crm',
	'briefId',
	'briefVersion',
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'utmContent',
	'utmTerm',
];

function reasonOptions(
	texts: FeedbackTexts,
	selected: string,
	userReasons: readonly ReasonCode[],
	language: FeedbackLanguage,
): string {
	const groups: Array<[ReasonClass, string]> = [
		['leadQuality', texts.leadQualityGroup],
		['handling', texts.handlingGroup],
		['other', texts.otherGroup],
	];
	const catalogue = [...reasonCatalogue(userReasons).values()];
	const option = (reason: ReasonCode) =>
		`<option value="${escapeHtml(reason.code)}"${reason.code === selected ? ' selected' : ''}>${escapeHtml(reason[language] || reason.en || reason.code)}</option>`;
	return (
		`<option value="">${escapeHtml(texts.noReason)}</option>` +
		groups
			.map(([reasonClass, label]) => {
				const members = catalogue.filter((reason) => reason.class === reasonClass);
				return members.length === 0
					? ''
					: `<optgroup label="${escapeHtml(label)}">${members.map(option).join('')}</optgroup>`;
			})
			.join('')
	);
}

export function feedbackForm(options: FormOptions): string {
	const { language } = options;
	const values = options.values ?? {};
	const errors = options.errors ?? {};
	const texts = feedbackTexts(language);
	const value = (field: FeedbackField) => escapeHtml(values[field] ?? '');
	const textarea = (field: FeedbackField, label: string, hint = '') =>
		`<label for="${field}">${escapeHtml(label)}</label>` +
		(hint ? `<p class="hint">${escapeHtml(hint)}</p>` : '') +
		`<textarea id="${field}" name="${inputName(field)}" maxlength="${LONG_TEXT_MAX}"${invalid(errors, field)}>${value(field)}</textarea>` +
		errorFor(errors, field);
	const textInput = (field: FeedbackField, label: string, max: number) =>
		`<label for="${field}">${escapeHtml(label)}</label>` +
		`<input type="text" id="${field}" name="${inputName(field)}" value="${value(field)}" maxlength="${max}"${invalid(errors, field)}>` +
		errorFor(errors, field);
	const decision = values.decision ?? '';
	const radio = (choice: string, label: string) =>
		`<label><input type="radio" name="decision" value="${choice}"${decision === choice ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
	const quality = values.quality ?? '';
	const qualityOptions =
		`<option value="">${escapeHtml(texts.noQuality)}</option>` +
		['1', '2', '3', '4', '5']
			.map((n) => `<option value="${n}"${quality === n ? ' selected' : ''}>${n}</option>`)
			.join('');
	const title = escapeHtml(options.title || texts.formTitle);
	const hasErrors = Object.keys(errors).length > 0;
	const body =
		`<h1>${title}</h1><p>${escapeHtml(texts.formIntro)}</p>` +
		(hasErrors
			? `<div class="summary" role="alert"><strong>${escapeHtml(texts.errorsTitle)}</strong>` +
				(errors._form ? `<p>${escapeHtml(errors._form)}</p>` : '') +
				// Fields without a visible input (prefilled hidden ones) are reported here, under their name.
				[...HIDDEN_FIELDS, 'lang' as FeedbackField]
					.filter((field) => errors[field] !== undefined)
					.map(
						(field) =>
							`<p id="${field}-error">${escapeHtml(inputName(field))}: ${escapeHtml(errors[field] ?? '')}</p>`,
					)
					.join('') +
				'</div>'
			: '') +
		// No action: the browser posts to this same URL (the query keeps the prefill for a second visit).
		`<form method="post" accept-charset="utf-8" novalidate>` +
		`<input type="hidden" name="lang" value="${language}">` +
		HIDDEN_FIELDS.map(
			(field) => `<input type="hidden" name="${inputName(field)}" value="${value(field)}">`,
		).join('') +
		`<fieldset><legend>${escapeHtml(texts.voiceLegend)}</legend>` +
		textarea('firstWords', texts.firstWords, texts.firstWordsHint) +
		textarea('purchasePurpose', texts.purchasePurpose) +
		textarea('whatMatters', texts.whatMatters) +
		textarea('objections', texts.objections) +
		'</fieldset>' +
		`<fieldset><legend>${escapeHtml(texts.verdictLegend)}</legend><p class="hint">${escapeHtml(texts.verdictHint)}</p>` +
		textInput('dealId', texts.dealId, 64) +
		`<label>${escapeHtml(texts.decision)}</label><div class="choices" role="radiogroup">` +
		radio('accept', texts.accept) +
		radio('reject', texts.reject) +
		radio('', texts.noDecision) +
		`</div>${errorFor(errors, 'decision')}` +
		`<label for="reasonCode">${escapeHtml(texts.reasonCode)}</label>` +
		`<select id="reasonCode" name="reasonCode"${invalid(errors, 'reasonCode')}>${reasonOptions(texts, values.reasonCode ?? '', options.userReasons ?? [], language)}</select>` +
		errorFor(errors, 'reasonCode') +
		`<label for="quality">${escapeHtml(texts.quality)}</label>` +
		`<select id="quality" name="quality"${invalid(errors, 'quality')}>${qualityOptions}</select>` +
		errorFor(errors, 'quality') +
		'</fieldset>' +
		`<fieldset><legend>${escapeHtml(texts.comment)}</legend>` +
		textarea('text', texts.comment) +
		textInput('rep', texts.rep, SHORT_TEXT_MAX) +
		'</fieldset>' +
		`<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${escapeHtml(texts.honeypot)}</label>` +
		`<input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" value="" tabindex="-1" autocomplete="off"></div>` +
		`<button type="submit">${escapeHtml(texts.submit)}</button>` +
		'</form>';
	return page(language, title, body);
}
