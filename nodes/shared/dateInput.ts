import { DateTime } from 'luxon';

/**
 * Dates typed into a node parameter or produced by an expression, read the same way by every node of the package.
 *
 * - ISO text without an offset (`2026-01-31`, `2026-01-31T09:00:00`, what n8n's date picker stores) is a wall-clock
 *   time in the given zone (the workflow's, or the report's Time Zone option); text with `Z` or an offset keeps its
 *   instant. Impossible calendar dates (`2026-02-30`) and anything that is not ISO-8601 are refused, never rolled
 *   over or guessed.
 * - A luxon DateTime (`{{ $now.minus({ days: 30 }) }}`) or a JavaScript Date keeps its instant.
 *
 * `wholeDay` says the value names a day rather than a moment: a bare date, or the date picker's midnight (a
 * wall-clock 00:00:00 with no offset). As the end of a range such a value includes that whole day (`endOfRange`).
 */
export interface DateInput {
	value: DateTime;
	wholeDay: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO date-time that states its offset: ends in Z, ±hh, ±hhmm or ±hh:mm. */
const HAS_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** What n8n's date picker stores: a date with a midnight time and no offset. */
const WALL_CLOCK_MIDNIGHT = /^\d{4}-\d{2}-\d{2}T00(?::00(?::00(?:\.0+)?)?)?$/;

/** Returns null when the value is not a date this package accepts. Empty values are the caller's business. */
export function readDateInput(value: unknown, zone: string): DateInput | null {
	if (DateTime.isDateTime(value)) {
		return value.isValid ? { value: value.setZone(zone), wholeDay: false } : null;
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return null;
		return { value: DateTime.fromJSDate(value, { zone }), wholeDay: false };
	}
	if (typeof value !== 'string') return null;
	const text = value.trim();
	// Luxon's ISO parser knows the calendar: 2026-02-30 is invalid, not 2 March.
	const parsed = DateTime.fromISO(text, { zone });
	if (!parsed.isValid) return null;
	const wholeDay =
		DATE_ONLY.test(text) || (!HAS_OFFSET.test(text) && WALL_CLOCK_MIDNIGHT.test(text));
	return { value: parsed, wholeDay };
}

/** The last moment a range that ends at `input` includes (inclusive end): the end of the day for a whole day. */
export function endOfRange(input: DateInput): DateTime {
	return input.wholeDay
		? input.value.startOf('day').plus({ days: 1 }).minus({ milliseconds: 1 })
		: input.value;
}

/** The first moment after a range that ends at `input` (exclusive end): the next day's start for a whole day. */
export function endOfRangeExclusive(input: DateInput): DateTime {
	return input.wholeDay ? input.value.startOf('day').plus({ days: 1 }) : input.value;
}

/** A short description of a value for an error message. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (DateTime.isDateTime(value)) return `an invalid date (${value.invalidReason ?? 'unknown'})`;
	if (value instanceof Date) return 'an invalid date';
	if (value === null || typeof value === 'object')
		return Array.isArray(value) ? 'a list' : 'an object';
	return `${typeof value} ${String(value)}`;
}
