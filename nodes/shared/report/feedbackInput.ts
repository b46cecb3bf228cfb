/**
 * The feedback side of the report node: reading `Feedback` items strictly (like input.ts does for deals), the one
 * pass the feedback reports make (period on `submittedAt`, groups per dimension, members for pairing), and what a
 * report over feedback is (`FeedbackReportDefinition`, registered in index.ts next to the deal reports).
 */
import type { Feedback } from '../feedback/types';
import { FEEDBACK_TYPES } from '../feedback/types';
import type { ReasonCode } from '../feedback/reasons';
import type { Block, RenderDocument } from '../render/document';
import { parseInstant } from './dates';
import { describe } from './input';
import type { PresentContext, ReportOutput } from './present';
import { reportTitle } from './present';
import { GroupMembers } from './scan';
import type { GroupIdentity } from './scan';
import type { Formatter } from './texts';
import { periodText, ruPlural } from './texts';
import type { DimensionKey, Language, ReportType, ResolvedPeriod } from './types';

export type FeedbackReading =
	| { kind: 'feedback'; feedback: Feedback }
	/** `{}`: what a node set to "Always Output Data" emits when it found nothing (an empty Data Table). */
	| { kind: 'empty' }
	| { kind: 'invalid'; field: string; problem: string; fix?: string };

export const FIX_FEEDBACK_INPUT =
	'This report reads Feedback items as the "Sales Feedback Trigger" and "Feedback Router" nodes output them (fields id, type, submittedAt, rep, decision, reasonCode, firstWords, purchasePurpose, whatMatters, objections, briefId, briefVersion, utm…), or the Data Table rows the router\'s "row" field stores (feedbackId, utmSource…). Connect it after one of those nodes, or shape your data into those fields with an "Edit Fields" node.';

const TYPES = new Set<string>(FEEDBACK_TYPES);
const TEXT_FIELDS = [
	'rep',
	'crm',
	'dealId',
	'reasonCode',
	'firstWords',
	'purchasePurpose',
	'whatMatters',
	'objections',
	'text',
	'briefId',
] as const;
const UTM_FIELDS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

const absent = (value: unknown): boolean => value === null || value === undefined;
const invalid = (field: string, problem: string, fix?: string): FeedbackReading => ({
	kind: 'invalid',
	field,
	problem,
	fix,
});

/**
 * A stored row (feedback/row.ts: `feedbackId`, five `utm…` columns, the Data Table's own `id`, `createdAt` and
 * `updatedAt`) as a Feedback record: the id from `feedbackId`, the UTM object from its columns, and a date column read
 * back as a JS Date (n8n's Data Table does that) as ISO text. Anything else is not a row and is returned as it is.
 */
function fromRow(record: Record<string, unknown>): Record<string, unknown> {
	if (typeof record.feedbackId !== 'string' || record.utm !== undefined) return record;
	const { feedbackId, utmSource, utmMedium, utmCampaign, utmContent, utmTerm, ...rest } = record;
	delete rest.createdAt;
	delete rest.updatedAt;
	const submittedAt = rest.submittedAt instanceof Date ? rest.submittedAt.toISOString() : rest.submittedAt;
	return {
		...rest,
		id: feedbackId,
		submittedAt,
		utm: {
			source: utmSource ?? null,
			medium: utmMedium ?? null,
			campaign: utmCampaign ?? null,
			content: utmContent ?? null,
			term: utmTerm ?? null,
		},
	};
}

/**
 * Checks the fields the feedback reports read. A correct item passes through untouched (extra fields such as the
 * router's `category` are allowed); absent optional fields are read as null on a shallow copy. A Data Table row as
 * the Feedback Router's `row` stores it is read as the record it came from; an empty object is no feedback at all (so a
 * report after an empty table set to "Always Output Data" says there is none instead of failing).
 */
