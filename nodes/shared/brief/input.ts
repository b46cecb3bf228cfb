/**
 * From what the marketer typed (node parameters, a form, a sheet row, an AI agent's tool call) to a validated Brief.
 * "The why is the product": a brief without a cause, a change or an expected effect is refused, and every refusal says
 * which field is wrong and how to write it, in words a marketer understands.
 */
import { DateTime } from 'luxon';

import { ambiguousReadings, describe, numeric } from '../report/input';
import type { Language } from '../report/types';
import { briefId, normaliseTitle } from './id';
import { assetTypeLabel } from './templates/assetTypes';
import { METRIC_UNITS, metricLabel } from './templates/metrics';
import type {
	AssetType,
	Brief,
	BriefLink,
	BriefMetric,
	BriefObjection,
	ExpectedEffect,
} from './types';
import { ASSET_TYPES, BRIEF_METRICS } from './types';

/** Raw values as the node reads them: strings may be empty, numbers may arrive as strings from expressions. */
export interface BriefInput {
	assetType: unknown;
	title: unknown;
	version: unknown;
	changedBecause?: unknown;
	cause: unknown;
	evidenceUrl?: unknown;
	change: unknown;
	expectedEffect: {
		metric: unknown;
		baseline?: unknown;
		target?: unknown;
		reviewDate?: unknown;
		/** For averageDeal: the currency of the amounts, e.g. "USD". */
		currency?: unknown;
		scope?: { pipeline?: unknown; channel?: unknown; owner?: unknown } | null;
	} | null;
	/** An array of steps, or one multi-line string with one step per line. */
	howToUse?: unknown;
	/** An array of { objection, answer } (or a JSON string of one). */
	objections?: unknown;
	/** An array of { title, url } (or a JSON string of one). */
	links?: unknown;
	audience?: unknown;
	ackRequired?: unknown;
	deadline?: unknown;
	language?: unknown;
	/** Default: `now` from the options. */
	releasedAt?: unknown;
	/** The previous version: a Brief record or a JSON string of one. */
	previous?: unknown;
}

export interface BriefInputOptions {
	now: Date;
	/** IANA zone for date-only values (a deadline "2026-12-10" ends at midnight there). */
	timezone: string;
}

/** A refused brief: `field` is the BriefInput field (dotted for nested ones), `description` how to fix it. */
export class BriefInputError extends Error {
	readonly field: string;
	readonly description: string;

	constructor(field: string, message: string, description = '') {
		super(message);
		this.name = 'BriefInputError';
		this.field = field;
		this.description = description;
	}
}

export const TITLE_MAX_LENGTH = 200;
export const TEXT_MAX_LENGTH = 4000;
export const MAX_VERSION = 999;

/** Examples of the three parts of the why, shown when one is missing. */
export const WHY_EXAMPLES = {
	cause:
		'Cause (what we saw), e.g.: "In October 38% of lost Google Ads deals were lost as \'not our client\': the ads promise a free trial we do not offer."',
	change:
		'Change (what changes), e.g.: "From Monday the first call starts with the question about team size instead of the product demo."',
	metric:
		'Expected effect (the CRM metric it should move), e.g.: metric "Win rate", baseline 21, target 27, review date 2027-01-15. Metrics: winRate, conversion, averageDeal, speedToLeadP50, slaBreachShare, leadQualityLossShare.',
};

const WHY_NAMES = {
	cause: 'the cause (what we saw)',
	change: 'the change (what changes)',
	metric: 'the expected effect (which CRM metric should move)',
};

const FIELD_NAMES: Record<string, string> = {
	title: 'title',
	cause: 'cause (what we saw)',
	change: 'change (what changes)',
	changedBecause: '"changed because"',
	evidenceUrl: 'evidence link',
	'expectedEffect.baseline': 'baseline',
	'expectedEffect.target': 'target',
	'expectedEffect.reviewDate': 'review date',
	'expectedEffect.currency': 'currency',
	'expectedEffect.scope.pipeline': 'scope pipeline',
	'expectedEffect.scope.channel': 'scope channel',
	'expectedEffect.scope.owner': 'scope owner',
	howToUse: '"how to use"',
	objections: 'objections',
	links: 'links',
	audience: 'audience',
	ackRequired: '"acknowledgement required" option',
	deadline: 'deadline',
	releasedAt: 'release date',
};

