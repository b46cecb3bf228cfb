/**
 * Deterministic Feedback ids: a SHA-256 over the submission's content (never its arrival time), so the same
 * submission — a double click, a browser resend, a retried webhook — always gets the same id and storage can
 * de-duplicate on it. Fields are JSON-encoded in a fixed order, so no two different submissions share the input.
 */
import { createHash } from 'crypto';

import type { Feedback } from './types';

export function feedbackId(feedback: Omit<Feedback, 'id' | 'submittedAt'>): string {
	const canonical = JSON.stringify([
		'feedback/1',
		feedback.type,
		feedback.rep,
		feedback.crm,
		feedback.dealId,
		feedback.decision,
		feedback.reasonCode,
		feedback.quality,
		feedback.firstWords,
		feedback.purchasePurpose,
		feedback.whatMatters,
		feedback.objections,
		feedback.text,
		feedback.briefId,
		feedback.briefVersion,
		feedback.utm.source,
		feedback.utm.medium,
		feedback.utm.campaign,
		feedback.utm.content,
		feedback.utm.term,
	]);
	return `fb_${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 32)}`;
}
