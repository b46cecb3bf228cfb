/**
 * Feedback as one flat row for n8n's Data Table node (issue 14): the Feedback Router puts it on every routed item as
 * `row`, an Edit Fields node ("{{ $json.row }}") hands it to Data Table → Upsert with "Map Automatically", and the
 * feedback reports read such rows back (report/feedbackInput.ts) — no Code node on the way.
 *
 * Each category has its own table and columns (the example workflows create them): the columns below, in this order.
 * The feedback id is `feedbackId` because `id`, `createdAt` and `updatedAt` are the Data Table's own columns; the
 * UTM object becomes five columns; nothing is nested, so a row is accepted by the Data Table as it is.
 */
import type { FeedbackCategory } from './types';
import type { RoutedFeedback } from './routed';

export type RowColumnType = 'string' | 'number' | 'date';

export interface RowColumn {
	name: string;
	type: RowColumnType;
}

/** The tables of the example workflows; no name contains another (n8n finds tables by a substring of the name). */
export const FEEDBACK_TABLES: Record<Exclude<FeedbackCategory, 'other'>, string> = {
	leadVerdict: 'Lead verdicts',
	customerVoice: 'Customer voice',
	acknowledgement: 'Brief acknowledgements',
	question: 'Questions from sales',
};

const s = (name: string): RowColumn => ({ name, type: 'string' });
const n = (name: string): RowColumn => ({ name, type: 'number' });

const HEAD: RowColumn[] = [
	s('feedbackId'),
	{ name: 'submittedAt', type: 'date' },
	s('rep'),
	s('crm'),
	s('dealId'),
];
const TAIL: RowColumn[] = [
	s('text'),
	s('utmSource'),
	s('utmMedium'),
	s('utmCampaign'),
	s('utmContent'),
	s('utmTerm'),
	s('briefId'),
	n('briefVersion'),
	s('language'),
	s('type'),
	s('source'),
	s('matchedRule'),
];
const SPECIFIC: Record<FeedbackCategory, RowColumn[]> = {
	leadVerdict: [s('decision'), s('reasonCode'), s('reasonClass'), n('quality')],
	customerVoice: [s('firstWords'), s('purchasePurpose'), s('whatMatters'), s('objections')],
	acknowledgement: [],
	question: [],
	other: [],
};

/** The columns of a category's table, in order. */
export function rowColumns(category: FeedbackCategory): RowColumn[] {
	return [...HEAD, ...SPECIFIC[category], ...TAIL];
}

export type FeedbackRow = Record<string, string | number | null>;

/** The flat row of a routed item, with exactly the columns of its category's table. */
export function feedbackRow(routed: Omit<RoutedFeedback, 'row' | 'message'>): FeedbackRow {
	const all: FeedbackRow = {
		feedbackId: routed.id,
		submittedAt: routed.submittedAt,
		rep: routed.rep,
		crm: routed.crm,
		dealId: routed.dealId,
		decision: routed.decision,
		reasonCode: routed.reasonCode,
		reasonClass: routed.reasonClass,
		quality: routed.quality,
		firstWords: routed.firstWords,
		purchasePurpose: routed.purchasePurpose,
		whatMatters: routed.whatMatters,
		objections: routed.objections,
		text: routed.text,
		utmSource: routed.utm.source,
		utmMedium: routed.utm.medium,
		utmCampaign: routed.utm.campaign,
		utmContent: routed.utm.content,
		utmTerm: routed.utm.term,
		briefId: routed.briefId,
		briefVersion: routed.briefVersion,
		language: routed.language,
		type: routed.type,
		source: routed.source,
		matchedRule: routed.matchedRule,
	};
	const row: FeedbackRow = {};
	for (const column of rowColumns(routed.category)) row[column.name] = all[column.name] ?? null;
	return row;
}
