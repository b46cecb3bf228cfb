import type { Block, RichText } from '../../render/document';
import type { FeedbackReportOutput } from '../feedbackInput';
import { feedbackDocument, feedbackWarnings } from '../feedbackInput';
import type { PresentContext } from '../present';
import { groupName } from '../present';
import type { PhraseEntry, VoiceOfSalesResult } from './compute';
import { VOICE_QUESTIONS } from './compute';
import { voiceOfSalesTexts } from './texts';

/** Phrases per question in the texts of each group (the rows have them all). */
const PER_GROUP_IN_TEXT = 3;

export function presentVoiceOfSales(
	result: VoiceOfSalesResult,
	ctx: PresentContext,
): FeedbackReportOutput {
	const { texts, f } = ctx;
	const t = voiceOfSalesTexts(texts.language);
	const warnings = feedbackWarnings(ctx);
	const phraseItem = (entry: PhraseEntry, answers: number): RichText => [
		{ text: entry.phrase, bold: true },
		` — ${t.mentions(entry.count, answers, f)}: `,
		{ text: `“${entry.example}”`, italic: true },
	];
	const body = (): Block[] => {
		const blocks: Block[] = [];
		for (const totals of result.totals) {
			if (totals.answers === 0) continue;
			blocks.push({
				kind: 'heading',
				text: `${t.question[totals.question]} (${f.integer(totals.answers)})`,
				level: 2,
			});
			blocks.push({
				kind: 'list',
				items: totals.phrases.map((entry) => phraseItem(entry, totals.answers)),
			});
		}
		for (const dimension of ctx.groupBy) {
			const rows = result.rows.filter((row) => row.groupBy === dimension);
			const groups = [...new Set(rows.map((row) => row.groupKey))];
			blocks.push({ kind: 'heading', text: texts.dimension[dimension], level: 2 });
			blocks.push({
				kind: 'table',
				columns: [
					{ title: texts.dimension[dimension] },
					...VOICE_QUESTIONS.map((question) => ({ title: t.question[question] })),
				],
				rows: groups.slice(0, ctx.maxGroups).map((key) => {
					const ofGroup = rows.filter((row) => row.groupKey === key);
					return [
						groupName(ofGroup[0], ctx),
						...VOICE_QUESTIONS.map((question) => {
							const row = ofGroup.find((entry) => entry.question === question);
							if (row === undefined) return '';
							return row.phrases
								.slice(0, PER_GROUP_IN_TEXT)
								.map((entry) => `${entry.phrase} (${f.integer(entry.count)})`)
								.join(', ');
						}),
					];
				}),
			});
			if (groups.length > ctx.maxGroups) {
				blocks.push({ kind: 'note', text: texts.moreGroups(groups.length - ctx.maxGroups, f) });
			}
		}
		return blocks;
	};
	// The headline and findings name only what more than one answer said; single mentions stay in the lists.
	const repeated = result.totals
		.map((totals) => ({ ...totals, phrases: totals.phrases.filter((entry) => entry.count >= 2) }))
		.filter((totals) => totals.phrases.length > 0);
	const empty = result.stats.used === 0 ? t.noAnswers : null;
	const document = feedbackDocument(t.title, result.stats, ctx, {
		warnings,
		empty,
		body,
		notes: [t.how],
	});
	return {
		headline:
			empty ??
			t.headline(
				result.stats.used,
				repeated.map((totals) => ({
					question: t.question[totals.question],
					phrase: totals.phrases[0].phrase,
					count: totals.phrases[0].count,
				})),
				f,
			),
		findings:
			empty !== null
				? []
				: repeated.flatMap((totals) =>
						totals.phrases
							.slice(0, 2)
							.map((entry) =>
								t.finding(
									t.question[totals.question],
									entry.phrase,
									entry.count,
									totals.answers,
									f,
								),
							),
					),
		rows: result.rows,
		stats: result.stats,
		totals: { questions: result.totals },
		details: {},
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