/** The field as the marketer knows it: "address of link 2", not "links[1].url". */
export function fieldName(field: string): string {
	const known = FIELD_NAMES[field];
	if (known !== undefined) return known;
	const item = /^(howToUse|objections|links)\[(\d+)\](?:\.(\w+))?$/.exec(field);
	if (item !== null) {
		const number = Number(item[2]) + 1;
		if (item[1] === 'howToUse') return `step ${number} of "how to use"`;
		if (item[1] === 'links')
			return `${item[3] === 'title' ? 'title' : 'address'} of link ${number}`;
		return `${item[3] === 'answer' ? 'answer' : 'objection'} ${number}`;
	}
	return field;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function text(field: string, value: unknown, maxLength = TEXT_MAX_LENGTH): string | null {
	if (isBlank(value)) return null;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} must be text (got ${describe(value)})`,
		);
	}
	const trimmed = value.replace(/\r\n?/g, '\n').trim();
	if (trimmed.length > maxLength) {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} is too long: ${trimmed.length} characters, at most ${maxLength}`,
			'Keep it short: salespeople read this between calls. Put the details into a linked document.',
		);
	}
	return trimmed;
}

function httpUrl(field: string, value: unknown): string | null {
	const url = text(field, value, 2000);
	if (url === null) return null;
	let parsed: URL | null = null;
	try {
		parsed = new URL(url);
	} catch {
		parsed = null;
	}
	if (
		parsed === null ||
		(parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
		/\s/.test(url)
	) {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} must be a web address starting with http:// or https:// (got ${describe(url)})`,
			'Example: https://docs.example.com/new-script',
		);
	}
	return url;
}

/** "salesScript", "Sales script", "sales_script" → salesScript; also the English labels ("Sales material"), for forms. */
function readAssetType(value: unknown): AssetType {
	if (isBlank(value)) return 'other';
	const squash = (name: string) => name.toLowerCase().replace(/[\s_\-()]/g, '');
	const key = typeof value === 'string' ? squash(value) : '';
	const found = ASSET_TYPES.find(
		(type) => squash(type) === key || squash(assetTypeLabel(type, 'en')) === key,
	);
	if (found === undefined) {
		throw new BriefInputError(
			'assetType',
			`Unknown asset type ${describe(value)}`,
			`Use one of: ${ASSET_TYPES.join(', ')}.`,
		);
	}
	return found;
}

function readLanguage(value: unknown): Language {
	if (isBlank(value)) return 'en';
	const key = typeof value === 'string' ? value.trim().toLowerCase() : '';
	if (key === 'en' || key === 'ru') return key;
	throw new BriefInputError(
		'language',
		`The language must be "en" or "ru" (got ${describe(value)})`,
	);
}

function readVersion(value: unknown): number {
	if (isBlank(value)) return 1;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (
		typeof number !== 'number' ||
		!Number.isInteger(number) ||
		number < 1 ||
		number > MAX_VERSION
	) {
		throw new BriefInputError(
			'version',
			`The version must be a whole number from 1 to ${MAX_VERSION} (got ${describe(value)})`,
			'The first brief is version 1; each update of the same title gets the next number.',
		);
	}
	return number;
}

function readBoolean(field: string, value: unknown): boolean {
	if (isBlank(value)) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const key = value.trim().toLowerCase();
		if (['true', 'yes', '1', 'да'].includes(key)) return true;
		if (['false', 'no', '0', 'нет'].includes(key)) return false;
	}
	if (value === 1) return true;
	if (value === 0) return false;
	throw new BriefInputError(
		field,
		`The ${fieldName(field)} must be true or false (got ${describe(value)})`,
	);
}

