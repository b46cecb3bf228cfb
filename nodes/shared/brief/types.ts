/**
 * The Brief record (shared/design.md, "Records") and what the Sales Brief node is given to build one. The brief
 * content (validation, templates, diff), the channel messages and the Brief impact report all read these types.
 */
import type { Language } from '../report/types';

export const ASSET_TYPES = [
	'salesScript',
	'offer',
	'campaignLaunch',
	'content',
	'qualificationRules',
	'priceChange',
	'other',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/**
 * CRM metrics a brief promises to move; the Brief impact report measures each of them from Deal records:
 * winRate = won / (won + lost) among deals closed in the window; conversion = won / created in the window;
 * averageDeal = mean amount of won deals; speedToLeadP50 = median minutes from createdAt to firstContactAt;
 * slaBreachShare = share of contacted-or-waiting deals over the SLA; leadQualityLossShare = share of lost deals whose
 * lost reason classifies as lead quality.
 */
export const BRIEF_METRICS = [
	'winRate',
	'conversion',
	'averageDeal',
	'speedToLeadP50',
	'slaBreachShare',
	'leadQualityLossShare',
] as const;
export type BriefMetric = (typeof BRIEF_METRICS)[number];

/** Optional narrowing of the expected effect to part of the CRM (exact ids or names as in Deal records). */
export interface BriefScope {
	pipeline: string | null;
	channel: string | null;
	owner: string | null;
}

export interface ExpectedEffect {
	metric: BriefMetric;
	/** In the metric's unit: rates as percent (21 for 21 %), money in the report currency, minutes for speed. */
	baseline: number | null;
	target: number | null;
	/** YYYY-MM-DD. */
	reviewDate: string | null;
	scope: BriefScope;
	/** ISO 4217 code for averageDeal (e.g. "USD", "RUB"); null or absent for the other metrics or when not given. */
	currency?: string | null;
}

export interface BriefObjection {
	objection: string;
	answer: string;
}

export interface BriefLink {
	title: string;
	url: string;
}

export interface BriefRecipient {
	/** 1–32 characters of [0-9A-Za-z._@-] (signing.ts). */
	id: string;
	name: string | null;
	telegramChatId: string | null;
	slackUser: string | null;
	email: string | null;
}

export interface Brief {
	/** Deterministic from title + version: 1–12 characters of [0-9A-Za-z] (signing.ts claims rules). */
	id: string;
	/** 1–999. */
	version: number;
	/** Required from version 2 on. */
	changedBecause: string | null;
	assetType: AssetType;
	title: string;
	/** What we saw. */
	cause: string;
	/** Optional evidence link for the cause, e.g. a report. */
	evidenceUrl: string | null;
	/** What changes. */
	change: string;
	expectedEffect: ExpectedEffect;
	howToUse: string[];
	objections: BriefObjection[];
	links: BriefLink[];
	audience: string | null;
	ackRequired: boolean;
	/** ISO-8601 UTC; null when no acknowledgement deadline. */
	deadline: string | null;
	language: Language;
	/** ISO-8601 UTC: when the brief goes out; the Brief impact report compares the windows before and after it. */
	releasedAt: string;
}
