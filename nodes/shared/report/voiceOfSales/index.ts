/** Voice of sales: the words and phrases sales hears most, per question, campaign and channel, with quotes. */
import type { FeedbackReportDefinition } from '../feedbackInput';
import { computeVoiceOfSales } from './compute';
import { presentVoiceOfSales } from './present';

export * from './compute';
export { presentVoiceOfSales } from './present';
export { voiceOfSalesTexts } from './texts';
export type { VoiceOfSalesTexts } from './texts';

export const voiceOfSalesReport: FeedbackReportDefinition = {
	type: 'voiceOfSales',
	reads: 'feedback',
	defaultGroupBy: ['utmCampaign', 'channel'],
	run: (feedback, compute, present) =>
		presentVoiceOfSales(computeVoiceOfSales(feedback, compute), present),
};