export function readFeedbackItem(json: unknown): FeedbackReading {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return invalid('(item)', `must be an object with Feedback fields (got ${describe(json)})`);
	}
	if (Object.keys(json).length === 0) return { kind: 'empty' };
	const record = fromRow(json as Record<string, unknown>);
	const type = record.type;
	if (typeof type !== 'string' || !TYPES.has(type)) {
		if (type === undefined && typeof record.status === 'string') {
			return invalid(
				'type',
				'is missing: this looks like a deal, but this report reads Feedback items',
				'Choose a deal report (Lead Quality, Lost Reasons…) for deals, or feed this one the output of the Sales Feedback Trigger or the Feedback Router.',
			);
		}
		return invalid(
			'type',
			`must be one of ${FEEDBACK_TYPES.map((t) => `"${t}"`).join(', ')} (got ${type === undefined ? 'nothing' : describe(type)})`,
		);
	}
	if (typeof record.id !== 'string' || record.id.trim() === '') {
		return invalid('id', `must be the feedback id as text (got ${describe(record.id)})`);
	}
	if (typeof record.submittedAt !== 'string' || Number.isNaN(parseInstant(record.submittedAt))) {
		return invalid(
			'submittedAt',
			`must be an ISO-8601 date such as "2026-11-03T09:15:00Z" (got ${record.submittedAt === undefined ? 'nothing' : describe(record.submittedAt)})`,
		);
	}
	for (const field of TEXT_FIELDS) {
		const value = record[field];
		if (!absent(value) && typeof value !== 'string') {
			return invalid(field, `must be text or null (got ${describe(value)})`);
		}
	}
	const decision = record.decision;
	if (!absent(decision) && decision !== 'accept' && decision !== 'reject') {
		return invalid('decision', `must be "accept", "reject" or null (got ${describe(decision)})`);
	}
	const quality = record.quality;
	if (
		!absent(quality) &&
		!(typeof quality === 'number' && Number.isInteger(quality) && quality >= 1 && quality <= 5)
	) {
		return invalid(
			'quality',
			`must be a whole number from 1 to 5 or null (got ${describe(quality)})`,
		);
	}
	const version = record.briefVersion;
	if (
		!absent(version) &&
		!(typeof version === 'number' && Number.isInteger(version) && version >= 1)
	) {
		return invalid(
			'briefVersion',
			`must be a whole number of 1 or more, or null (got ${describe(version)})`,
		);
	}
	const language = record.language;
	if (!absent(language) && language !== 'en' && language !== 'ru') {
		return invalid('language', `must be "en", "ru" or null (got ${describe(language)})`);
	}
	const utm = record.utm;
	if (!absent(utm)) {
		if (typeof utm !== 'object' || Array.isArray(utm)) {
			return invalid(
				'utm',
				`must be an object { source, medium, campaign, … } or null (got ${describe(utm)})`,
			);
		}
		for (const key of UTM_FIELDS) {
			const value = (utm as Record<string, unknown>)[key];
			if (!absent(value) && typeof value !== 'string') {
				return invalid(`utm.${key}`, `must be text or null (got ${describe(value)})`);
			}
		}
	}
	const complete =
		TEXT_FIELDS.every((field) => record[field] !== undefined) &&
		['decision', 'quality', 'briefVersion', 'language', 'utm'].every(
			(field) => record[field] !== undefined,
		);
	if (complete) return { kind: 'feedback', feedback: record as unknown as Feedback };
	const copy: Record<string, unknown> = { ...record };
	for (const field of [...TEXT_FIELDS, 'decision', 'quality', 'briefVersion', 'language', 'utm']) {
		if (copy[field] === undefined) copy[field] = null;
	}
	return { kind: 'feedback', feedback: copy as unknown as Feedback };
}

