/**
 * What changed between two versions of a brief, field by field, with labels in the brief's language and values written
 * the way the brief shows them (metric values with their unit, dates in the timezone). Only content fields: id,
 * version, releasedAt and changedBecause belong to the version itself, not to its content.
 *
 * Lists: steps of "how to use" are compared by position (step 2 before vs step 2 now); objections are matched by the
 * objection text (case and spaces ignored), so a reworded answer is one change and a new objection is an addition;
 * links are matched by their address, so a renamed link is one change.
 */
import type { Language } from '../report/types';
import { Formatter } from '../report/texts';
import { assetTypeLabel } from './templates/assetTypes';
import { briefTexts } from './templates/common';
import { formatMetricValue, metricLabel } from './templates/metrics';
import type { Brief } from './types';

export interface BriefChange {
	/** Dotted path of the field: `cause`, `expectedEffect.target`, `howToUse[1]`, `objections[0].answer`, `links[2]`. */
	field: string;
	/** What a salesperson reads for the field, in the brief's language. */
	label: string;
	/** Null when the value was not there before (an addition). */
	before: string | null;
	/** Null when the value is gone (a removal). */
	after: string | null;
}

type LabelKey =
	| 'assetType'
	| 'title'
	| 'cause'
	| 'evidenceUrl'
	| 'change'
	| 'metric'
	| 'baseline'
	| 'target'
	| 'reviewDate'
	| 'currency'
	| 'pipeline'
	| 'channel'
	| 'owner'
	| 'step'
	| 'objection'
	| 'answer'
	| 'link'
	| 'audience'
	| 'ackRequired'
	| 'deadline'
	| 'language';

const LABELS: Record<LabelKey, { en: string; ru: string }> = {
	assetType: { en: 'Type', ru: 'Тип' },
	title: { en: 'Title', ru: 'Название' },
	cause: { en: 'What we saw', ru: 'Что мы увидели' },
	evidenceUrl: { en: 'Data link', ru: 'Ссылка на данные' },
	change: { en: 'What changes', ru: 'Что меняется' },
	metric: { en: 'Metric', ru: 'Метрика' },
	baseline: { en: 'Baseline', ru: 'Было' },
	target: { en: 'Target', ru: 'Цель' },
	reviewDate: { en: 'Review date', ru: 'Дата проверки' },
	currency: { en: 'Currency', ru: 'Валюта' },
	pipeline: { en: 'Pipeline', ru: 'Воронка' },
	channel: { en: 'Channel', ru: 'Канал' },
	owner: { en: 'Owner', ru: 'Менеджер' },
	step: { en: 'Step', ru: 'Шаг' },
	objection: { en: 'Objection', ru: 'Возражение' },
	answer: { en: 'Answer to', ru: 'Ответ на' },
	link: { en: 'Link', ru: 'Ссылка' },
	audience: { en: 'For', ru: 'Для кого' },
	ackRequired: { en: 'Confirmation required', ru: 'Нужно подтверждение' },
	deadline: { en: 'Deadline', ru: 'Срок' },
	language: { en: 'Language', ru: 'Язык' },
};

export function changeLabel(key: LabelKey, language: Language): string {
	return LABELS[key][language];
}