/** "Win rate", "win_rate", "WINRATE" → winRate; also the English labels. */
function readMetric(value: unknown): BriefMetric | null {
	if (isBlank(value)) return null;
	const squash = (name: string) => name.toLowerCase().replace(/[\s_\-()]/g, '');
	const key = typeof value === 'string' ? squash(value) : '';
	const found = BRIEF_METRICS.find(
		(metric) => squash(metric) === key || squash(metricLabel(metric, 'en')) === key,
	);
	if (found === undefined) {
		throw new BriefInputError(
			'expectedEffect.metric',
			`Unknown metric ${describe(value)}`,
			`Use one of: ${BRIEF_METRICS.join(', ')}.`,
		);
	}
	return found;
}

function readMetricValue(field: string, value: unknown, metric: BriefMetric): number | null {
	if (isBlank(value)) return null;
	const unit = METRIC_UNITS[metric];
	let raw = value;
	if (typeof raw === 'string') {
		raw = raw.trim();
		if (unit === 'rate') raw = (raw as string).replace(/\s*%$/, '');
		if (unit === 'minutes') raw = (raw as string).replace(/\s*(min|minutes|мин)\.?$/i, '');
	}
	const parsed = numeric(raw);
	if (parsed === 'ambiguous') {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} is ambiguous: ${describe(value)} could mean ${ambiguousReadings(String(raw))}`,
			'Write it without a thousands separator, e.g. 1234 or 21.5 (a decimal comma is fine: 21,5).',
		);
	}
	const example =
		unit === 'rate' ? '21 or 21.5 (percent)' : unit === 'money' ? '52000' : '15 (minutes)';
	if (parsed === null) {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} must be a number (got ${describe(value)})`,
			`Example: ${example}.`,
		);
	}
	if (parsed < 0 || (unit === 'rate' && parsed > 100)) {
		throw new BriefInputError(
			field,
			unit === 'rate'
				? `The ${fieldName(field)} is a percentage and must be between 0 and 100 (got ${parsed})`
				: `The ${fieldName(field)} cannot be negative (got ${parsed})`,
			`Example: ${example}.`,
		);
	}
	return parsed;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date-only text or an ISO instant; ISO without an offset is read in the timezone. */
function readDateTime(field: string, value: unknown, timezone: string): DateTime | null {
	if (isBlank(value)) return null;
	if (value instanceof Date) {
		if (!Number.isNaN(value.getTime())) return DateTime.fromJSDate(value, { zone: timezone });
	} else if (typeof value === 'string') {
		const parsed = DateTime.fromISO(value.trim(), { zone: timezone, setZone: false });
		if (parsed.isValid) return parsed;
	}
	throw new BriefInputError(
		field,
		`The ${fieldName(field)} must be a date like 2026-12-10 or an ISO date and time like 2026-12-10T18:00:00Z (got ${describe(value)})`,
	);
}

function isDateOnly(value: unknown): boolean {
	return typeof value === 'string' && DATE_ONLY.test(value.trim());
}

function parseJsonList(field: string, value: unknown): unknown[] {
	if (isBlank(value)) return [];
	let list = value;
	if (typeof value === 'string') {
		try {
			list = JSON.parse(value);
		} catch {
			list = undefined;
		}
	}
	// n8n's fixedCollection gives { values: [...] }; accept that shape as well.
	if (list !== null && typeof list === 'object' && !Array.isArray(list)) {
		const values = Object.values(list as Record<string, unknown>);
		if (values.length === 1 && Array.isArray(values[0])) list = values[0];
	}
	if (!Array.isArray(list)) {
		throw new BriefInputError(
			field,
			`The ${fieldName(field)} must be a list (got ${describe(value)})`,
		);
	}
	return list;
}

