/**
 * Team wins: per owner, the won deals from marketing's channels closed in the period, their revenue, the fastest first
 * contacts, and a short thank-you sentence per rep for the sales chat ("show sales the value of their work").
 */
import { ReportError } from '../errors';
import type { ReportDefinition } from '../present';
import { computeTeamWins } from './compute';
import { presentTeamWins } from './present';

export * from './compute';
export { presentTeamWins } from './present';
export type { TeamWinsRowWithThanks, ThankYou } from './present';
export { teamWinsTexts } from './texts';
export type { TeamWinsTexts, ThankYouParts } from './texts';

export const teamWinsReport: ReportDefinition = {
	type: 'teamWins',
	periodByCreation: false,
	defaultGroupBy: ['owner'],
	run: (deals, compute, present) => {
		// The rows are the team: always one per owner. Another grouping would thank a channel or a month.
		if (present.groupBy.length !== 1 || present.groupBy[0] !== 'owner') {
			throw new ReportError(
				`Team wins is always per owner (asked to group by ${present.groupBy.join(', ')})`,
				'Leave Group By empty or set it to owner; to see wins per channel use the Lead Quality report.',
			);
		}
		return presentTeamWins(
			computeTeamWins(deals, {
				period: compute.period,
				currency: compute.currency,
				marketingChannels: compute.marketingChannels,
				channelNames: compute.channelNames,
				slaMinutes: compute.slaMinutes,
				trackMembers: compute.trackMembers,
			}),
			present,
		);
	},
};