function squash(text: string): string {
	return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A date as the brief shows it: "15 Jan 2027" / "15 янв. 2027". */
export function formatBriefDate(
	iso: string | null,
	language: Language,
	timezone: string,
): string | null {
	if (iso === null || iso === '') return null;
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T12:00:00Z`) : Date.parse(iso);
	if (Number.isNaN(ms)) return iso;
	// A date-only value is a calendar day: shown as that day, whatever the timezone.
	return new Formatter(language).date(ms, /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timezone);
}

export function diffBriefs(
	previous: Brief,
	current: Brief,
	language: Language = current.language,
	timezone = 'UTC',
): BriefChange[] {
	const changes: BriefChange[] = [];
	const t = briefTexts(language);
	const push = (field: string, label: string, before: string | null, after: string | null) => {
		const b = before === '' ? null : before;
		const a = after === '' ? null : after;
		if (b !== a) changes.push({ field, label, before: b, after: a });
	};
	const label = (key: LabelKey) => changeLabel(key, language);

	push(
		'assetType',
		label('assetType'),
		assetTypeLabel(previous.assetType, language),
		assetTypeLabel(current.assetType, language),
	);
	push('title', label('title'), previous.title, current.title);
	push('cause', label('cause'), previous.cause, current.cause);
	push('evidenceUrl', label('evidenceUrl'), previous.evidenceUrl, current.evidenceUrl);
	push('change', label('change'), previous.change, current.change);

	const pe = previous.expectedEffect;
	const ce = current.expectedEffect;
	push(
		'expectedEffect.metric',
		label('metric'),
		metricLabel(pe.metric, language),
		metricLabel(ce.metric, language),
	);
	const value = (brief: Brief, number: number | null) =>
		number === null
			? null
			: formatMetricValue(
					brief.expectedEffect.metric,
					number,
					language,
					brief.expectedEffect.currency ?? null,
				);
	push(
		'expectedEffect.baseline',
		label('baseline'),
		value(previous, pe.baseline),
		value(current, ce.baseline),
	);
	push(
		'expectedEffect.target',
		label('target'),
		value(previous, pe.target),
		value(current, ce.target),
	);
	push(
		'expectedEffect.reviewDate',
		label('reviewDate'),
		formatBriefDate(pe.reviewDate, language, timezone),
		formatBriefDate(ce.reviewDate, language, timezone),
	);
	push('expectedEffect.currency', label('currency'), pe.currency ?? null, ce.currency ?? null);
	for (const key of ['pipeline', 'channel', 'owner'] as const) {
		push(`expectedEffect.scope.${key}`, label(key), pe.scope[key], ce.scope[key]);
	}

	const steps = Math.max(previous.howToUse.length, current.howToUse.length);
	for (let index = 0; index < steps; index++) {
		push(
			`howToUse[${index}]`,
			`${label('step')} ${index + 1}`,
			previous.howToUse[index] ?? null,
			current.howToUse[index] ?? null,
		);
	}

	const currentObjections = new Map(
		current.objections.map((o, index) => [squash(o.objection), index]),
	);
	const matchedObjections = new Set<number>();
	previous.objections.forEach((old, index) => {
		const match = currentObjections.get(squash(old.objection));
		if (match === undefined) {
			push(`objections[${index}]`, label('objection'), `${old.objection} — ${old.answer}`, null);
			return;
		}
		matchedObjections.add(match);
		const now = current.objections[match];
		push(`objections[${match}].objection`, label('objection'), old.objection, now.objection);
		push(
			`objections[${match}].answer`,
			`${label('answer')} ${t.quote(now.objection)}`,
			old.answer,
			now.answer,
		);
	});
	current.objections.forEach((now, index) => {
		if (!matchedObjections.has(index)) {
			push(`objections[${index}]`, label('objection'), null, `${now.objection} — ${now.answer}`);
		}
	});

	const currentLinks = new Map(current.links.map((link, index) => [link.url, index]));
	const matchedLinks = new Set<number>();
	previous.links.forEach((old, index) => {
		const match = currentLinks.get(old.url);
		if (match === undefined) {
			push(`links[${index}]`, label('link'), `${old.title} (${old.url})`, null);
			return;
		}
		matchedLinks.add(match);
		const now = current.links[match];
		push(`links[${match}].title`, `${label('link')} ${now.url}`, old.title, now.title);
	});
	current.links.forEach((now, index) => {
		if (!matchedLinks.has(index)) {
			push(`links[${index}]`, label('link'), null, `${now.title} (${now.url})`);
		}
	});

	push('audience', label('audience'), previous.audience, current.audience);
	push(
		'ackRequired',
		label('ackRequired'),
		previous.ackRequired ? t.yes : t.no,
		current.ackRequired ? t.yes : t.no,
	);
	push(
		'deadline',
		label('deadline'),
		formatBriefDate(previous.deadline, language, timezone),
		formatBriefDate(current.deadline, language, timezone),
	);
	push('language', label('language'), previous.language, current.language);
	return changes;
}