/** Leading "1.", "2)", "-", "*", "•" are dropped: the brief numbers the steps itself. */
function readSteps(input: unknown): string[] {
	if (isBlank(input)) return [];
	// n8n's fixedCollection gives { values: [{ step }, …] }.
	const inner =
		input !== null && typeof input === 'object' && !Array.isArray(input)
			? Object.values(input as Record<string, unknown>)
			: [];
	const value = inner.length === 1 && Array.isArray(inner[0]) ? inner[0] : input;
	const lines =
		typeof value === 'string'
			? value.split(/\r?\n/)
			: Array.isArray(value)
				? value.map((step, index) => {
						if (typeof step === 'string' || typeof step === 'number') return String(step);
						if (step !== null && typeof step === 'object' && 'step' in step) {
							return String((step as { step: unknown }).step ?? '');
						}
						throw new BriefInputError(
							`howToUse[${index}]`,
							`Step ${index + 1} of "how to use" must be text (got ${describe(step)})`,
						);
					})
				: null;
	if (lines === null) {
		throw new BriefInputError(
			'howToUse',
			`"How to use" must be a list of steps or text with one step per line (got ${describe(value)})`,
		);
	}
	const steps = lines
		.map((line) => line.replace(/^\s*(?:\d{1,2}[.)]|[-*•])\s+/, '').trim())
		.filter((line) => line !== '');
	steps.forEach((step, index) => text(`howToUse[${index}]`, step, 1000));
	return steps;
}

function field(row: unknown, name: string): unknown {
	return row !== null && typeof row === 'object'
		? (row as Record<string, unknown>)[name]
		: undefined;
}

function readObjections(value: unknown): BriefObjection[] {
	const out: BriefObjection[] = [];
	parseJsonList('objections', value).forEach((row, index) => {
		if (row === null || typeof row !== 'object' || Array.isArray(row)) {
			throw new BriefInputError(
				`objections[${index}]`,
				`Objection ${index + 1} must have an objection and an answer (got ${describe(row)})`,
			);
		}
		const objection = text(`objections[${index}].objection`, field(row, 'objection'), 1000);
		const answer = text(`objections[${index}].answer`, field(row, 'answer'), 2000);
		if (objection === null && answer === null) return;
		if (objection === null || answer === null) {
			throw new BriefInputError(
				`objections[${index}]`,
				objection === null
					? `Objection ${index + 1} has an answer but no objection`
					: `Objection ${index + 1} ("${objection.slice(0, 40)}") has no answer`,
				'Each objection needs what the client says and what the salesperson answers, e.g. "Too expensive" — "Compare with the cost of one lost deal a month".',
			);
		}
		out.push({ objection, answer });
	});
	return out;
}

function readLinks(value: unknown): BriefLink[] {
	const out: BriefLink[] = [];
	parseJsonList('links', value).forEach((row, index) => {
		const rawUrl = typeof row === 'string' ? row : field(row, 'url');
		const rawTitle = typeof row === 'string' ? undefined : field(row, 'title');
		const title = text(`links[${index}].title`, rawTitle, 200);
		if (isBlank(rawUrl)) {
			if (title === null) return;
			throw new BriefInputError(
				`links[${index}].url`,
				`Link ${index + 1} ("${title.slice(0, 40)}") has no address`,
				'Example: https://docs.example.com/new-script',
			);
		}
		const url = httpUrl(`links[${index}].url`, rawUrl) as string;
		out.push({ title: title ?? url, url });
	});
	return out;
}

