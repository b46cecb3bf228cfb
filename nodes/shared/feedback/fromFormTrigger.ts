/**
 * Items from n8n's own Form Trigger → a router draft.
 *
 * The Form Trigger (n8n-nodes-base 2.40.2, nodes/Form/utils/utils.js, `prepareFormReturnItem` and
 * `addFormResponseDataToReturnItem`) emits one item per submission: one key per field — the field's LABEL, or from
 * version 2.4 on its "Field Name" when one is set — holding the answer (text and e-mail trimmed, number fields as
 * numbers, checkboxes / multi-selects as arrays, unanswered fields as null), plus `submittedAt` (ISO with offset),
 * `formMode` ("test" | "production") and, when the form URL had a query string, `formQueryParameters`. So the router
 * maps by label: the user's mapping first, then the default labels below (English and Russian), then a few
 * stems ("say first", "говорят первым", …). Query parameters prefill deal id, CRM, rep, brief id and UTM.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizeReason } from '../report/classifier';
import type { ReasonCode } from './reasons';
import type { Draft } from './routed';
import type { FieldMapping, MappableField } from './fromJson';
import { fieldsFromValues } from './fromJson';

/** Default labels, compared after normalizing (case, ё, spaces) and dropping trailing punctuation. */
export const DEFAULT_FORM_LABELS: Partial<Record<MappableField, string[]>> = {
	firstWords: [
		'What do clients say first when they call?',
		'What do clients say first?',
		'What do customers say first?',
		'First words',
		'Что клиенты говорят первым, когда звонят?',
		'Что клиенты говорят первым?',
		'Что клиент говорит первым делом?',
	],
	purchasePurpose: [
		'Why do they buy?',
		'Why do clients buy?',
		'Why do customers buy?',
		'Зачем покупают?',
		'Почему покупают?',
		'Зачем клиенты покупают?',
		'Почему клиенты покупают?',
	],
	whatMatters: [
		'What matters to them?',
		'What matters to clients?',
		'What matters to customers?',
		'Что для них важно?',
		'Что важно клиентам?',
		'Что важно клиенту?',
	],
	objections: ['Objections', 'Objections heard', 'Возражения', 'Какие возражения звучат?'],
	dealId: ['Deal ID', 'Deal', 'Deal number', 'ID сделки', 'Сделка', 'Номер сделки'],
	decision: [
		'Verdict',
		'Decision',
		'Accept or reject',
		'Lead verdict',
		'Вердикт',
		'Решение',
		'Лид принят?',
		'Принять или отклонить',
	],
	reasonCode: ['Reason', 'Rejection reason', 'Reason code', 'Причина', 'Причина отказа'],
	quality: ['Lead quality', 'Quality', 'Lead score', 'Качество лида', 'Оценка лида', 'Качество'],
	text: ['Comment', 'Comments', 'Message', 'Комментарий', 'Сообщение', 'Примечание'],
	rep: ['Your name', 'Name', 'Sales rep', 'Rep', 'Ваше имя', 'Имя', 'Менеджер'],
	crm: ['CRM'],
};

/** When no label matches exactly: a label containing one of these stems belongs to the field. */
const LABEL_STEMS: Partial<Record<MappableField, string[]>> = {
	firstWords: ['say first', 'first thing', 'говорят первым', 'говорит первым', 'первым делом'],
	purchasePurpose: ['why do', 'why they buy', 'зачем', 'почему покупа'],
	whatMatters: ['what matters', 'important to', 'важно'],
	objections: ['objection', 'возражен'],
	dealId: ['deal id', 'deal number', 'сделк'],
	quality: ['quality', 'качеств'],
	reasonCode: ['reason', 'причин'],
	text: ['comment', 'коммент'],
};

/** Query parameters of the form URL (`?deal=…&utm_source=…`). */
const QUERY_KEYS: Partial<Record<MappableField, string[]>> = {
	dealId: ['dealId', 'deal_id', 'deal'],
	crm: ['crm'],
	rep: ['rep'],
	briefId: ['briefId', 'brief_id', 'brief', 'b'],
	utmSource: ['utm_source'],
	utmMedium: ['utm_medium'],
	utmCampaign: ['utm_campaign'],
	utmContent: ['utm_content'],
	utmTerm: ['utm_term'],
	language: ['lang', 'language'],
};

const FORM_META_KEYS = new Set([
	'submittedAt',
	'formMode',
	'formQueryParameters',
	'headers',
	'user',
]);

function labelKey(label: string): string {
	return normalizeReason(label).replace(/[\s?!.:*…]+$/u, '');
}

/** True for an item shaped like the Form Trigger's output. */
export function isFormTriggerItem(json: IDataObject): boolean {
	return (
		(json.formMode === 'test' || json.formMode === 'production') &&
		typeof json.submittedAt === 'string'
	);
}

/** Which field each of the item's labels feeds (labels the mapping does not know are ignored). */
export function mapFormLabels(
	labels: readonly string[],
	mapping: readonly FieldMapping[],
): Map<string, MappableField> {
	const result = new Map<string, MappableField>();
	const taken = new Set<MappableField>();
	const assign = (label: string, field: MappableField) => {
		if (result.has(label) || taken.has(field)) return;
		result.set(label, field);
		taken.add(field);
	};
	const keys = labels.map((label) => [label, labelKey(label)] as const);
	for (const m of mapping) {
		const wanted = labelKey(m.source);
		for (const [label, key] of keys) if (key === wanted) assign(label, m.field);
	}
	for (const [field, defaults] of Object.entries(DEFAULT_FORM_LABELS) as Array<
		[MappableField, string[]]
	>) {
		const wanted = new Set(defaults.map(labelKey));
		for (const [label, key] of keys) if (wanted.has(key)) assign(label, field);
	}
	for (const [field, stems] of Object.entries(LABEL_STEMS) as Array<[MappableField, string[]]>) {
		for (const [label, key] of keys) {
			if (stems.some((stem) => key.includes(stem))) assign(label, field);
		}
	}
	return result;
}

export function fromFormTrigger(
	json: IDataObject,
	mapping: readonly FieldMapping[],
	catalogue: Map<string, ReasonCode>,
): Draft {
	const labels = Object.keys(json).filter((key) => !FORM_META_KEYS.has(key));
	const byLabel = mapFormLabels(labels, mapping);
	const values: Partial<Record<MappableField, unknown>> = {};
	const query =
		typeof json.formQueryParameters === 'object' && json.formQueryParameters !== null
			? (json.formQueryParameters as IDataObject)
			: {};
	for (const [field, keys] of Object.entries(QUERY_KEYS) as Array<[MappableField, string[]]>) {
		for (const key of keys) {
			const value = Object.prototype.hasOwnProperty.call(query, key) ? query[key] : undefined;
			if (typeof value === 'string' && value.trim() !== '') {
				values[field] = value;
				break;
			}
		}
	}
	for (const [label, field] of byLabel) {
		const value = json[label];
		if (value !== null && value !== undefined && value !== '') values[field] = value;
	}
	values.submittedAt = json.submittedAt;
	return {
		source: 'formTrigger',
		fields: { ...fieldsFromValues(values, catalogue), type: 'form' },
		signature: 'none',
		signatureProblem: null,
		telegram: null,
		fixedCategory: null,
	};
}
