import type { Feedback, FeedbackUtm } from '../../nodes/shared/feedback/types';

let nextId = 1;

export interface FeedbackSpec extends Partial<Omit<Feedback, 'utm'>> {
	utm?: Partial<FeedbackUtm> | null;
	/** Shorthand for utm.campaign / utm.source. */
	campaign?: string | null;
	channel?: string | null;
}

/** A Feedback record (nodes/shared/feedback/types.ts) with nulls; tests set only the fields they are about. */
export function feedback(spec: FeedbackSpec = {}): Feedback {
	const { utm, campaign, channel, ...rest } = spec;
	return {
		id: `fb-${nextId++}`,
		type: 'form',
		submittedAt: '2026-11-10T09:00:00.000Z',
		rep: null,
		crm: null,
		dealId: null,
		decision: null,
		reasonCode: null,
		quality: null,
		firstWords: null,
		purchasePurpose: null,
		whatMatters: null,
		objections: null,
		text: null,
		briefId: null,
		briefVersion: null,
		language: null,
		...rest,
		utm: {
			source: channel ?? null,
			medium: null,
			campaign: campaign ?? null,
			content: null,
			term: null,
			...(utm ?? {}),
		},
	};
}
