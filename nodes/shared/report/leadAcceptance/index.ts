/** Lead acceptance: how many leads sales accepted per channel and campaign, against the target, and why it rejected. */
import type { FeedbackReportDefinition } from '../feedbackInput';
import { computeLeadAcceptance, reasonNamer } from './compute';
import { presentLeadAcceptance } from './present';

export * from './compute';
export { presentLeadAcceptance } from './present';
export { leadAcceptanceTexts } from './texts';
export type { LeadAcceptanceTexts } from './texts';

export const leadAcceptanceReport: FeedbackReportDefinition = {
	type: 'leadAcceptance',
	reads: 'feedback',
	defaultGroupBy: ['channel', 'utmCampaign'],
	run: (feedback, compute, present) =>
		presentLeadAcceptance(
			computeLeadAcceptance(
				feedback,
				compute,
				reasonNamer(compute.userReasons ?? [], present.texts.language),
			),
			present,
		),
};
