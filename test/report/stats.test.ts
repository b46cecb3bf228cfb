import { GroupedValues, percentile, splitByGroup } from '../../nodes/shared/report';
import { percent, ratio } from '../../nodes/shared/report/stats';

function values(list: number[]): Float64Array {
	return Float64Array.from(list);
}

/** The textbook definition, by sorting: rank (n − 1)·p, linear between neighbours. */
function sortedPercentile(list: number[], p: number): number {
	const sorted = [...list].sort((a, b) => a - b);
	const rank = (sorted.length - 1) * p;
	const low = Math.floor(rank);
	const high = Math.min(sorted.length - 1, low + 1);
	return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

describe('percentile', () => {
	it('is null for no values', () => {
		expect(percentile(values([]), 0.5)).toBeNull();
	});

	it('matches hand-computed values', () => {
		expect(percentile(values([7]), 0.9)).toBe(7);
		// odd count: the middle value
		expect(percentile(values([9, 1, 5]), 0.5)).toBe(5);
		// even count: the mean of the two middle values
		expect(percentile(values([4, 1, 3, 2]), 0.5)).toBe(2.5);
		// P90 of 1..10: rank 8.1 → 9 + 0.1 × (10 − 9)
		expect(percentile(values([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), 0.9)).toBeCloseTo(9.1, 10);
		expect(percentile(values([3, 3, 3, 3]), 0.9)).toBe(3);
		expect(percentile(values([1, 2, 3]), 0)).toBe(1);
		expect(percentile(values([1, 2, 3]), 1)).toBe(3);
	});

	it('agrees with sorting on random, sorted, reversed and duplicate-heavy data', () => {
		let seed = 42;
		const random = (): number => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const cases: number[][] = [
			Array.from({ length: 1001 }, () => random() * 1000),
			Array.from({ length: 1000 }, (_, i) => i),
			Array.from({ length: 999 }, (_, i) => 999 - i),
			Array.from({ length: 1000 }, () => Math.floor(random() * 4)),
		];
		for (const list of cases) {
			for (const p of [0.1, 0.5, 0.9, 0.99]) {
				expect(percentile(values(list), p)).toBeCloseTo(sortedPercentile(list, p), 9);
			}
		}
	});
});

describe('splitByGroup', () => {
	it('lists the positions of each group in order, skipping -1', () => {
		const { offsets, order } = splitByGroup(Int32Array.from([1, 0, -1, 1, 2, 0]), 6, 3);
		expect(Array.from(offsets)).toEqual([0, 2, 4, 5]);
		expect(Array.from(order)).toEqual([1, 5, 0, 3, 4]);
	});
});

describe('GroupedValues', () => {
	it('gives percentiles overall and per group of each dimension', () => {
		const values = new GroupedValues(10, 2);
		// dimension 0: groups 0 and 1; dimension 1: one group
		values.push(10, [0, 0]);
		values.push(1, [1, 0]);
		values.push(30, [0, 0]);
		values.push(3, [1, 0]);
		values.push(20, [0, 0]);
		expect(values.length).toBe(5);
		expect(values.percentiles([0.5])).toEqual([10]);
		expect(values.percentilesByGroup(0, 2, [0.5, 0.9])).toEqual([
			[20, 28],
			[2, 2.8],
		]);
		expect(values.percentilesByGroup(1, 1, [0.5])).toEqual([[10]]);
	});

	it('has no percentile for a group without values', () => {
		const values = new GroupedValues(4, 1);
		values.push(5, [1]);
		expect(values.percentilesByGroup(0, 2, [0.5])).toEqual([[null], [5]]);
	});
});

describe('ratio and percent', () => {
	it('return null, not 0 or Infinity, for a zero base', () => {
		expect(ratio(5, 0)).toBeNull();
		expect(percent(0, 0)).toBeNull();
		expect(ratio(0, 4)).toBe(0);
		expect(percent(1, 3)).toBe(33.3);
		expect(percent(2, 3)).toBe(66.7);
	});
});