/** Counts of one pass over the feedback. */
export interface FeedbackScanStats {
	/** Feedback items handed to the report. */
	inputFeedback: number;
	/** Submitted inside the period (all for "all time"). */
	inPeriod: number;
	outsidePeriod: number;
	/** In the period and of the kind this report reads (verdicts, answers, acknowledgements…). */
	used: number;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** The group key of a feedback item for a dimension: channel is the UTM source (feedback has no CRM source field). */
export function feedbackKey(
	feedback: Feedback,
	dimension: DimensionKey,
	timezoneMonth: (ms: number) => string,
	submittedMs: number,
): string {
	switch (dimension) {
		case 'channel':
		case 'utmSource':
			return text(feedback.utm?.source);
		case 'utmMedium':
			return text(feedback.utm?.medium);
		case 'utmCampaign':
			return text(feedback.utm?.campaign);
		case 'source':
			return text(feedback.crm);
		case 'owner':
			return text(feedback.rep);
		case 'month':
			return timezoneMonth(submittedMs);
		case 'pipeline':
			return '';
	}
}

/** What a feedback report's computation is given. */
export interface FeedbackComputeContext {
	groupBy: readonly DimensionKey[];
	period: ResolvedPeriod;
	nowMs: number;
	/** Month key (`2026-11`) of an instant in the report's zone. */
	monthOf: (ms: number) => string;
	/** Display names of channel keys (lower-cased key → name). */
	channelNames: ReadonlyMap<string, string>;
	/** Acknowledgement status: who should answer each brief, and by when. */
	recipients?: ReadonlyArray<{ id: string; name: string }>;
	deadlineMs?: number | null;
	/** Lead acceptance: the target share of accepted leads, %. */
	acceptanceTargetPct?: number;
	/** Lead acceptance: the user's own reason codes and classes. */
	userReasons?: readonly ReasonCode[];
	/** Voice of sales: phrases listed per question and group. */
	topPhrases?: number;
}

/** A report over Feedback items; `reads` tells the node which items to hand it. */
export interface FeedbackReportDefinition {
	type: ReportType;
	reads: 'feedback';
	defaultGroupBy: DimensionKey[];
	run(
		feedback: readonly Feedback[],
		compute: FeedbackComputeContext,
		present: PresentContext,
	): FeedbackReportOutput;
}

export type FeedbackReportOutput = Omit<ReportOutput, 'stats'> & { stats: FeedbackScanStats };

/** Feedback inside the period, with its position in the input and its instant. */
export interface DatedFeedback {
	feedback: Feedback;
	position: number;
	submittedMs: number;
}

/** The feedback submitted in the period, in input order, and the counts. `used` is left for the report to set. */
export function feedbackInPeriod(
	feedback: readonly Feedback[],
	period: ResolvedPeriod,
): { inPeriod: DatedFeedback[]; stats: FeedbackScanStats } {
	const inPeriod: DatedFeedback[] = [];
	let outside = 0;
	for (let position = 0; position < feedback.length; position++) {
		const submittedMs = parseInstant(feedback[position].submittedAt);
		if (submittedMs < period.fromMs || submittedMs >= period.toMs) {
			outside++;
			continue;
		}
		inPeriod.push({ feedback: feedback[position], position, submittedMs });
	}
	return {
		inPeriod,
		stats: {
			inputFeedback: feedback.length,
			inPeriod: inPeriod.length,
			outsidePeriod: outside,
			used: 0,
		},
	};
}

/**
 * Groups items per dimension (in order of first appearance) and records, for pairing, which input positions fell
 * into each group. `keyOf` gives an item's key per dimension, `identity` the group's display name.
 */
export class FeedbackGrouping<G> {
	readonly groups: Array<Map<string, G>>;
	private readonly ordinalOf: Array<Map<string, number>>;
	private readonly columns: Int32Array[];

	constructor(
		readonly dimensions: readonly DimensionKey[],
		inputLength: number,
		private readonly create: (identity: GroupIdentity) => G,
		private readonly label: (dimension: DimensionKey, key: string) => string | null,
	) {
		this.groups = dimensions.map(() => new Map<string, G>());
		this.ordinalOf = dimensions.map(() => new Map<string, number>());
		this.columns = dimensions.map(() => new Int32Array(inputLength).fill(-1));
	}

	/** The item's group in dimension `d` for key `key`, created on first sight. */
	group(d: number, key: string, position: number): G {
		let group = this.groups[d].get(key);
		if (group === undefined) {
			const dimension = this.dimensions[d];
			group = this.create({ groupBy: dimension, groupKey: key, group: this.label(dimension, key) });
			this.groups[d].set(key, group);
			this.ordinalOf[d].set(key, this.ordinalOf[d].size);
		}
		this.columns[d][position] = this.ordinalOf[d].get(key) as number;
		return group;
	}

