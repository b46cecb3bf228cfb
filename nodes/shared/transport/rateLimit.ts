/**
 * Client-side pacing, written once for every CRM. A token bucket models both shapes the CRMs publish:
 * "N requests per second" (amoCRM 7/s, HubSpot search 5/s: capacity = rate) and a leaky bucket with a burst
 * (Bitrix24 2/s with 50 in the bucket). State lives only as long as one execution (queue-mode safe).
 */
export interface RatePolicy {
	/** Sustained requests per second the CRM publishes. */
	perSecond: number;
	/** Requests that may go out back to back before pacing starts. */
	burst: number;
	/** How many times one request is retried after 429/503/5xx or a dropped connection. */
	maxRetries: number;
	/** First backoff step; doubles per attempt, with jitter, capped at `maxBackoffMs`. */
	baseBackoffMs: number;
	maxBackoffMs: number;
	/**
	 * Stricter limits of their own for some endpoints (HubSpot's search: 5/s while the rest of the API allows ~10/s).
	 * A call in a lane waits for the lane's bucket and for the general one (`perSecond`/`burst` above).
	 */
	lanes?: Record<string, Pick<RatePolicy, 'perSecond' | 'burst'>>;
}

export type Sleep = (ms: number) => Promise<void>;
export type Clock = () => number;

export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly policy: Pick<RatePolicy, 'perSecond' | 'burst'>,
		private readonly sleep: Sleep,
		private readonly now: Clock,
	) {
		this.tokens = policy.burst;
		this.last = now();
	}

	/** Waits until one request may go out, then spends its token. */
	async take(): Promise<void> {
		for (;;) {
			this.refill();
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			const waitMs = Math.ceil(((1 - this.tokens) / this.policy.perSecond) * 1000);
			await this.sleep(Math.max(1, waitMs));
		}
	}

	/** The server said we are over its limit: our idea of the bucket was too generous, so empty it. */
	drain(): void {
		this.refill();
		this.tokens = Math.min(this.tokens, 0);
	}

	private refill(): void {
		const t = this.now();
		const elapsed = Math.max(0, t - this.last) / 1000;
		this.last = t;
		this.tokens = Math.min(this.policy.burst, this.tokens + elapsed * this.policy.perSecond);
	}
}

/** Exponential backoff with "equal jitter": half fixed, half random, so parallel clients spread out. */
export function backoffMs(
	policy: RatePolicy,
	attempt: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * `Retry-After` is delay-seconds (`1*DIGIT`) or an HTTP-date (RFC 9110 §10.2.3), nothing else: `3600` means an hour,
 * never 3.6 s. Anything else (fractions, negatives, words) is no hint at all, and the caller falls back to backoff.
 */
export function retryAfterMs(header: unknown, now: number): number | null {
	if (header === undefined || header === null || header === '') return null;
	const text = String(Array.isArray(header) ? header[0] : header).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	// IMF-fixdate, the form senders must use: "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
	if (!/[a-z]{3}/i.test(text) || !/GMT$/i.test(text)) return null;
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}
