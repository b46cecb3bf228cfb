import type { BriefInput } from '../../nodes/shared/brief/input';

export const NOW = new Date('2026-12-01T09:00:00.000Z');
export const OPTIONS = { now: NOW, timezone: 'Europe/Moscow' };

/** A complete, valid first version of a brief (English). */
export function sampleInput(overrides: Partial<BriefInput> = {}): BriefInput {
	return {
		assetType: 'salesScript',
		title: 'Cold call opener',
		version: 1,
		changedBecause: '',
		cause: 'In October 38% of lost Google Ads deals were lost as "not our client".',
		evidenceUrl: 'https://reports.example.com/lost-reasons?period=2026-10',
		change: 'The first call starts with the question about team size instead of the demo.',
		expectedEffect: {
			metric: 'winRate',
			baseline: '21',
			target: '27 %',
			reviewDate: '2027-01-15',
			scope: { pipeline: 'SMB', channel: 'Google Ads', owner: '' },
		},
		howToUse:
			'1. Ask how many people will use it.\n2. Under 5: offer the Starter plan.\n\n3. Log the answer in the deal.',
		objections: [{ objection: 'Too expensive', answer: 'Compare it with one lost deal a month.' }],
		links: [{ title: 'Script in Docs', url: 'https://docs.example.com/script' }],
		audience: 'SMB sales team',
		ackRequired: true,
		deadline: '2026-12-04',
		language: 'en',
		...overrides,
	};
}
