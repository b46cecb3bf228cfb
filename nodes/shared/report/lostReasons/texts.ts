import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';

/** The lostReasons report's own words, English and Russian (shared words are in ../texts.ts). */
export interface LostReasonsTexts {
	title: string;
	/** "454 lost deals: 34.8% on lead quality, 37.7% on handling, 24.7% for other reasons, 2.9% without a reason." */
	headline(
		lost: number,
		shares: { leadQuality: string; handling: string; other: string; noReason: string },
		f: Formatter,
	): string;
	noLost: string;
	topReasonsHeading: string;
	howClassified: string;
}

const EN: LostReasonsTexts = {
	title: 'Lost reasons',
	headline: (lost, s, f) =>
		`${f.integer(lost)} lost ${lost === 1 ? 'deal' : 'deals'}: ${s.leadQuality} on lead quality, ${s.handling} on handling, ${s.other} for other reasons, ${s.noReason} without a reason.`,
	noLost: 'No lost deals in the period.',
	topReasonsHeading: 'Top reasons',
	howClassified:
		'Each reason is classed as lead quality (not target, no budget, spam, wrong region…), handling (no answer, not reached, slow follow-up…) or other, by built-in English and Russian rules; set your own mapping in the node options.',
};

const RU: LostReasonsTexts = {
	title: 'Причины отказов',
	headline: (lost, s, f) =>
		`${f.integer(lost)} ${ruPlural(lost, 'проигранная сделка', 'проигранные сделки', 'проигранных сделок')}: ${s.leadQuality} — качество лидов, ${s.handling} — обработка, ${s.other} — другие причины, ${s.noReason} — без причины.`,
	noLost: 'В периоде нет проигранных сделок.',
	topReasonsHeading: 'Главные причины',
	howClassified:
		'Каждая причина отнесена к качеству лидов (не целевой, нет бюджета, спам, не тот регион…), к обработке (не дозвонились, не вышли на связь, долго не перезванивали…) или к другим — встроенными правилами для русского и английского; своё сопоставление задаётся в настройках узла.',
};

export function lostReasonsTexts(language: Language): LostReasonsTexts {
	return language === 'ru' ? RU : EN;
}
