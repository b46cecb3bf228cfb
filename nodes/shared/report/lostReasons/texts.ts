import type { Language } from '../types';

/** The lostReasons report's own words, English and Russian (shared words are in ../texts.ts). */
export interface LostReasonsTexts {
	title: string;
	noLost: string;
	topReasonsHeading: string;
	howClassified: string;
}

const EN: LostReasonsTexts = {
	title: 'Lost reasons',
	noLost: 'No lost deals in the period.',
	topReasonsHeading: 'Top reasons',
	howClassified:
		'Each reason is classed as lead quality (not target, no budget, spam, wrong region…), handling (no answer, not reached, slow follow-up…) or other, by built-in English and Russian rules; set your own mapping in the node options.',
};

const RU: LostReasonsTexts = {
	title: 'Причины отказов',
	noLost: 'В периоде нет проигранных сделок.',
	topReasonsHeading: 'Главные причины',
	howClassified:
		'Каждая причина отнесена к качеству лидов (не целевой, нет бюджета, спам, не тот регион…), к обработке (не дозвонились, не вышли на связь, долго не перезванивали…) или к другим — встроенными правилами для русского и английского; своё сопоставление задаётся в настройках узла.',
};

export function lostReasonsTexts(language: Language): LostReasonsTexts {
	return language === 'ru' ? RU : EN;
}
