/** Lead quality by channel: volume, outcome, money and speed of closing per group; with spend, CPL and ROMI. */
import type { ReportDefinition } from '../present';
import { computeLeadQuality } from './compute';
import { presentLeadQuality } from './present';

export * from './compute';
export { leadQualityChart, CHART_MAX_GROUPS } from './chart';
export type { LeadQualityChart } from './chart';
export { presentLeadQuality } from './present';
export { leadQualityTexts } from './texts';
export type { LeadQualityTexts } from './texts';

export const leadQualityReport: ReportDefinition = {
	type: 'leadQuality',
	defaultGroupBy: ['channel'],
	run: (deals, compute, present) =>
		presentLeadQuality(
			computeLeadQuality(deals, {
				readers: compute.readers,
				period: compute.period,
				currency: compute.currency,
				spend: compute.spend,
				trackMembers: compute.trackMembers,
			}),
			present,
		),
};
