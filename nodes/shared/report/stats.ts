/** Small numeric helpers for the aggregators: growable buffers, exact percentiles in linear time, safe ratios. */

/**
 * Positions 0..length-1 sorted by their group ordinal (a counting sort): `order.subarray(offsets[g], offsets[g + 1])`
 * lists the positions in group g, in their original order. Linear time, two allocations whatever the group count.
 */
export function splitByGroup(
	ordinals: Int32Array,
	length: number,
	groupCount: number,
): { offsets: Int32Array; order: Int32Array } {
	const offsets = new Int32Array(groupCount + 1);
	for (let index = 0; index < length; index++) {
		const ordinal = ordinals[index];
		if (ordinal >= 0) offsets[ordinal + 1]++;
	}
	for (let group = 0; group < groupCount; group++) offsets[group + 1] += offsets[group];
	const next = offsets.slice(0, groupCount);
	const order = new Int32Array(offsets[groupCount]);
	for (let index = 0; index < length; index++) {
		const ordinal = ordinals[index];
		if (ordinal >= 0) order[next[ordinal]++] = index;
	}
	return { offsets, order };
}

/**
 * The values a report needs percentiles of (minutes to first contact, days to close), gathered in one pass for all
 * groups at once: one value column and one group-ordinal column per dimension, sized once. Per-group growable buffers
 * would allocate and copy again and again, and on a heap holding a million deals every extra allocation risks a full
 * garbage collection that costs more than the report itself.
 */
export class GroupedValues {
	private readonly values: Float64Array;
	private readonly ordinals: Int32Array[];

	length = 0;

	constructor(capacity: number, dimensions: number) {
		this.values = new Float64Array(capacity);
		this.ordinals = [];
		for (let d = 0; d < dimensions; d++) this.ordinals.push(new Int32Array(capacity));
	}

	/** One value, with the ordinal of its group in each dimension. */
	push(value: number, groupOrdinals: ArrayLike<number>): void {
		const index = this.length++;
		this.values[index] = value;
		for (let d = 0; d < this.ordinals.length; d++) this.ordinals[d][index] = groupOrdinals[d];
	}

	/** Percentiles over every value. */
	percentiles(ps: readonly number[]): Array<number | null> {
		const copy = this.values.slice(0, this.length);
		return ps.map((p) => percentile(copy, p));
	}

	/** Percentiles per group of one dimension: result[ordinal][i] for ps[i]. */
	percentilesByGroup(
		dimension: number,
		groupCount: number,
		ps: readonly number[],
	): Array<Array<number | null>> {
		const { offsets, order } = splitByGroup(this.ordinals[dimension], this.length, groupCount);
		const sorted = new Float64Array(order.length);
		for (let index = 0; index < order.length; index++) sorted[index] = this.values[order[index]];
		const result: Array<Array<number | null>> = [];
		for (let group = 0; group < groupCount; group++) {
			const slice = sorted.subarray(offsets[group], offsets[group + 1]);
			result.push(ps.map((p) => percentile(slice, p)));
		}
		return result;
	}
}

function swap(values: Float64Array, a: number, b: number): void {
	const tmp = values[a];
	values[a] = values[b];
	values[b] = tmp;
}

/**
 * Puts the k-th smallest value at index k, smaller ones before it and larger ones after (Hoare-style quickselect with
 * median-of-three pivots): average linear time, no sorting.
 */
function selectInPlace(values: Float64Array, k: number): void {
	let left = 0;
	let right = values.length - 1;
	while (right > left) {
		const middle = (left + right) >>> 1;
		if (values[middle] < values[left]) swap(values, middle, left);
		if (values[right] < values[left]) swap(values, right, left);
		if (values[right] < values[middle]) swap(values, right, middle);
		const pivot = values[middle];
		let i = left;
		let j = right;
		while (i <= j) {
			while (values[i] < pivot) i++;
			while (values[j] > pivot) j--;
			if (i <= j) {
				swap(values, i, j);
				i++;
				j--;
			}
		}
		if (k <= j) right = j;
		else if (k >= i) left = i;
		else return;
	}
}

/**
 * Percentile with linear interpolation between closest ranks (the "R-7" / Excel PERCENTILE.INC / NumPy default
 * definition), so P50 is the usual median. `p` in [0, 1]. Returns null for no values. Reorders `values`.
 */
export function percentile(values: Float64Array, p: number): number | null {
	const n = values.length;
	if (n === 0) return null;
	const rank = (n - 1) * Math.min(1, Math.max(0, p));
	const lower = Math.floor(rank);
	selectInPlace(values, lower);
	const low = values[lower];
	if (rank === lower) return low;
	let next = Infinity;
	for (let index = lower + 1; index < n; index++) if (values[index] < next) next = values[index];
	return low + (rank - lower) * (next - low);
}

/** `numerator / denominator`, or null when the denominator is 0 (a rate of nothing is unknown, not 0). */
export function ratio(numerator: number, denominator: number): number | null {
	return denominator === 0 ? null : numerator / denominator;
}

/** A share as a percentage with one decimal, or null when the base is 0. */
export function percent(part: number, whole: number): number | null {
	return whole === 0 ? null : round((part / whole) * 100, 1);
}

export function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export function roundOrNull(value: number | null, digits: number): number | null {
	return value === null ? null : round(value, digits);
}