	members(): GroupMembers {
		return new GroupMembers(
			new Map(
				this.dimensions.map((dimension, d) => [
					dimension,
					{ ordinals: this.columns[d], ordinalOf: this.ordinalOf[d] },
				]),
			),
		);
	}
}

/** Display name of a group key: channel names for the channel dimensions, the key itself otherwise. */
export function feedbackLabel(
	channelNames: ReadonlyMap<string, string>,
): (dimension: DimensionKey, key: string) => string | null {
	return (dimension, key) => {
		if (key === '') return null;
		if (dimension === 'channel' || dimension === 'utmSource' || dimension === 'source') {
			return channelNames.get(key.trim().toLowerCase()) ?? key;
		}
		return key;
	};
}

/** Words every feedback report shares, English and Russian. */
export interface FeedbackTexts {
	/** "24 feedback items" / "24 of 30 feedback items submitted in the period" */
	scope(inPeriod: number, received: number, f: Formatter): string;
	skippedItems(count: number, f: Formatter): string;
}

const EN: FeedbackTexts = {
	scope: (inPeriod, received, f) =>
		inPeriod === received
			? `${f.integer(inPeriod)} feedback ${inPeriod === 1 ? 'item' : 'items'}`
			: `${f.integer(inPeriod)} of ${f.integer(received)} feedback items submitted in the period`,
	skippedItems: (count, f) =>
		`${f.integer(count)} input ${count === 1 ? 'item was' : 'items were'} not feedback and ${count === 1 ? 'was' : 'were'} skipped.`,
};

const RU: FeedbackTexts = {
	scope: (inPeriod, received, f) =>
		inPeriod === received
			? `${f.integer(inPeriod)} ${ruPlural(inPeriod, 'отзыв', 'отзыва', 'отзывов')}`
			: `${f.integer(inPeriod)} из ${f.integer(received)} ${ruPlural(received, 'отзыва', 'отзывов', 'отзывов')} ${ruPlural(inPeriod, 'отправлен', 'отправлены', 'отправлены')} в этом периоде`,
	skippedItems: (count, f) =>
		`${f.integer(count)} ${ruPlural(count, 'входной элемент не является отзывом и пропущен', 'входных элемента не являются отзывами и пропущены', 'входных элементов не являются отзывами и пропущены')}.`,
};

export function feedbackTexts(language: Language): FeedbackTexts {
	return language === 'ru' ? RU : EN;
}

/** The skipped-items warning, when there were any. */
export function feedbackWarnings(ctx: PresentContext): string[] {
	return ctx.skippedItems > 0
		? [feedbackTexts(ctx.texts.language).skippedItems(ctx.skippedItems, ctx.f)]
		: [];
}

/** The document of a feedback report: period and scope line, then the body (or the `empty` paragraph) and notes. */
export function feedbackDocument(
	name: string,
	stats: FeedbackScanStats,
	ctx: PresentContext,
	parts: {
		warnings: readonly string[];
		empty: string | null;
		body: () => Block[];
		notes: readonly string[];
	},
	titled: string = reportTitle(name, ctx),
): RenderDocument {
	const t = feedbackTexts(ctx.texts.language);
	const blocks: Block[] = [
		{
			kind: 'paragraph',
			text: `${periodText(ctx.period, ctx.texts, ctx.f)} · ${t.scope(stats.inPeriod, stats.inputFeedback, ctx.f)}`,
		},
	];
	if (parts.empty !== null) blocks.push({ kind: 'paragraph', text: parts.empty });
	else blocks.push(...parts.body());
	blocks.push(
		...[...parts.warnings, ...(parts.empty !== null ? [] : parts.notes)].map(
			(note): Block => ({ kind: 'note', text: note }),
		),
	);
	return { title: titled, language: ctx.texts.language, blocks };
}
