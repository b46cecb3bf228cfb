/**
 * The statistics behind "is this before/after change distinguishable from noise": a two-proportion z-test for
 * rates, the Mann–Whitney U rank test for durations and Welch's t-test for averages, each with a two-sided p-value
 * and an `enough` flag that says whether the groups are large enough for the approximation the p-value rests on.
 * Pure functions over numbers, no dependencies; only `Math`.
 *
 * Every test returns a p-value of 1 (and a statistic of 0) when there is nothing to compare (an empty group, all
 * values tied, no variance), so a caller never has to guard against NaN p-values; it should read `enough` first.
 */

/** Smallest group for the rank test's normal approximation; below it the exact distribution would be needed. */
export const MIN_RANK_GROUP = 8;

/** Smallest group for Welch's t-test to lean on the central limit theorem for skewed sales amounts. */
export const MIN_WELCH_GROUP = 8;

/** Smallest expected count of successes and of failures per group (the rule behind R's chisq.test warning). */
export const MIN_EXPECTED_COUNT = 5;

export interface TwoProportionResult {
	/** successesA / totalA (0 for an empty group). */
	pA: number;
	pB: number;
	/** pA − pB. */
	difference: number;
	/** (pA − pB) / pooled standard error; 0 when the pooled proportion is 0 or 1. */
	z: number;
	/** Two-sided, from the standard normal; equals prop.test(..., correct = FALSE). */
	pValue: number;
	/**
	 * Every expected count under the null, totalX·p̂ and totalX·(1 − p̂) with p̂ the pooled proportion, is at least
	 * MIN_EXPECTED_COUNT: the classic condition for the normal (chi-squared) approximation.
	 */
	enough: boolean;
}

export interface MannWhitneyResult {
	/** U of sample A: rank sum of A − nA(nA + 1)/2 (R's W, SciPy's U1). */
	u: number;
	/** Continuity-corrected, tie-corrected z; positive when A tends to be larger than B. */
	z: number;
	/** Two-sided, normal approximation: wilcox.test(x, y, exact = FALSE, correct = TRUE). */
	pValue: number;
	/** NaN for an empty group. */
	medianA: number;
	medianB: number;
	/** Both groups hold at least MIN_RANK_GROUP values. */
	enough: boolean;
}

export interface WelchResult {
	/** NaN for an empty group. */
	meanA: number;
	meanB: number;
	/** (meanA − meanB) / sqrt(varA/nA + varB/nB); 0 when a group has fewer than two values. */
	t: number;
	/** Welch–Satterthwaite degrees of freedom; 0 when a group has fewer than two values. */
	df: number;
	/** Two-sided, from Student's t with df degrees of freedom: t.test(x, y) (Welch by default). */
	pValue: number;
	/** Both groups hold at least MIN_WELCH_GROUP values. */
	enough: boolean;
}

type Samples = Float64Array | readonly number[];

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (2nd ed., §6.2, `erfcc`): relative error below 1.2e-7 for
 * every x, which keeps p-values accurate to far more digits than any report prints, down to the underflow of exp.
 */
