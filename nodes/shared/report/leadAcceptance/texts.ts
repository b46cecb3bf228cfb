import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';

/** The leadAcceptance report's own words, English and Russian. */
export interface LeadAcceptanceTexts {
	title: string;
	headline(
		accepted: number,
		verdicts: number,
		pct: string,
		target: string,
		meets: boolean,
		f: Formatter,
	): string;
	split(
		rejected: number,
		s: { leadQuality: string; handling: string; other: string },
		f: Formatter,
	): string;
	belowTarget(group: string, pct: string, verdicts: number, f: Formatter): string;
	noVerdicts: string;
	verdicts: string;
	accepted: string;
	rejected: string;
	acceptance: string;
	target: string;
	onTarget: string;
	offTarget: string;
	reasonsHeading: string;
	noReason: string;
	how(target: string): string;
}

const EN: LeadAcceptanceTexts = {
	title: 'Lead acceptance',
	headline: (accepted, verdicts, pct, target, meets, f) =>
		`Sales accepted ${f.integer(accepted)} of ${f.integer(verdicts)} ${verdicts === 1 ? 'lead' : 'leads'} (${pct}): ${meets ? 'on target' : 'below the target'} of ${target}.`,
	split: (rejected, s, f) =>
		`${f.integer(rejected)} ${rejected === 1 ? 'rejection' : 'rejections'}: ${s.leadQuality} on lead quality, ${s.handling} on handling, ${s.other} other.`,
	belowTarget: (group, pct, verdicts, f) =>
		`${group}: ${pct} accepted of ${f.integer(verdicts)} — below the target.`,
	noVerdicts: 'No lead verdicts in the period.',
	verdicts: 'Verdicts',
	accepted: 'Accepted',
	rejected: 'Rejected',
	acceptance: 'Acceptance',
	target: 'Target',
	onTarget: 'on target',
	offTarget: 'below',
	reasonsHeading: 'Rejection reasons',
	noReason: 'no reason given',
	how: (target) =>
		`Acceptance is the share of lead verdicts that accept the lead; the target is ${target} (peers' SLA). Rejections are split by their reason code: lead quality (marketing's side), handling (sales' side) or other; codes without a class count as other.`,
};

const RU: LeadAcceptanceTexts = {
	title: 'Приём лидов',
	headline: (accepted, verdicts, pct, target, meets, f) =>
		`Продажи приняли ${f.integer(accepted)} из ${f.integer(verdicts)} ${ruPlural(verdicts, 'лида', 'лидов', 'лидов')} (${pct}): ${meets ? `цель ${target} выполнена` : `ниже цели ${target}`}.`,
	split: (rejected, s, f) =>
		`${f.integer(rejected)} ${ruPlural(rejected, 'отказ', 'отказа', 'отказов')}: ${s.leadQuality} — качество лидов, ${s.handling} — обработка, ${s.other} — другое.`,
	belowTarget: (group, pct, verdicts, f) =>
		`${group}: принято ${pct} из ${f.integer(verdicts)} — ниже цели.`,
	noVerdicts: 'В периоде нет вердиктов по лидам.',
	verdicts: 'Вердикты',
	accepted: 'Принято',
	rejected: 'Отклонено',
	acceptance: 'Приём',
	target: 'Цель',
	onTarget: 'в норме',
	offTarget: 'ниже',
	reasonsHeading: 'Причины отказов',
	noReason: 'без причины',
	how: (target) =>
		`Приём — доля вердиктов «принять» среди всех вердиктов по лидам; цель — ${target} (SLA, принятый у коллег по рынку). Отказы разделены по коду причины: качество лидов (зона маркетинга), обработка (зона продаж) или другое; коды без класса считаются «другим».`,
};

export function leadAcceptanceTexts(language: Language): LeadAcceptanceTexts {
	return language === 'ru' ? RU : EN;
}
