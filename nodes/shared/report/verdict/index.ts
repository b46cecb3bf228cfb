/** Per group: do the losses come from lead quality or from handling? With the numbers and one plain sentence. */
import type { ReportDefinition } from '../present';
import { computeVerdicts } from './compute';
import { presentVerdicts } from './present';

export * from './compute';
export { presentVerdicts, verdictSentence } from './present';
export { verdictTexts } from './texts';
export type { VerdictSentenceData, VerdictTexts } from './texts';

export const verdictReport: ReportDefinition = {
	type: 'verdict',
	defaultGroupBy: ['channel'],
	run: (deals, compute, present) =>
		presentVerdicts(
			computeVerdicts(deals, {
				readers: compute.readers,
				period: compute.period,
				overrides: compute.lostReasonOverrides,
				slaMinutes: compute.slaMinutes,
				nowMs: compute.nowMs,
				minLost: compute.verdictMinLost,
				dominancePct: compute.verdictDominancePct,
				trackMembers: compute.trackMembers,
			}),
			present,
		),
};
