/** model/deal.ts `isoFromMs`: the exact text of `new Date(ms).toISOString()`, which every adapter's dates go through. */
import { isoFromMs } from '../nodes/shared/model/deal';

describe('isoFromMs', () => {
	it('writes what toISOString writes', () => {
		const samples = [
			0,
			1,
			999,
			1000,
			86_399_999,
			86_400_000,
			Date.UTC(1980, 0, 1),
			Date.UTC(2024, 1, 29, 23, 59, 59, 999),
			Date.UTC(2026, 0, 31, 9, 0, 0, 0),
			Date.UTC(2199, 11, 31, 23, 59, 59, 999),
			Date.UTC(9999, 11, 31, 23, 59, 59, 999),
			new Date('0000-01-01T00:00:00.000Z').getTime(),
			-1,
			-86_400_001,
		];
		// And a spread of instants over two centuries, with milliseconds.
		for (let i = 0; i < 5000; i++)
			samples.push(Math.floor(Date.UTC(1980, 0, 1) + i * 1_264_151_237.7));
		for (const ms of samples) expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
	});

	it('leaves what it does not cover to toISOString: years past 9999, before 0, fractions', () => {
		for (const ms of [
			Date.UTC(10000, 0, 1),
			new Date('-000001-06-01T00:00:00.000Z').getTime(),
			1.5,
		])
			expect(isoFromMs(ms)).toBe(new Date(ms).toISOString());
		expect(() => isoFromMs(NaN)).toThrow(RangeError);
	});
});
