import { MonthKeyer, parseInstant, resolvePeriod } from '../../nodes/shared/report';

describe('parseInstant', () => {
	it('reads the UTC strings deals carry, with and without milliseconds', () => {
		expect(parseInstant('2026-11-03T09:15:00.000Z')).toBe(Date.UTC(2026, 10, 3, 9, 15));
		expect(parseInstant('2026-11-03T09:15:07Z')).toBe(Date.UTC(2026, 10, 3, 9, 15, 7));
		expect(parseInstant('2026-11-03T09:15:07.250Z')).toBe(Date.UTC(2026, 10, 3, 9, 15, 7, 250));
	});

	it('falls back to Date.parse for offsets and other ISO forms', () => {
		expect(parseInstant('2026-11-03T12:15:00+03:00')).toBe(Date.UTC(2026, 10, 3, 9, 15));
		expect(parseInstant('2026-11-03')).toBe(Date.UTC(2026, 10, 3));
	});

	it('gives NaN for null, junk and impossible dates', () => {
		expect(parseInstant(null)).toBeNaN();
		expect(parseInstant(undefined)).toBeNaN();
		expect(parseInstant('yesterday')).toBeNaN();
		expect(parseInstant('2026-13-03T09:15:00.000Z')).toBeNaN();
	});
});

describe('resolvePeriod', () => {
	const now = new Date('2026-11-27T10:00:00Z');

	it('leaves all time unbounded', () => {
		const period = resolvePeriod({ preset: 'allTime' }, now, 'UTC');
		expect([period.fromMs, period.toMs, period.from, period.to]).toEqual([
			-Infinity,
			Infinity,
			null,
			null,
		]);
	});

	it('ends rolling windows now', () => {
		const period = resolvePeriod({ preset: 'last7Days' }, now, 'UTC');
		expect(period.from).toBe('2026-11-20T10:00:00.000Z');
		expect(period.to).toBe('2026-11-27T10:00:00.000Z');
	});

	it('uses calendar months of the time zone', () => {
		const period = resolvePeriod({ preset: 'lastMonth' }, now, 'Europe/Moscow');
		expect(period.from).toBe('2026-09-30T21:00:00.000Z');
		expect(period.to).toBe('2026-10-31T21:00:00.000Z');
		expect(resolvePeriod({ preset: 'thisQuarter' }, now, 'UTC').from).toBe(
			'2026-10-01T00:00:00.000Z',
		);
		expect(resolvePeriod({ preset: 'lastYear' }, now, 'UTC').to).toBe('2026-01-01T00:00:00.000Z');
	});

	it('takes a custom "To" at midnight or without a time as the whole day', () => {
		const period = resolvePeriod(
			{ preset: 'custom', from: '2026-11-01', to: '2026-11-30T00:00:00' },
			now,
			'UTC',
		);
		expect(period.from).toBe('2026-11-01T00:00:00.000Z');
		expect(period.to).toBe('2026-12-01T00:00:00.000Z');
		const exact = resolvePeriod({ preset: 'custom', to: '2026-11-30T12:30:00' }, now, 'UTC');
		expect(exact.to).toBe('2026-11-30T12:30:00.000Z');
		expect(exact.fromMs).toBe(-Infinity);
	});

	it('refuses junk and reversed custom periods', () => {
		expect(() => resolvePeriod({ preset: 'custom', from: 'soon' }, now, 'UTC')).toThrow(RangeError);
		expect(() =>
			resolvePeriod({ preset: 'custom', from: '2026-12-01', to: '2026-11-01' }, now, 'UTC'),
		).toThrow('"From" must be before "To"');
	});

	it('falls back to UTC for an unknown time zone', () => {
		expect(resolvePeriod({ preset: 'thisMonth' }, now, 'Mars/Olympus').timezone).toBe('UTC');
	});
});

describe('MonthKeyer', () => {
	it('puts an instant in the month of the time zone, not of UTC', () => {
		const moscow = new MonthKeyer('Europe/Moscow');
		expect(moscow.key(Date.parse('2026-10-31T21:30:00Z'))).toBe('2026-11');
		expect(moscow.key(Date.parse('2026-10-31T20:59:59Z'))).toBe('2026-10');
		const newYork = new MonthKeyer('America/New_York');
		expect(newYork.key(Date.parse('2026-12-01T03:00:00Z'))).toBe('2026-11');
		expect(newYork.key(Date.parse('2027-01-01T05:00:00Z'))).toBe('2027-01');
		expect(new MonthKeyer('UTC').key(NaN)).toBe('');
	});
});