export function erfc(x: number): number {
	const z = Math.abs(x);
	const t = 1 / (1 + 0.5 * z);
	const r =
		t *
		Math.exp(
			-z * z -
				1.26551223 +
				t *
					(1.00002368 +
						t *
							(0.37409196 +
								t *
									(0.09678418 +
										t *
											(-0.18628806 +
												t *
													(0.27886807 +
														t *
															(-1.13520398 +
																t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
		);
	return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in both tails (no 1 − small cancellation). */
export function normalCdf(x: number): number {
	return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|). */
export function normalTwoSided(z: number): number {
	if (Number.isNaN(z)) return 1;
	return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

const LANCZOS = [
	76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155,
	0.001208650973866179, -0.5395239384953e-5,
];

/** ln Γ(x) for x > 0, Lanczos approximation (Numerical Recipes `gammln`), error below 2e-10. */
export function lnGamma(x: number): number {
	let y = x;
	const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
	let ser = 1.000000000190015;
	for (let j = 0; j < 6; j++) ser += LANCZOS[j] / ++y;
	return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

const CF_EPS = 1e-15;
const CF_TINY = 1e-300;
/** Iterations grow like sqrt(max(a, b)); this covers df in the tens of millions. */
const CF_MAX_ITERATIONS = 20000;

/** Continued fraction for I_x(a, b) by the modified Lentz method (Numerical Recipes `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
	const qab = a + b;
	const qap = a + 1;
	const qam = a - 1;
	let c = 1;
	let d = 1 - (qab * x) / qap;
	if (Math.abs(d) < CF_TINY) d = CF_TINY;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= CF_MAX_ITERATIONS; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < CF_TINY) d = CF_TINY;
		c = 1 + aa / c;
		if (Math.abs(c) < CF_TINY) c = CF_TINY;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < CF_TINY) d = CF_TINY;
		c = 1 + aa / c;
		if (Math.abs(c) < CF_TINY) c = CF_TINY;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < CF_EPS) break;
	}
	return h;
}

/** Regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (Numerical Recipes `betai`). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const front = Math.exp(
		lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
	);
	// The fraction converges fast for x below (a + 1)/(a + b + 2); above it use I_x(a, b) = 1 − I_{1−x}(b, a).
	if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
	return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t with df > 0 degrees of freedom: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2). */
export function studentTTwoSided(t: number, df: number): number {
	if (Number.isNaN(t) || !(df > 0)) return 1;
	if (!Number.isFinite(t)) return 0;
	return Math.min(1, regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5));
}

function checkCount(name: string, value: number): void {
	if (!Number.isInteger(value) || value < 0) {
		throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
	}
}

/**
 * Two-proportion z-test with the pooled standard error, two-sided; z² is Pearson's X² of
 * R's prop.test(c(successesA, successesB), c(totalA, totalB), correct = FALSE).
 */
export function twoProportionTest(
	successesA: number,
	totalA: number,
	successesB: number,
	totalB: number,
): TwoProportionResult {
	checkCount('successesA', successesA);
	checkCount('totalA', totalA);
	checkCount('successesB', successesB);
	checkCount('totalB', totalB);
	if (successesA > totalA)
		throw new RangeError(`successesA (${successesA}) exceeds totalA (${totalA})`);
	if (successesB > totalB)
		throw new RangeError(`successesB (${successesB}) exceeds totalB (${totalB})`);

	const pA = totalA > 0 ? successesA / totalA : 0;
	const pB = totalB > 0 ? successesB / totalB : 0;
	const difference = pA - pB;
	const all = totalA + totalB;
	const pooled = all > 0 ? (successesA + successesB) / all : 0;
	const variance = totalA > 0 && totalB > 0 ? pooled * (1 - pooled) * (1 / totalA + 1 / totalB) : 0;
	const z = variance > 0 ? difference / Math.sqrt(variance) : 0;
	const enough =
		totalA * pooled >= MIN_EXPECTED_COUNT &&
		totalA * (1 - pooled) >= MIN_EXPECTED_COUNT &&
		totalB * pooled >= MIN_EXPECTED_COUNT &&
		totalB * (1 - pooled) >= MIN_EXPECTED_COUNT;
	return { pA, pB, difference, z, pValue: normalTwoSided(z), enough };
}

function checkFinite(name: string, samples: Samples): void {
	for (let i = 0; i < samples.length; i++) {
		if (!Number.isFinite(samples[i])) {
			throw new RangeError(`${name}[${i}] must be a finite number, got ${samples[i]}`);
		}
	}
}

/** Median of values already in ascending order; NaN when empty. */
function sortedMedian(sorted: Float64Array): number {
	const n = sorted.length;
	if (n === 0) return NaN;
	const mid = n >> 1;
	return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test, two-sided, normal approximation with tie correction and continuity
 * correction, as R's wilcox.test(a, b, exact = FALSE, correct = TRUE) and SciPy's
 * mannwhitneyu(a, b, method = 'asymptotic', use_continuity = True). One O(n log n) sort of both samples together
 * yields the mid-ranks, the tie groups and both medians. When every value is tied the variance is 0 and the
 * result is z = 0, p = 1 (R reports NaN there).
 */
export function mannWhitneyU(samplesA: Samples, samplesB: Samples): MannWhitneyResult {
	checkFinite('samplesA', samplesA);
	checkFinite('samplesB', samplesB);
	const nA = samplesA.length;
	const nB = samplesB.length;
	const n = nA + nB;

	// Values and a group flag in one array, sorted by value through an index permutation.
	const values = new Float64Array(n);
	for (let i = 0; i < nA; i++) values[i] = samplesA[i];
	for (let i = 0; i < nB; i++) values[nA + i] = samplesB[i];
	const order = new Uint32Array(n);
	for (let i = 0; i < n; i++) order[i] = i;
	order.sort((left, right) => values[left] - values[right]);

	const sortedA = new Float64Array(nA);
	const sortedB = new Float64Array(nB);
	let nextA = 0;
	let nextB = 0;
	let rankSumA = 0;
	let tieTerm = 0; // Σ (t³ − t) over tie groups
	let start = 0;
	while (start < n) {
		const value = values[order[start]];
		let end = start + 1;
		while (end < n && values[order[end]] === value) end++;
		const ties = end - start;
		const midRank = (start + 1 + end) / 2; // ranks start+1 … end, averaged
		for (let k = start; k < end; k++) {
			const index = order[k];
			if (index < nA) {
				rankSumA += midRank;
				sortedA[nextA++] = value;
			} else {
				sortedB[nextB++] = value;
			}
		}
		if (ties > 1) tieTerm += ties * ties * ties - ties;
		start = end;
	}

	const medianA = sortedMedian(sortedA);
	const medianB = sortedMedian(sortedB);
	const enough = nA >= MIN_RANK_GROUP && nB >= MIN_RANK_GROUP;
	if (nA === 0 || nB === 0) return { u: 0, z: 0, pValue: 1, medianA, medianB, enough };

	const u = rankSumA - (nA * (nA + 1)) / 2;
	const deviation = u - (nA * nB) / 2;
	const variance = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
	if (!(variance > 0)) return { u, z: 0, pValue: 1, medianA, medianB, enough };
	const corrected = Math.max(Math.abs(deviation) - 0.5, 0);
	const z = (Math.sign(deviation) * corrected) / Math.sqrt(variance);
	return { u, z, pValue: normalTwoSided(z), medianA, medianB, enough };
}

/** Mean and unbiased variance by two passes (no catastrophic cancellation for large amounts). */
function meanAndVariance(samples: Samples): { mean: number; variance: number } {
	const n = samples.length;
	if (n === 0) return { mean: NaN, variance: NaN };
	let sum = 0;
	for (let i = 0; i < n; i++) sum += samples[i];
	const mean = sum / n;
	if (n < 2) return { mean, variance: NaN };
	let squares = 0;
	let residual = 0;
	for (let i = 0; i < n; i++) {
		const d = samples[i] - mean;
		squares += d * d;
		residual += d;
	}
	// Corrected two-pass formula: the residual term removes the rounding left in the mean.
	return { mean, variance: (squares - (residual * residual) / n) / (n - 1) };
}

/**
 * Welch's unequal-variance t-test, two-sided, with Welch–Satterthwaite degrees of freedom, as R's t.test(a, b) and
 * SciPy's ttest_ind(a, b, equal_var = False). A group with fewer than two values gives t = 0, df = 0, p = 1. When
 * both variances are 0, df is taken as nA + nB − 2 and t is 0 (p = 1) for equal means, ±Infinity (p = 0) otherwise:
 * R stops with "data are essentially constant" there.
 */
export function welchTTest(samplesA: Samples, samplesB: Samples): WelchResult {
	checkFinite('samplesA', samplesA);
	checkFinite('samplesB', samplesB);
	const nA = samplesA.length;
	const nB = samplesB.length;
	const a = meanAndVariance(samplesA);
	const b = meanAndVariance(samplesB);
	const meanA = a.mean;
	const meanB = b.mean;
	const enough = nA >= MIN_WELCH_GROUP && nB >= MIN_WELCH_GROUP;
	if (nA < 2 || nB < 2) return { meanA, meanB, t: 0, df: 0, pValue: 1, enough };

	const seA = a.variance / nA;
	const seB = b.variance / nB;
	const se2 = seA + seB;
	const difference = meanA - meanB;
	if (!(se2 > 0)) {
		const t = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
		return { meanA, meanB, t, df: nA + nB - 2, pValue: t === 0 ? 1 : 0, enough };
	}
	const t = difference / Math.sqrt(se2);
	const df = (se2 * se2) / ((seA * seA) / (nA - 1) + (seB * seB) / (nB - 1));
	return { meanA, meanB, t, df, pValue: studentTTwoSided(t, df), enough };
}