function readEffect(
	input: BriefInput['expectedEffect'],
	metric: BriefMetric,
	releaseDay: string,
	timezone: string,
): ExpectedEffect {
	const effect = input ?? { metric };
	const baseline = readMetricValue('expectedEffect.baseline', effect.baseline, metric);
	const target = readMetricValue('expectedEffect.target', effect.target, metric);
	if (baseline !== null && target !== null && baseline === target) {
		throw new BriefInputError(
			'expectedEffect.target',
			`The target equals the baseline (${target}): the brief should say what we expect to change`,
			'Example: baseline 21, target 27.',
		);
	}
	const reviewDateTime = readDateTime('expectedEffect.reviewDate', effect.reviewDate, timezone);
	const reviewDate = reviewDateTime === null ? null : reviewDateTime.setZone(timezone).toISODate();
	if (reviewDate !== null && reviewDate <= releaseDay) {
		throw new BriefInputError(
			'expectedEffect.reviewDate',
			`The review date ${reviewDate} must be after the release (${releaseDay}): the effect is measured on deals after it`,
			'Pick a date that leaves the team a few weeks with the change, e.g. four weeks after the release.',
		);
	}
	const scope = effect.scope ?? {};
	const currency = text('expectedEffect.currency', effect.currency, 10);
	if (currency !== null && !/^[A-Za-z]{3}$/.test(currency)) {
		throw new BriefInputError(
			'expectedEffect.currency',
			`The currency must be a three-letter code such as USD or RUB (got ${describe(currency)})`,
		);
	}
	const result: ExpectedEffect = {
		metric,
		baseline,
		target,
		reviewDate,
		scope: {
			pipeline: text('expectedEffect.scope.pipeline', scope.pipeline, 200),
			channel: text('expectedEffect.scope.channel', scope.channel, 200),
			owner: text('expectedEffect.scope.owner', scope.owner, 200),
		},
	};
	if (currency !== null) result.currency = currency.toUpperCase();
	return result;
}

function readPrevious(value: unknown): Brief | null {
	if (isBlank(value)) return null;
	let record = value;
	let badJson = false;
	if (typeof value === 'string') {
		try {
			record = JSON.parse(value);
		} catch {
			badJson = true;
		}
	}
	if (badJson) {
		throw new BriefInputError(
			'previous',
			'The previous brief is not valid JSON',
			'Pass the Brief record of the previous version as this node output it (the "brief" field).',
		);
	}
	const r = record as Partial<Brief> | null;
	const ok =
		r !== null &&
		typeof r === 'object' &&
		!Array.isArray(r) &&
		typeof r.title === 'string' &&
		typeof r.version === 'number' &&
		typeof r.cause === 'string' &&
		typeof r.change === 'string' &&
		r.expectedEffect !== null &&
		typeof r.expectedEffect === 'object' &&
		(BRIEF_METRICS as readonly string[]).includes(String(r.expectedEffect.metric));
	if (!ok) {
		throw new BriefInputError(
			'previous',
			`The previous brief is not a Brief record (got ${describe(record)})`,
			'Pass the Brief record of the previous version as this node output it (the "brief" field), with title, version, cause, change and expectedEffect.',
		);
	}
	const p = r as Brief;
	const scope = p.expectedEffect.scope ?? { pipeline: null, channel: null, owner: null };
	return {
		...p,
		id: typeof p.id === 'string' ? p.id : briefId(p.title, p.version),
		changedBecause: p.changedBecause ?? null,
		assetType: (ASSET_TYPES as readonly string[]).includes(p.assetType) ? p.assetType : 'other',
		evidenceUrl: p.evidenceUrl ?? null,
		expectedEffect: {
			...p.expectedEffect,
			baseline: p.expectedEffect.baseline ?? null,
			target: p.expectedEffect.target ?? null,
			reviewDate: p.expectedEffect.reviewDate ?? null,
			scope: {
				pipeline: scope.pipeline ?? null,
				channel: scope.channel ?? null,
				owner: scope.owner ?? null,
			},
		},
		howToUse: Array.isArray(p.howToUse) ? p.howToUse.map(String) : [],
		objections: Array.isArray(p.objections) ? p.objections : [],
		links: Array.isArray(p.links) ? p.links : [],
		audience: p.audience ?? null,
		ackRequired: p.ackRequired === true,
		deadline: p.deadline ?? null,
		language: p.language === 'ru' ? 'ru' : 'en',
		releasedAt: typeof p.releasedAt === 'string' ? p.releasedAt : '',
	};
}

/**
 * Checks a brief as the marketer wrote it and returns the Brief record (with its deterministic id) and the previous
 * version when one was given. Throws BriefInputError naming the field.
 */
