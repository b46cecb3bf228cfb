/** Brief impact: a brief's metric before and after its release over equal windows, with a significance test. */
import type { ReportDefinition } from '../present';
import { ReportError } from '../errors';
import { computeBriefImpact } from './compute';
import { presentBriefImpact } from './present';

export * from './compute';
export { presentBriefImpact } from './present';
export { briefImpactTexts } from './texts';
export type { BriefImpactTexts, ImpactSentence } from './texts';

export const briefImpactReport: ReportDefinition = {
	type: 'briefImpact',
	// Overall (within the brief's scope) is the answer; a Group By adds one comparison per group.
	periodByCreation: false,
	defaultGroupBy: [],
	run: (deals, compute, present) => {
		const brief = compute.brief;
		if (brief === undefined || brief === null) {
			throw new ReportError(
				'The Brief Impact report needs a brief: its release date and metric',
				'Enter the release date and the metric, or map them from a Brief item.',
			);
		}
		return presentBriefImpact(
			computeBriefImpact(deals, {
				readers: compute.readers,
				period: compute.period,
				nowMs: compute.nowMs,
				brief,
				slaMinutes: compute.slaMinutes,
				lostReasonOverrides: compute.lostReasonOverrides,
				currency: compute.currency,
				channelNames: compute.channelNames,
			}),
			brief,
			present,
		);
	},
};
