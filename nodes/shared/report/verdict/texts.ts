import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';
import type { Verdict } from './compute';

export interface VerdictSentenceData {
	group: string;
	lost: number;
	leadQualityPct: string;
	handlingPct: string;
	otherPct: string;
	noReasonPct: string;
	topReason: string | null;
	/** Formatted share of this group's leads first contacted later than the SLA, when known. */
	overSla: string | null;
	slaMinutes: number;
	minLost: number;
}

const quoteEn = (text: string): string => `“${text}”`;
const quoteRu = (text: string): string => `«${text}»`;

/** The verdict report's own words, English and Russian (shared words are in ../texts.ts). */
export interface VerdictTexts {
	title: string;
	verdictName: Record<Verdict, string>;
	verdictsLabel: string;
	andMore(count: number, f: Formatter): string;
	noGroups: string;
	rule(minLost: number, dominancePct: number): string;
	sentence(
		kind: Verdict,
		data: VerdictSentenceData,
		f: Formatter,
	): Array<string | { text: string; bold?: boolean }>;
}

const EN: VerdictTexts = {
	title: 'Lead quality or handling?',
	verdictName: {
		leadQuality: 'Lead quality',
		handling: 'Handling',
		mixed: 'Mixed',
		otherReasons: 'Other reasons',
		noReasons: 'No reasons recorded',
		insufficientData: 'Too little data',
	},
	verdictsLabel: 'Verdicts',
	andMore: (count, f) => `and ${f.integer(count)} more`,
	noGroups: 'No groups to judge.',
	rule: (minLost, dominancePct) =>
		`A verdict needs at least ${minLost} lost ${minLost === 1 ? 'deal' : 'deals'}; “lead quality” or “handling” means that class holds at least ${dominancePct}% of the losses the two explain together, and together they explain more losses than other reasons.`,
	sentence: (kind, d, f) => {
		const group = { text: d.group, bold: true };
		const lost = `${f.integer(d.lost)} lost ${d.lost === 1 ? 'deal' : 'deals'}`;
		const top = d.topReason === null ? '' : ` (most often ${quoteEn(d.topReason)})`;
		switch (kind) {
			case 'leadQuality':
				return [
					group,
					`: ${d.leadQualityPct} of the ${lost} were lost on lead quality${top} and only ${d.handlingPct} on handling — the leads are the problem, not the follow-up; review targeting and lead forms for this channel.`,
				];
			case 'handling':
				return [
					group,
					`: ${d.handlingPct} of the ${lost} were lost in handling${top} and only ${d.leadQualityPct} on lead quality — the leads are fine, the follow-up is not; contact new leads faster${d.overSla === null ? '' : ` (now ${d.overSla} of leads get their first contact later than the ${f.integer(d.slaMinutes)}-minute SLA)`}.`,
				];
			case 'mixed':
				return [
					group,
					`: the ${lost} split between lead quality (${d.leadQualityPct}) and handling (${d.handlingPct}) — both the leads and the follow-up need work.`,
				];
			case 'otherReasons':
				return [
					group,
					`: most of the ${lost} (${d.otherPct}) were lost for other reasons${top}, not lead quality or handling — look at price, competitors and timing.`,
				];
			case 'noReasons':
				return [
					group,
					`: ${d.noReasonPct} of the ${lost} have no loss reason, so the cause can't be told — ask reps to record a reason for every lost deal.`,
				];
			case 'insufficientData':
				return [group, `: only ${lost} — too few to judge (at least ${d.minLost} needed).`];
		}
	},
};

const RU: VerdictTexts = {
	title: 'Качество лидов или обработка?',
	verdictName: {
		leadQuality: 'Качество лидов',
		handling: 'Обработка',
		mixed: 'И то, и другое',
		otherReasons: 'Другие причины',
		noReasons: 'Причины не указаны',
		insufficientData: 'Мало данных',
	},
	verdictsLabel: 'Вердикты',
	andMore: (count, f) => `и ещё ${f.integer(count)}`,
	noGroups: 'Нет групп для оценки.',
	rule: (minLost, dominancePct) =>
		`Для вердикта нужно не меньше ${minLost} ${ruPlural(minLost, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок')}; «качество лидов» или «обработка» означает, что на этот класс приходится не меньше ${dominancePct}% потерь, объяснённых этими двумя классами, и вместе они объясняют больше потерь, чем другие причины.`,
	sentence: (kind, d, f) => {
		const group = { text: d.group, bold: true };
		const fromLost = `из ${f.integer(d.lost)} ${ruPlural(d.lost, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок')}`;
		const lostCount = `${f.integer(d.lost)} ${ruPlural(d.lost, 'проигранная сделка', 'проигранные сделки', 'проигранных сделок')}`;
		const top = d.topReason === null ? '' : ` (чаще всего ${quoteRu(d.topReason)})`;
		switch (kind) {
			case 'leadQuality':
				return [
					group,
					`: ${d.leadQualityPct} ${fromLost} потеряны из-за качества лидов${top} и лишь ${d.handlingPct} — на обработке: проблема в самих лидах, а не в работе менеджеров; проверьте таргетинг и формы заявок этого канала.`,
				];
			case 'handling':
				return [
					group,
					`: ${d.handlingPct} ${fromLost} потеряны на обработке${top} и лишь ${d.leadQualityPct} — из-за качества лидов: лиды нормальные, проблема в работе с ними; связывайтесь с новыми лидами быстрее${d.overSla === null ? '' : ` (сейчас ${d.overSla} лидов получают первый контакт позже SLA в ${f.integer(d.slaMinutes)} мин)`}.`,
				];
			case 'mixed':
				return [
					group,
					`: потери (${lostCount}) делятся между качеством лидов (${d.leadQualityPct}) и обработкой (${d.handlingPct}) — работать нужно и над лидами, и над обработкой.`,
				];
			case 'otherReasons':
				return [
					group,
					`: большинство потерь (${d.otherPct} ${fromLost}) — по другим причинам${top}, а не из-за качества лидов или обработки; смотрите на цену, конкурентов и сроки.`,
				];
			case 'noReasons':
				return [
					group,
					`: у ${d.noReasonPct} ${fromLost} не указана причина, поэтому понять, в чём дело, нельзя — попросите менеджеров указывать причину каждого отказа.`,
				];
			case 'insufficientData':
				return [
					group,
					`: всего ${lostCount} — слишком мало для вывода (нужно не меньше ${d.minLost}).`,
				];
		}
	},
};

export function verdictTexts(language: Language): VerdictTexts {
	return language === 'ru' ? RU : EN;
}
