/** Speed to lead & SLA: minutes from creation to first contact, P50/P90, bands and SLA breaches per group. */
import type { ReportDefinition } from '../present';
import { computeSpeedToLead } from './compute';
import { presentSpeedToLead } from './present';

export * from './compute';
export { presentSpeedToLead } from './present';
export { speedToLeadTexts } from './texts';
export type { SpeedToLeadTexts } from './texts';

export const speedToLeadReport: ReportDefinition = {
	type: 'speedToLead',
	defaultGroupBy: ['owner', 'channel'],
	run: (deals, compute, present) =>
		presentSpeedToLead(
			computeSpeedToLead(deals, {
				readers: compute.readers,
				period: compute.period,
				slaMinutes: compute.slaMinutes,
				nowMs: compute.nowMs,
				trackMembers: compute.trackMembers,
			}),
			present,
		),
};
