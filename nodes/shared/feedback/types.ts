/**
 * The Feedback record (shared/design.md, "Records"): what the Sales Feedback Trigger emits and the Feedback Router
 * and the feedback reports read. Missing values are null, never "".
 */

/** Where the feedback came from. */
export const FEEDBACK_TYPES = [
	'form',
	'acknowledgement',
	'question',
	'verdict',
	'message',
] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

/** The router's classes; one output each. */
export const FEEDBACK_CATEGORIES = [
	'leadVerdict',
	'customerVoice',
	'acknowledgement',
	'question',
	'other',
] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export interface FeedbackUtm {
	source: string | null;
	medium: string | null;
	campaign: string | null;
	content: string | null;
	term: string | null;
}

export interface Feedback {
	/** Deterministic from the submission's content: the same submission gives the same id. */
	id: string;
	type: FeedbackType;
	/** ISO-8601 UTC. */
	submittedAt: string;
	/** Who sent it (rep id or name; for brief links the signed recipient id). */
	rep: string | null;
	crm: string | null;
	dealId: string | null;
	decision: 'accept' | 'reject' | null;
	/** A code from feedback/reasons.ts or a user-added one. */
	reasonCode: string | null;
	/** 1–5. */
	quality: number | null;
	/** The three questions: what clients say first, why they buy, what matters to them. */
	firstWords: string | null;
	purchasePurpose: string | null;
	whatMatters: string | null;
	objections: string | null;
	text: string | null;
	briefId: string | null;
	/** Set for acknowledgements and questions from signed brief links / buttons. */
	briefVersion: number | null;
	language: 'en' | 'ru' | null;
	utm: FeedbackUtm;
}
