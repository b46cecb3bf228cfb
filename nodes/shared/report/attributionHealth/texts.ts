import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';
import type { FixOwner, HealthIssue } from './compute';

/** The attributionHealth report's own words, English and Russian (shared words are in ../texts.ts). */
export interface AttributionHealthTexts {
	title: string;
	fixOwner: Record<FixOwner, string>;
	issueName: Record<HealthIssue, string>;
	issueFix: Record<HealthIssue, string>;
	cleanShare(pct: string, clean: number, deals: number, f: Formatter): string;
	noIssues: string;
	issueLine(
		count: number,
		base: number,
		pct: string,
		f: Formatter,
		baseKind: 'deals' | 'won' | 'lost' | 'withAmount',
	): string;
	fixLabel: string;
	duplicatesHeading: string;
	definitions: string;
}

const EN: AttributionHealthTexts = {
	title: 'Attribution health',
	fixOwner: {
		marketing: 'Marketing',
		crmAdmin: 'CRM admin',
		headOfSales: 'Head of sales',
		salesReps: 'Sales reps',
	},
	issueName: {
		unattributed: 'Deals with no channel (no source and no UTM)',
		noSource: 'Source field empty or “unknown”',
		noUtm: 'No UTM tags',
		partialUtm: 'Incomplete UTM (source without medium or campaign)',
		unknownOwner: 'No responsible owner',
		wonWithoutAmount: 'Won deals without an amount',
		missingAmount: 'Deals without an amount',
		missingCurrency: 'Amount without a currency',
		lostWithoutReason: 'Lost deals without a reason',
		duplicateTitle: 'Duplicates by title',
	},
	issueFix: {
		unattributed:
			'tag every ad and form with UTMs and pass them into the CRM; route calls and chats through tracked numbers or widgets',
		noSource: 'make every form, integration and import fill in the source field',
		noUtm: 'add utm_source, utm_medium and utm_campaign to every ad link',
		partialUtm: 'use one UTM template for all campaigns',
		unknownOwner: 'assign an owner to every deal and set up distribution rules',
		wonWithoutAmount: 'fill in the amount before moving a deal to won; make the field required',
		missingAmount: 'enter the expected amount when qualifying a deal',
		missingCurrency: 'set the currency on deals or a default currency in the CRM',
		lostWithoutReason: 'make the loss reason required when a deal is closed as lost',
		duplicateTitle:
			'turn on duplicate control for forms, calls and imports; merge the existing duplicates',
	},
	cleanShare: (pct, clean, deals, f) =>
		`${pct} of deals (${f.integer(clean)} of ${f.integer(deals)}) have no blocking data problem.`,
	noIssues: 'No data-quality problems found.',
	issueLine: (count, base, pct, f, baseKind) =>
		`${f.integer(count)} of ${f.integer(base)} ${baseKind === 'won' ? 'won deals' : baseKind === 'lost' ? 'lost deals' : baseKind === 'withAmount' ? 'deals with an amount' : 'deals'} (${pct})`,
	fixLabel: 'fix',
	duplicatesHeading: 'Most repeated titles',
	definitions:
		'“Clean” = has a channel, an owner, an amount if won, a currency if it has an amount, a reason if lost, and is not a repeated title. Source values like “unknown” or “(none)” count as empty.',
};

const RU: AttributionHealthTexts = {
	title: 'Качество данных для атрибуции',
	fixOwner: {
		marketing: 'Маркетинг',
		crmAdmin: 'Администратор CRM',
		headOfSales: 'Руководитель продаж',
		salesReps: 'Менеджеры по продажам',
	},
	issueName: {
		unattributed: 'Сделки без канала (нет ни источника, ни UTM)',
		noSource: 'Поле «Источник» пустое или «неизвестно»',
		noUtm: 'Нет UTM-меток',
		partialUtm: 'Неполные UTM (source без medium или campaign)',
		unknownOwner: 'Нет ответственного',
		wonWithoutAmount: 'Успешные сделки без суммы',
		missingAmount: 'Сделки без суммы',
		missingCurrency: 'Сумма без валюты',
		lostWithoutReason: 'Проигранные сделки без причины',
		duplicateTitle: 'Дубли по названию',
	},
	issueFix: {
		unattributed:
			'размечайте UTM-метками все объявления и формы и передавайте их в CRM; звонки и чаты — через коллтрекинг или виджет с источником',
		noSource: 'настройте, чтобы каждая форма, интеграция и импорт заполняли источник',
		noUtm: 'добавьте utm_source, utm_medium и utm_campaign во все рекламные ссылки',
		partialUtm: 'используйте единый шаблон UTM для всех кампаний',
		unknownOwner: 'назначайте ответственного каждой сделке, настройте правила распределения',
		wonWithoutAmount: 'заполняйте сумму до перевода сделки в «Успешно»; сделайте поле обязательным',
		missingAmount: 'указывайте ожидаемую сумму при квалификации сделки',
		missingCurrency: 'укажите валюту сделок или валюту по умолчанию в CRM',
		lostWithoutReason: 'сделайте причину отказа обязательной при закрытии сделки как проигранной',
		duplicateTitle:
			'включите контроль дублей для форм, звонков и импорта; объедините существующие дубли',
	},
	cleanShare: (pct, clean, deals, f) =>
		`${pct} сделок (${f.integer(clean)} из ${f.integer(deals)}) без критичных проблем с данными.`,
	noIssues: 'Проблем с качеством данных не найдено.',
	issueLine: (count, base, pct, f, baseKind) =>
		`${f.integer(count)} из ${f.integer(base)} ${baseKind === 'won' ? ruPlural(base, 'успешной сделки', 'успешных сделок', 'успешных сделок') : baseKind === 'lost' ? ruPlural(base, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок') : baseKind === 'withAmount' ? ruPlural(base, 'сделки с суммой', 'сделок с суммой', 'сделок с суммой') : ruPlural(base, 'сделки', 'сделок', 'сделок')} (${pct})`,
	fixLabel: 'что сделать',
	duplicatesHeading: 'Чаще всего повторяются названия',
	definitions:
		'«Без проблем» — у сделки есть канал, ответственный, сумма (если успешна), валюта (если есть сумма), причина (если проиграна), и название не повторяется. Значения источника вроде «неизвестно» или «(none)» считаются пустыми.',
};

export function attributionHealthTexts(language: Language): AttributionHealthTexts {
	return language === 'ru' ? RU : EN;
}
