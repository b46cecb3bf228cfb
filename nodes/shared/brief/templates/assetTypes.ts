/**
 * What differs between asset types in a brief, English and Russian side by side: the name of the thing, the opening
 * sentence (first version and update), and the headings of "what changes" and "how to use" in the words a salesperson
 * would use for that kind of material. Everything else in a brief is common (common.ts).
 */
import type { Language } from '../../report/types';
import type { AssetType } from '../types';

export interface AssetTypeTexts {
	/** "Sales script" — used in the document title and in diffs. */
	label: string;
	/** Opening sentence of version 1. */
	introNew: string;
	/** Opening sentence of version 2 and later. */
	introUpdate(version: number): string;
	changeHeading: string;
	howToUseHeading: string;
}

export const ASSET_TYPE_TEXTS: Record<AssetType, Record<Language, AssetTypeTexts>> = {
	salesScript: {
		en: {
			label: 'Sales script',
			introNew:
				'We have a new script for your calls. Below: why, what you say differently, and how we will see that it works.',
			introUpdate: (version) =>
				`The call script is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What you say differently',
			howToUseHeading: 'How to use it on a call',
		},
		ru: {
			label: 'Скрипт продаж',
			introNew:
				'У нас новый скрипт для звонков. Ниже — зачем он, что теперь говорить иначе и как мы поймём, что он работает.',
			introUpdate: (version) =>
				`Скрипт звонка обновлён до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что говорим иначе',
			howToUseHeading: 'Как использовать на звонке',
		},
	},
	offer: {
		en: {
			label: 'Offer',
			introNew:
				'We have a new offer for clients. Below: why, what exactly clients get, and how we will see that it works.',
			introUpdate: (version) =>
				`The offer is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What clients get',
			howToUseHeading: 'How to offer it',
		},
		ru: {
			label: 'Предложение',
			introNew:
				'У нас новое предложение для клиентов. Ниже — зачем оно, что именно получает клиент и как мы поймём, что оно работает.',
			introUpdate: (version) =>
				`Предложение обновлено до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что получает клиент',
			howToUseHeading: 'Как предлагать',
		},
	},
	campaignLaunch: {
		en: {
			label: 'Campaign launch',
			introNew:
				'A new campaign starts, and its leads will come to you. Below: why we run it, what the leads were promised, and what we expect.',
			introUpdate: (version) =>
				`The campaign brief is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What the campaign promises',
			howToUseHeading: 'How to handle these leads',
		},
		ru: {
			label: 'Запуск кампании',
			introNew:
				'Стартует новая кампания, и её заявки придут к вам. Ниже — зачем мы её запускаем, что обещали клиентам и чего ждём.',
			introUpdate: (version) =>
				`Описание кампании обновлено до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что обещает кампания',
			howToUseHeading: 'Как работать с этими заявками',
		},
	},
	content: {
		en: {
			label: 'Sales material',
			introNew:
				'There is new material to send to clients. Below: why we made it, what is in it, and when to use it.',
			introUpdate: (version) =>
				`The material is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What is in it',
			howToUseHeading: 'When and how to send it',
		},
		ru: {
			label: 'Материал для продаж',
			introNew:
				'Есть новый материал, который можно отправлять клиентам. Ниже — зачем мы его сделали, что в нём и когда его использовать.',
			introUpdate: (version) =>
				`Материал обновлён до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что в нём',
			howToUseHeading: 'Когда и как отправлять',
		},
	},
	qualificationRules: {
		en: {
			label: 'Qualification rules',
			introNew:
				'The rules for which leads we work with are changing. Below: why, the new rules, and what we expect.',
			introUpdate: (version) =>
				`The qualification rules are updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'The new rules',
			howToUseHeading: 'How to apply them',
		},
		ru: {
			label: 'Правила квалификации',
			introNew:
				'Меняются правила, с какими заявками мы работаем. Ниже — почему, новые правила и чего мы ждём.',
			introUpdate: (version) =>
				`Правила квалификации обновлены до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Новые правила',
			howToUseHeading: 'Как применять',
		},
	},
	priceChange: {
		en: {
			label: 'Price change',
			introNew:
				'Prices are changing. Below: why, the new prices, and how to talk about them with clients.',
			introUpdate: (version) =>
				`The price change brief is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What changes in the prices',
			howToUseHeading: 'How to talk about it with clients',
		},
		ru: {
			label: 'Изменение цен',
			introNew: 'Меняются цены. Ниже — почему, новые цены и как говорить о них с клиентами.',
			introUpdate: (version) =>
				`Описание изменения цен обновлено до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что меняется в ценах',
			howToUseHeading: 'Как говорить об этом с клиентами',
		},
	},
	other: {
		en: {
			label: 'Update for sales',
			introNew:
				'Something changes in how we sell. Below: why, what changes, and how we will see that it works.',
			introUpdate: (version) =>
				`This brief is updated to version ${version}. Below: what is different and why.`,
			changeHeading: 'What changes',
			howToUseHeading: 'What to do',
		},
		ru: {
			label: 'Новость для продаж',
			introNew:
				'Кое-что меняется в том, как мы продаём. Ниже — почему, что меняется и как мы поймём, что это работает.',
			introUpdate: (version) =>
				`Этот бриф обновлён до версии ${version}. Ниже — что изменилось и почему.`,
			changeHeading: 'Что меняется',
			howToUseHeading: 'Что делать',
		},
	},
};

export function assetTypeTexts(assetType: AssetType, language: Language): AssetTypeTexts {
	return ASSET_TYPE_TEXTS[assetType][language];
}

export function assetTypeLabel(assetType: AssetType, language: Language): string {
	return ASSET_TYPE_TEXTS[assetType][language].label;
}
