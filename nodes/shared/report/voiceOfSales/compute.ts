import type { Feedback } from '../../feedback/types';
import { phrases } from '../../text';
import { compareGroups } from '../dimensions';
import type { FeedbackComputeContext, FeedbackScanStats } from '../feedbackInput';
import { FeedbackGrouping, feedbackInPeriod, feedbackKey, feedbackLabel } from '../feedbackInput';
import type { GroupIdentity, GroupMembers } from '../scan';
import { percent } from '../stats';
import type { RowBase } from '../types';

/** The three questions to sales, and the objections heard. */
export const VOICE_QUESTIONS = [
	'firstWords',
	'purchasePurpose',
	'whatMatters',
	'objections',
] as const;
export type VoiceQuestion = (typeof VOICE_QUESTIONS)[number];

export const DEFAULT_TOP_PHRASES = 5;
/** Longest example quote, in characters. */
export const QUOTE_LENGTH = 100;

export interface PhraseEntry {
	/** The phrase as most often written (lower case). */
	phrase: string;
	/** Stems: what was counted; "быстрая доставка" and "быстрой доставки" share one. */
	key: string;
	words: number;
	/** Answers that contain it (an answer counts once however often it repeats the phrase). */
	count: number;
	/** Share of the group's answers to this question, %. */
	sharePct: number | null;
	/** A short quote around the first mention, single line, cut with "…". */
	example: string;
}

export interface VoiceOfSalesRow extends RowBase {
	question: VoiceQuestion;
	/** Feedback items in the group that answered this question. */
	answers: number;
	topPhrase: string | null;
	phrases: PhraseEntry[];
}

export interface VoiceQuestionTotals {
	question: VoiceQuestion;
	answers: number;
	phrases: PhraseEntry[];
}

export interface VoiceOfSalesResult {
	rows: VoiceOfSalesRow[];
	totals: VoiceQuestionTotals[];
	stats: FeedbackScanStats;
	members: GroupMembers | null;
}

interface Counted {
	count: number;
	words: number;
	forms: Map<string, number>;
	example: string;
}

/** A short single-line quote of `text` around [start, end). */
export function quote(text: string, start: number, end: number, length = QUOTE_LENGTH): string {
	const flat = text.replace(/\s+/g, ' ');
	if (flat.trim().length <= length) return flat.trim();
	// Offsets in the flattened text move only where runs of whitespace shrank; recompute on the flat text.
	const before = text.slice(0, start).replace(/\s+/g, ' ').length;
	const phraseLength = text.slice(start, end).replace(/\s+/g, ' ').length;
	let from = Math.max(0, before - Math.floor((length - phraseLength) / 3));
	if (from > 0) {
		const space = flat.indexOf(' ', from);
		from = space === -1 || space >= before ? from : space + 1;
	}
	let to = Math.min(flat.length, from + length);
	if (to < flat.length) {
		const space = flat.lastIndexOf(' ', to);
		if (space > before + phraseLength) to = space;
	}
	return `${from > 0 ? '…' : ''}${flat.slice(from, to).trim()}${to < flat.length ? '…' : ''}`;
}

class Voice {
	readonly answers: Record<VoiceQuestion, number> = {
		firstWords: 0,
		purchasePurpose: 0,
		whatMatters: 0,
		objections: 0,
	};
	readonly counts: Record<VoiceQuestion, Map<string, Counted>> = {
		firstWords: new Map(),
		purchasePurpose: new Map(),
		whatMatters: new Map(),
		objections: new Map(),
	};

	constructor(readonly identity: GroupIdentity) {}

	add(question: VoiceQuestion, text: string, found: ReturnType<typeof phrases>): void {
		this.answers[question]++;
		const seen = new Set<string>();
		const counts = this.counts[question];
		for (const phrase of found) {
			let entry = counts.get(phrase.key);
			if (entry === undefined) {
				entry = {
					count: 0,
					words: phrase.size,
					forms: new Map(),
					example: quote(text, phrase.start, phrase.end),
				};
				counts.set(phrase.key, entry);
			}
			entry.forms.set(phrase.words, (entry.forms.get(phrase.words) ?? 0) + 1);
			if (!seen.has(phrase.key)) {
				seen.add(phrase.key);
				entry.count++;
			}
		}
	}

	top(question: VoiceQuestion, limit: number): PhraseEntry[] {
		const sorted = [...this.counts[question].entries()].sort(
			([keyA, a], [keyB, b]) => b.count - a.count || b.words - a.words || keyA.localeCompare(keyB),
		);
		const kept: Array<[string, Counted]> = [];
		for (const [key, entry] of sorted) {
			if (kept.length >= limit) break;
			// A phrase inside a longer listed phrase with the same count says nothing new ("доставка" in "быстрая доставка").
			const inside = kept.some(
				([longer, other]) =>
					other.count === entry.count &&
					other.words > entry.words &&
					` ${longer} `.includes(` ${key} `),
			);
			if (!inside) kept.push([key, entry]);
		}
		return kept.map(([key, entry]) => ({
			phrase: [...entry.forms.entries()].sort(
				(a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
			)[0][0],
			key,
			words: entry.words,
			count: entry.count,
			sharePct: percent(entry.count, this.answers[question]),
			example: entry.example,
		}));
	}
}

export function computeVoiceOfSales(
	feedback: readonly Feedback[],
	ctx: FeedbackComputeContext,
): VoiceOfSalesResult {
	const limit = Math.max(1, Math.floor(ctx.topPhrases ?? DEFAULT_TOP_PHRASES));
	const { inPeriod, stats } = feedbackInPeriod(feedback, ctx.period);
	const total = new Voice({ groupBy: ctx.groupBy[0] ?? 'utmCampaign', groupKey: '', group: null });
	const grouping = new FeedbackGrouping(
		ctx.groupBy,
		feedback.length,
		(identity) => new Voice(identity),
		feedbackLabel(ctx.channelNames),
	);
	for (const item of inPeriod) {
		const fb = item.feedback;
		const answered = VOICE_QUESTIONS.filter(
			(question) => typeof fb[question] === 'string' && (fb[question] as string).trim() !== '',
		);
		if (answered.length === 0) continue;
		stats.used++;
		const groups = ctx.groupBy.map((dimension, d) =>
			grouping.group(d, feedbackKey(fb, dimension, ctx.monthOf, item.submittedMs), item.position),
		);
		for (const question of answered) {
			const text = fb[question] as string;
			const found = phrases(text);
			total.add(question, text, found);
			for (const group of groups) group.add(question, text, found);
		}
	}
	const rows: VoiceOfSalesRow[] = [];
	grouping.groups.forEach((groups, d) => {
		const ordered = [...groups.values()]
			.map((voice) => ({ groupKey: voice.identity.groupKey, group: voice.identity.group, voice }))
			.sort(
				compareGroups(ctx.groupBy[d], (entry) =>
					VOICE_QUESTIONS.reduce((sum, question) => sum + entry.voice.answers[question], 0),
				),
			)
			.map((entry) => entry.voice);
		for (const voice of ordered) {
			for (const question of VOICE_QUESTIONS) {
				if (voice.answers[question] === 0) continue;
				const top = voice.top(question, limit);
				rows.push({
					report: 'voiceOfSales',
					...voice.identity,
					question,
					answers: voice.answers[question],
					topPhrase: top[0]?.phrase ?? null,
					phrases: top,
				});
			}
		}
	});
	return {
		rows,
		totals: VOICE_QUESTIONS.map((question) => ({
			question,
			answers: total.answers[question],
			phrases: total.top(question, limit),
		})),
		stats,
		members: grouping.members(),
	};
}
