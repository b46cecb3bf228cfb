/** Acknowledgement status: per brief version, who acknowledged, who asked a question, who has not answered in time. */
import type { FeedbackReportDefinition } from '../feedbackInput';
import { computeAcknowledgements } from './compute';
import { presentAcknowledgements } from './present';

export * from './compute';
export { presentAcknowledgements } from './present';
export { acknowledgementTexts } from './texts';
export type { AcknowledgementTexts } from './texts';

export const acknowledgementsReport: FeedbackReportDefinition = {
	type: 'acknowledgements',
	reads: 'feedback',
	defaultGroupBy: ['owner'],
	run: (feedback, compute, present) =>
		presentAcknowledgements(computeAcknowledgements(feedback, compute), present),
};
