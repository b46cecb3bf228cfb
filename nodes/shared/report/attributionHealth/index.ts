/** Attribution health: the data problems that break attribution, per group, and who should fix each. */
import type { ReportDefinition } from '../present';
import { computeAttributionHealth } from './compute';
import { presentAttributionHealth } from './present';

export * from './compute';
export { presentAttributionHealth } from './present';
export { attributionHealthTexts } from './texts';
export type { AttributionHealthTexts } from './texts';

export const attributionHealthReport: ReportDefinition = {
	type: 'attributionHealth',
	defaultGroupBy: ['owner'],
	run: (deals, compute, present) =>
		presentAttributionHealth(
			computeAttributionHealth(deals, {
				readers: compute.readers,
				period: compute.period,
				trackMembers: compute.trackMembers,
			}),
			present,
		),
};
