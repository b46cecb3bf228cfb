/** Lost reasons per group: counts, shares and the class (lead quality, handling, other) of each reason. */
import type { ReportDefinition } from '../present';
import { computeLostReasons } from './compute';
import { presentLostReasons } from './present';

export * from './compute';
export { presentLostReasons } from './present';
export { lostReasonsTexts } from './texts';
export type { LostReasonsTexts } from './texts';

export const lostReasonsReport: ReportDefinition = {
	type: 'lostReasons',
	defaultGroupBy: ['channel'],
	run: (deals, compute, present) =>
		presentLostReasons(
			computeLostReasons(deals, {
				readers: compute.readers,
				period: compute.period,
				overrides: compute.lostReasonOverrides,
				trackMembers: compute.trackMembers,
			}),
			present,
		),
};
