import { DateTime } from 'luxon';

import type { DateInput } from '../dateInput';
import { endOfRangeExclusive, readDateInput } from '../dateInput';
import type { PeriodSpec, ResolvedPeriod } from './types';

const MS_PER_DAY = 86_400_000;

function digits(text: string, start: number, count: number): number {
	let value = 0;
	for (let index = start; index < start + count; index++) {
		const code = text.charCodeAt(index) - 48;
		if (code < 0 || code > 9) return -1;
		value = value * 10 + code;
	}
	return value;
}

/**
 * Milliseconds of an ISO-8601 instant, NaN for null or junk. Deals carry UTC strings like `2026-11-03T09:15:00.000Z`;
 * those take a hand-rolled path (this runs once or twice per deal, a million times in a big report), anything else
 * falls back to Date.parse.
 */
export function parseInstant(text: string | null | undefined): number {
	if (typeof text !== 'string') return NaN;
	const length = text.length;
	if (
		(length === 20 || length === 24) &&
		text.charCodeAt(4) === 45 &&
		text.charCodeAt(7) === 45 &&
		text.charCodeAt(10) === 84 &&
		text.charCodeAt(length - 1) === 90
	) {
		const year = digits(text, 0, 4);
		const month = digits(text, 5, 2);
		const day = digits(text, 8, 2);
		const hour = digits(text, 11, 2);
		const minute = digits(text, 14, 2);
		const second = digits(text, 17, 2);
		const milli = length === 24 ? digits(text, 20, 3) : 0;
		if (
			year >= 0 &&
			month >= 1 &&
			month <= 12 &&
			day >= 1 &&
			day <= 31 &&
			hour >= 0 &&
			hour <= 23 &&
			minute >= 0 &&
			minute <= 59 &&
			second >= 0 &&
			second <= 59 &&
			milli >= 0
		) {
			return Date.UTC(year, month - 1, day, hour, minute, second, milli);
		}
	}
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? NaN : parsed;
}

export function daysBetween(fromMs: number, toMs: number): number {
	return (toMs - fromMs) / MS_PER_DAY;
}

/** Validates an IANA zone name; falls back to UTC so a typo cannot stop a report. */
export function safeTimezone(timezone: string | null | undefined): string {
	if (!timezone) return 'UTC';
	return DateTime.now().setZone(timezone).isValid ? timezone : 'UTC';
}

function parseBoundary(value: unknown, timezone: string): DateInput | null {
	return readDateInput(value, timezone);
}

/**
 * Turns a period preset into instants in the given time zone. Rolling presets (`last7Days`…) end at `now`; calendar
 * presets use whole months/quarters/years of that zone; "this …" ends at `now`.
 */
export function resolvePeriod(spec: PeriodSpec, now: Date, timezone: string): ResolvedPeriod {
	const zone = safeTimezone(timezone);
	const current = DateTime.fromJSDate(now).setZone(zone);
	let from: DateTime | null = null;
	let to: DateTime | null = null;
	switch (spec.preset) {
		case 'allTime':
			break;
		case 'last7Days':
			from = current.minus({ days: 7 });
			to = current;
			break;
		case 'last30Days':
			from = current.minus({ days: 30 });
			to = current;
			break;
		case 'last90Days':
			from = current.minus({ days: 90 });
			to = current;
			break;
		case 'thisMonth':
			from = current.startOf('month');
			to = current;
			break;
		case 'lastMonth':
			from = current.startOf('month').minus({ months: 1 });
			to = current.startOf('month');
			break;
		case 'thisQuarter':
			from = current.startOf('quarter');
			to = current;
			break;
		case 'lastQuarter':
			from = current.startOf('quarter').minus({ quarters: 1 });
			to = current.startOf('quarter');
			break;
		case 'thisYear':
			from = current.startOf('year');
			to = current;
			break;
		case 'lastYear':
			from = current.startOf('year').minus({ years: 1 });
			to = current.startOf('year');
			break;
		case 'custom': {
			if (spec.from) {
				const start = parseBoundary(spec.from, zone);
				if (start === null) throw new RangeError(`"From" is not a date: ${spec.from}`);
				from = start.value;
			}
			if (spec.to) {
				const end = parseBoundary(spec.to, zone);
				if (end === null) throw new RangeError(`"To" is not a date: ${spec.to}`);
				// A bare date or the date picker's midnight includes that whole day (as in CRM Sales Data).
				to = endOfRangeExclusive(end);
			}
			if (from !== null && to !== null && from >= to) {
				throw new RangeError('"From" must be before "To"');
			}
			break;
		}
	}
	return {
		preset: spec.preset,
		fromMs: from === null ? -Infinity : from.toMillis(),
		toMs: to === null ? Infinity : to.toMillis(),
		from: from === null ? null : from.toUTC().toISO(),
		to: to === null ? null : to.toUTC().toISO(),
		timezone: zone,
	};
}

/**
 * `YYYY-MM` of an instant in a time zone, without a time-zone conversion per deal: it caches where each local month
 * starts (as a UTC instant) and compares. A million deals then cost a few comparisons each.
 */
export class MonthKeyer {
	private readonly starts = new Map<number, number>();

	private readonly labels = new Map<number, string>();

	constructor(private readonly timezone: string) {}

	/** UTC instant at which local month `index` (= year * 12 + month0) starts. */
	private startOf(index: number): number {
		let start = this.starts.get(index);
		if (start === undefined) {
			const year = Math.floor(index / 12);
			start = DateTime.fromObject(
				{ year, month: index - year * 12 + 1, day: 1 },
				{ zone: this.timezone },
			).toMillis();
			this.starts.set(index, start);
		}
		return start;
	}

	key(ms: number): string {
		if (Number.isNaN(ms)) return '';
		const utc = new Date(ms);
		let index = utc.getUTCFullYear() * 12 + utc.getUTCMonth();
		// A zone's offset is under ±15 h, so the local month is the UTC month or a neighbour.
		if (ms >= this.startOf(index + 1)) index += 1;
		else if (ms < this.startOf(index)) index -= 1;
		let label = this.labels.get(index);
		if (label === undefined) {
			const year = Math.floor(index / 12);
			const month = index - year * 12 + 1;
			label = `${year}-${month < 10 ? '0' : ''}${month}`;
			this.labels.set(index, label);
		}
		return label;
	}
}
