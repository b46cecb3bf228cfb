/** Small numeric helpers for the aggregators: growable buffers, exact percentiles in linear time, safe ratios. */

/** A growable Float64Array: 8 bytes per value, no boxing, cheap to push a million values. */
export class NumberBuffer {
	private data = new Float64Array(16);

	length = 0;

	push(value: number): void {
		if (this.length === this.data.length) {
			const bigger = new Float64Array(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.length++] = value;
	}

	/** A view on the stored values (no copy). Percentile functions reorder it. */
	view(): Float64Array {
		return this.data.subarray(0, this.length);
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