export function validateBriefInput(
	input: BriefInput,
	options: BriefInputOptions,
): { brief: Brief; previous: Brief | null } {
	const timezone = options.timezone;
	const title = text('title', input.title, TITLE_MAX_LENGTH);
	if (title === null) {
		throw new BriefInputError(
			'title',
			'The brief has no title',
			'Name it the way salespeople will refer to it, e.g. "Cold call opener" or "Winter offer for small teams".',
		);
	}
	if (/\n/.test(title)) {
		throw new BriefInputError('title', 'The title must be one line');
	}
	const cause = text('cause', input.cause);
	const change = text('change', input.change);
	const metric = readMetric(input.expectedEffect?.metric);
	const missing = (
		[
			['cause', cause],
			['change', change],
			['metric', metric],
		] as const
	)
		.filter(([, value]) => value === null)
		.map(([name]) => name);
	if (missing.length > 0) {
		const names = missing.map((name) => WHY_NAMES[name]);
		const list =
			names.length === 1
				? names[0]
				: `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
		throw new BriefInputError(
			missing[0] === 'metric' ? 'expectedEffect.metric' : missing[0],
			`The brief is missing ${list}. Salespeople act on a change when they know why it is made and what it should move.`,
			missing.map((name) => WHY_EXAMPLES[name]).join(' '),
		);
	}

	const version = readVersion(input.version);
	const changedBecause = text('changedBecause', input.changedBecause);
	if (version >= 2 && changedBecause === null) {
		throw new BriefInputError(
			'changedBecause',
			`Version ${version} needs "changed because": what made us change the previous version`,
			'Example: "Clients kept asking about the price before the demo, so the price question now comes first."',
		);
	}

	const releasedDateTime =
		readDateTime('releasedAt', input.releasedAt, timezone) ??
		DateTime.fromJSDate(options.now, { zone: timezone });
	const releasedAt = releasedDateTime.toUTC().toISO() as string;
	const releaseDay = releasedDateTime.setZone(timezone).toISODate() as string;

	let deadline: string | null = null;
	const deadlineDateTime = readDateTime('deadline', input.deadline, timezone);
	if (deadlineDateTime !== null) {
		// A date-only deadline means "by the end of that day" in the timezone.
		const end = isDateOnly(input.deadline) ? deadlineDateTime.endOf('day') : deadlineDateTime;
		if (end.toMillis() < releasedDateTime.toMillis()) {
			throw new BriefInputError(
				'deadline',
				`The deadline ${String(input.deadline).trim()} is before the release (${releasedAt})`,
				'Give salespeople a few days after the release to read and confirm, e.g. three working days.',
			);
		}
		deadline = end.toUTC().toISO() as string;
	}

	const brief: Brief = {
		id: briefId(title, version),
		version,
		changedBecause,
		assetType: readAssetType(input.assetType),
		title,
		cause: cause as string,
		evidenceUrl: httpUrl('evidenceUrl', input.evidenceUrl),
		change: change as string,
		expectedEffect: readEffect(input.expectedEffect, metric as BriefMetric, releaseDay, timezone),
		howToUse: readSteps(input.howToUse),
		objections: readObjections(input.objections),
		links: readLinks(input.links),
		audience: text('audience', input.audience, 200),
		ackRequired: readBoolean('ackRequired', input.ackRequired),
		deadline,
		language: readLanguage(input.language),
		releasedAt,
	};

	const previous = readPrevious(input.previous);
	if (previous !== null) {
		if (normaliseTitle(previous.title) !== normaliseTitle(title)) {
			throw new BriefInputError(
				'previous',
				`The previous brief is "${previous.title.slice(0, 80)}", not "${title.slice(0, 80)}"`,
				'Pass the previous version of this same brief (same title), or leave "previous" empty.',
			);
		}
		if (previous.version >= version) {
			throw new BriefInputError(
				'previous',
				`The previous brief is version ${previous.version}; this one is version ${version}, so it must have a higher number`,
				`Set the version to ${Math.min(previous.version + 1, MAX_VERSION)}.`,
			);
		}
	}
	return { brief, previous };
}
