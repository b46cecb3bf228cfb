import { DateTime } from 'luxon';

import type { Block, RichText } from '../../render/document';
import type { FeedbackReportOutput } from '../feedbackInput';
import { feedbackDocument, feedbackWarnings } from '../feedbackInput';
import type { PresentContext } from '../present';
import type { AcknowledgementResult, AcknowledgementRow } from './compute';
import { ACKNOWLEDGEMENT_STATUSES } from './compute';
import { acknowledgementTexts } from './texts';

/** Brief versions named in the findings. */
const FINDINGS = 5;

export function presentAcknowledgements(
	result: AcknowledgementResult,
	ctx: PresentContext,
): FeedbackReportOutput {
	const { texts, f } = ctx;
	const t = acknowledgementTexts(texts.language);
	const deadline =
		result.deadlineMs === null
			? null
			: DateTime.fromMillis(result.deadlineMs, { zone: ctx.period.timezone })
					.setLocale(texts.language)
					.toFormat('d MMM yyyy HH:mm');
	const warnings = feedbackWarnings(ctx);
	const rowsOf = (briefId: string, version: number | null): AcknowledgementRow[] =>
		result.rows.filter((row) => row.briefId === briefId && row.briefVersion === version);
	const unanswered = (row: AcknowledgementRow): boolean =>
		row.status === 'noResponse' || row.status === 'late';
	const findings: string[] = [];
	const body = (): Block[] => {
		const blocks: Block[] = [
			{
				kind: 'keyValue',
				pairs: [
					{ key: t.deadline, value: deadline ?? t.noDeadline },
					...ACKNOWLEDGEMENT_STATUSES.filter((status) => result.totals[status] > 0).map(
						(status) => ({
							key: t.status[status],
							value: f.integer(result.totals[status]),
						}),
					),
				],
			},
		];
		for (const brief of result.briefs.slice(0, ctx.maxGroups)) {
			blocks.push({ kind: 'heading', text: t.brief(brief.briefId, brief.briefVersion), level: 2 });
			const rows = rowsOf(brief.briefId, brief.briefVersion);
			const items: RichText[] = [];
			for (const status of ACKNOWLEDGEMENT_STATUSES) {
				const people = rows.filter((row) => row.status === status);
				if (people.length === 0) continue;
				const label =
					status === 'noResponse' && deadline !== null
						? t.noResponseBy(deadline)
						: t.status[status];
				const names = people.map((row) => {
					let name = row.group ?? row.recipientId;
					if (!row.onList) name += ` (${t.notOnList})`;
					if (row.question !== null && (status === 'question' || status === 'acknowledged')) {
						const quote =
							row.question.length > 120 ? `${row.question.slice(0, 119)}…` : row.question;
						name += ` — “${quote}”`;
					}
					return name;
				});
				items.push([
					{ text: `${label} (${f.integer(people.length)}): `, bold: true },
					names.join('; '),
				]);
			}
			blocks.push({ kind: 'list', items });
		}
		if (result.briefs.length > ctx.maxGroups) {
			blocks.push({
				kind: 'note',
				text: texts.moreGroups(result.briefs.length - ctx.maxGroups, f),
			});
		}
		return blocks;
	};
	for (const brief of result.briefs) {
		const missing = rowsOf(brief.briefId, brief.briefVersion).filter(unanswered);
		if (missing.length > 0 && findings.length < FINDINGS) {
			findings.push(
				t.missing(
					t.brief(brief.briefId, brief.briefVersion),
					missing.map((row) => row.group ?? row.recipientId),
				),
			);
		}
	}
	const empty = result.briefs.length === 0 ? t.noAnswers : null;
	const notes = [t.how, ...(result.hasRecipients ? [] : [t.noList])];
	const document = feedbackDocument(
		t.title,
		result.stats,
		ctx,
		{ warnings, empty, body, notes },
		t.title,
	);
	const totals = result.totals;
	return {
		headline:
			empty ??
			t.headline(
				totals.briefVersions,
				totals.recipients,
				totals.acknowledged,
				totals.question,
				totals.noResponse + totals.late,
				f,
			),
		findings: empty !== null ? [] : findings,
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: {
			briefs: result.briefs,
			deadline: result.deadlineMs === null ? null : new Date(result.deadlineMs).toISOString(),
			deadlinePassed: result.deadlinePassed,
		},
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
