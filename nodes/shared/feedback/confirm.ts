/**
 * The confirm page of a signed Sales Brief link (docs/brief-links.md, "Confirm, then POST"): opening the link records
 * nothing; the page's button POSTs the five signed parameters back to the same URL as hidden fields. No script submits
 * it (some scanners run JavaScript).
 */
import type { BriefClaims, LinkParams } from '../brief/signing';
import { escapeHtml } from '../render/escape';
import { page } from './form';
import type { FeedbackLanguage } from './texts';
import { feedbackTexts } from './texts';
import { LONG_TEXT_MAX } from './validate';

export interface ConfirmOptions {
	language: FeedbackLanguage;
	claims: BriefClaims;
	params: LinkParams;
	question?: string;
	error?: string;
}

export function confirmPage(options: ConfirmOptions): string {
	const { language, claims, params } = options;
	const texts = feedbackTexts(language);
	const title = escapeHtml(texts.confirmTitle(claims.briefId, claims.version));
	const hidden = (['b', 'v', 'r', 'a', 's'] as const)
		.map((key) => `<input type="hidden" name="${key}" value="${escapeHtml(params[key])}">`)
		.join('');
	const isQuestion = claims.action === 'question';
	const error = options.error
		? `<p class="error" id="question-error">${escapeHtml(options.error)}</p>`
		: '';
	const field = isQuestion
		? `<label for="question">${escapeHtml(texts.questionLabel)}</label>` +
			`<textarea id="question" name="question" maxlength="${LONG_TEXT_MAX}"${options.error ? ' aria-invalid="true" aria-describedby="question-error"' : ''}>${escapeHtml(options.question ?? '')}</textarea>${error}`
		: '';
	const body =
		`<h1>${title}</h1>` +
		`<p>${escapeHtml(isQuestion ? texts.confirmQuestionText : texts.confirmAckText)}</p>` +
		`<form method="post" accept-charset="utf-8" novalidate>${hidden}` +
		`<input type="hidden" name="lang" value="${language}">` +
		(field ? `<fieldset>${field}</fieldset>` : '') +
		`<button type="submit">${escapeHtml(isQuestion ? texts.confirmQuestionButton : texts.confirmAckButton)}</button>` +
		'</form>';
	return page(language, title, body);
}
