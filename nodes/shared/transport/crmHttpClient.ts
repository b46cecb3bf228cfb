import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

import {
	CrmBadResponseError,
	CrmHttpError,
	CrmNetworkError,
	CrmRedirectError,
	CrmTimeoutError,
	excerptOf,
} from './errors';
import { backoffMs, retryAfterMs, TokenBucket } from './rateLimit';
import type { Clock, RatePolicy, Sleep } from './rateLimit';

export {
	CrmBadResponseError,
	CrmHttpError,
	CrmNetworkError,
	CrmPagingError,
	CrmRecordError,
	CrmRedirectError,
	CrmTimeoutError,
	redactUrl,
} from './errors';
export { collectPages } from './pages';

/** One request as an adapter describes it. `url` is relative to the CRM's base URL unless absolute. */
export interface CrmCall {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/** Safe to send twice (reads, searches). Writes are retried only when the CRM refused them outright (429/503). */
	idempotent?: boolean;
	/**
	 * The documented shape of a 2xx answer (the page envelope, not every record). Without one, a 2xx must still be a
	 * JSON object or array. Anything else is a bad response: retried for reads, then an error.
	 */
	envelope?: ZodTypeAny;
	/** 2xx statuses documented to come without a body (amoCRM's 204 "nothing more"). */
	emptyStatuses?: number[];
	/** A pacing lane of the CRM's policy with a stricter limit of its own (`RatePolicy.lanes`). */
	lane?: string;
}

export interface CrmResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, unknown>;
	body: T;
}

/** The single way an adapter reaches the network: n8n's `httpRequestWithAuthentication`, bound by the node. */
export type SendRequest = (call: CrmCall) => Promise<CrmResponse>;

const READ_BROKE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
// A connection that could not be made at all is worth another try only when the cause may pass (a DNS hiccup).
const RETRYABLE_CONNECT_CODES = new Set(['EAI_AGAIN']);

const MAX_RETRY_AFTER_MS = 60_000;
/** A maintenance page or a stall rarely clears within seconds; after this many tries the user hears of it. */
const MAX_BAD_RESPONSE_ATTEMPTS = 3;
const MAX_TIMEOUT_ATTEMPTS = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How often a pending request checks its deadline; bounds how long a finished request's timer lingers. */
const DEADLINE_SLICE_MS = 250;

/** Status codes that mean "not now" rather than "no": rate limits and passing server trouble. */
function isRetryable(status: number, call: CrmCall): boolean {
	if (status === 429 || status === 503) return true;
	return call.idempotent !== false && (status === 500 || status === 502 || status === 504);
}

export interface CrmHttpClientOptions {
	policy: RatePolicy;
	sleep: Sleep;
	now?: Clock;
	random?: () => number;
	/** Called after each response; lets the bucket follow `x-ratelimit-*` headers where a CRM sends them. */
	onResponse?: (response: CrmResponse) => void;
	/** A whole answer (headers and body) must arrive within this. Sessions always set it (default 30 s). */
	timeoutMs?: number;
	/** Removes the credential's secrets from any excerpt of a CRM answer kept in an error. */
	redact?: (text: string) => string;
}

type Outcome =
	| { kind: 'response'; response: CrmResponse }
	| { kind: 'error'; error: unknown }
	| { kind: 'timeout' };

/**
 * Pacing, retries, backoff, timeouts and answer checks for every CRM, in one place. Each page request is retried
 * as a whole until it succeeds, so a paginated pull under rate limits still yields every record exactly once; and
 * anything that is not the documented answer (a redirect, a maintenance page, a truncated body) ends in an error,
 * never in a short page read as "no more records".
 */
export class CrmHttpClient {
	readonly stats = { requests: 0, retries: 0 };
	readonly timeoutMs: number | null;
	private readonly bucket: TokenBucket;
	private readonly laneBuckets = new Map<string, TokenBucket>();
	private readonly now: Clock;
	private readonly redact: (text: string) => string;
	/** When the CRM announced that its window is spent, the moment it said the window resets. */
	private resumeAt = 0;

	constructor(
		private readonly send: SendRequest,
		private readonly options: CrmHttpClientOptions,
	) {
		this.now = options.now ?? Date.now;
		this.bucket = new TokenBucket(options.policy, options.sleep, this.now);
		this.timeoutMs = options.timeoutMs ?? null;
		this.redact = options.redact ?? ((text) => text);
	}

	async request<T = unknown>(call: CrmCall): Promise<CrmResponse<T>> {
		const { policy, sleep } = this.options;
		const reads = call.idempotent !== false;
		let badAnswers = 0;
		let timeouts = 0;
		for (let attempt = 0; ; attempt++) {
			const holdMs = this.resumeAt - this.now();
			if (holdMs > 0) await sleep(holdMs);
			await this.laneBucket(call.lane)?.take();
			await this.bucket.take();
			this.stats.requests++;
			const canRetry = attempt < policy.maxRetries;
			const backoff = async () => {
				this.stats.retries++;
				await sleep(backoffMs(policy, attempt, this.options.random));
			};
			const outcome = await this.withDeadline(this.send(call));

			if (outcome.kind !== 'response') {
				const failure =
					outcome.kind === 'timeout'
						? { code: 'ETIMEDOUT', phase: 'timeout' }
						: classify(outcome.error);
				if (failure.phase === 'timeout') {
					timeouts++;
					if (reads && canRetry && timeouts < MAX_TIMEOUT_ATTEMPTS) {
						await backoff();
						continue;
					}
					throw new CrmTimeoutError(this.timeoutMs ?? DEFAULT_TIMEOUT_MS, attempt + 1);
				}
				const phase = failure.phase === 'read' ? 'read' : 'connect';
				const retryable =
					phase === 'read'
						? READ_BROKE_CODES.has(failure.code)
						: RETRYABLE_CONNECT_CODES.has(failure.code);
				if (retryable && reads && canRetry) {
					await backoff();
					continue;
				}
				throw new CrmNetworkError(failure.code, attempt + 1, phase);
			}

			const response = outcome.response;
			this.followRateHeaders(response);
			this.options.onResponse?.(response);
			const status = response.statusCode;
			if (status >= 300 && status < 400) {
				// Never followed: n8n would re-send the credential to wherever the CRM (or a proxy) points.
				throw new CrmRedirectError(status, locationHost(header(response, 'location')));
			}
			if (status < 300) {
				const problem = call.emptyStatuses?.includes(status)
					? null
					: envelopeProblem(call, response);
				if (problem === null) return response as CrmResponse<T>;
				badAnswers++;
				if (reads && canRetry && badAnswers < MAX_BAD_RESPONSE_ATTEMPTS) {
					await backoff();
					continue;
				}
				throw new CrmBadResponseError(
					status,
					contentTypeOf(response),
					this.redact(excerptOf(response.body)),
					problem,
					attempt + 1,
				);
			}
			if (isRetryable(status, call) && canRetry) {
				this.stats.retries++;
				if (status === 429 || status === 503) {
					this.bucket.drain();
					this.laneBucket(call.lane)?.drain();
				}
				const hinted = retryAfterMs(header(response, 'retry-after'), this.now());
				// A CRM that asks for minutes is not asking a workflow to hang that long: wait at most a minute per
				// retry, and let the retries run out into a clear error instead.
				await sleep(
					Math.min(hinted ?? backoffMs(policy, attempt, this.options.random), MAX_RETRY_AFTER_MS),
				);
				continue;
			}
			throw new CrmHttpError(
				status,
				response.body,
				call,
				attempt + 1,
				saidOf(response.body, this.redact),
			);
		}
	}

	private laneBucket(lane: string | undefined): TokenBucket | null {
		if (lane === undefined) return null;
		let bucket = this.laneBuckets.get(lane);
		if (!bucket) {
			const limit = this.options.policy.lanes?.[lane];
			if (!limit) return null;
			bucket = new TokenBucket(limit, this.options.sleep, this.now);
			this.laneBuckets.set(lane, bucket);
		}
		return bucket;
	}

	/**
	 * n8n's own timeout only notices a silent socket; a body that trickles in a byte at a time never trips it. This
	 * bounds the whole answer. The abandoned request is left to n8n's socket timeout, which the session sets too.
	 */
	private async withDeadline(pending: Promise<CrmResponse>): Promise<Outcome> {
		const timeoutMs = this.timeoutMs;
		let settled = false;
		const work = pending.then(
			(response): Outcome => ({ kind: 'response', response }),
			(error: unknown): Outcome => ({ kind: 'error', error }),
		);
		if (timeoutMs === null) return work;
		void work.then(() => (settled = true));
		const deadline = async (): Promise<Outcome> => {
			const end = this.now() + timeoutMs;
			while (!settled && this.now() < end) {
				const slice = Math.max(1, Math.min(DEADLINE_SLICE_MS, end - this.now()));
				const before = this.now();
				await this.options.sleep(slice);
				// A sleep that does not wait (a stub in a hand-built test session) cannot time anything, and looping on
				// it would starve the event loop the answer arrives on: leave the request to n8n's socket timeout.
				if (this.now() - before < slice / 2) return work;
			}
			return { kind: 'timeout' };
		};
		return Promise.race([work, deadline()]);
	}

	/**
	 * Pipedrive (and HubSpot outside search) announce the remaining burst budget. When it hits zero we wait for the
	 * announced reset instead of spending a request on a 429 (reference/crm-apis.md §2.4). Pipedrive's
	 * `x-ratelimit-reset` is "the remaining window before the rate limit resets", in seconds (its example pairs
	 * `reset: 2` with the 2-second window); capped at the longest backoff in case a CRM ever sends milliseconds.
	 */
	private followRateHeaders(response: CrmResponse): void {
		const remaining = header(response, 'x-ratelimit-remaining');
		if (remaining === undefined || Number(remaining) > 0) return;
		this.bucket.drain();
		const resetSeconds = Number(header(response, 'x-ratelimit-reset'));
		if (!Number.isFinite(resetSeconds) || resetSeconds <= 0) return;
		const holdMs = Math.min(resetSeconds * 1000, this.options.policy.maxBackoffMs);
		this.resumeAt = Math.max(this.resumeAt, this.now() + holdMs);
	}
}

function header(response: CrmResponse, name: string): unknown {
	const headers = response.headers ?? {};
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function contentTypeOf(response: CrmResponse): string | null {
	const value = header(response, 'content-type');
	return typeof value === 'string' && value.trim() !== '' ? value.split(';')[0].trim() : null;
}

/** host[:port] of a Location header; a relative one stays on our host, which is still a redirect we refuse. */
function locationHost(location: unknown): string | null {
	if (typeof location !== 'string' || location.trim() === '') return null;
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(location.trim());
	return match ? match[1].replace(/^[^@]*@/, '') : 'another path of the same host';
}

/** Why a 2xx answer is not what the CRM documents, or null when it is. */
function envelopeProblem(call: CrmCall, response: CrmResponse): string | null {
	const body = response.body;
	if (body === undefined || body === null || body === '') return 'the body is empty';
	if (typeof body !== 'object') return 'the body is not JSON';
	if (!call.envelope) return null;
	const parsed = call.envelope.safeParse(body);
	if (parsed.success) return null;
	const issue = parsed.error.issues[0];
	const path = issue.path.length ? issue.path.join('.') : 'the body';
	return `${path}: ${issue.message}`;
}

/** A short, redacted excerpt of what the CRM said in an error answer. */
function saidOf(body: unknown, redact: (text: string) => string): string | null {
	if (body === null || body === undefined || body === '') return null;
	if (typeof body === 'string') return redact(excerptOf(body, 300));
	const b = body as Record<string, unknown>;
	const parts = [
		b.error,
		b.error_description,
		b.title,
		b.detail,
		b.message,
		b.errorType,
		b.category,
	]
		.filter((v) => typeof v === 'string' && v !== '')
		.map(String);
	return parts.length ? redact(excerptOf(parts.join(' — '), 300)) : null;
}

/**
 * Sorts a failed request into "took too long", "could not connect" and "broke while reading". n8n wraps the
 * network error in a NodeApiError; its code sits on the error or on its cause.
 */
function classify(error: unknown): { code: string; phase: 'connect' | 'read' | 'timeout' } {
	const e = (error ?? {}) as {
		code?: unknown;
		message?: unknown;
		cause?: { code?: unknown; message?: unknown };
	};
	const raw = e.code ?? e.cause?.code;
	const code = typeof raw === 'string' && /^E[A-Z_]+$/.test(raw) ? raw : 'UNKNOWN';
	const text = `${String(e.message ?? '')} ${String(e.cause?.message ?? '')}`;
	if (TIMEOUT_CODES.has(code) || /timeout of \d+ms exceeded/i.test(text))
		return { code, phase: 'timeout' };
	if (READ_BROKE_CODES.has(code) || /aborted|socket hang up/i.test(text))
		return { code, phase: 'read' };
	return { code, phase: 'connect' };
}

/**
 * Turns selected HTTP refusals into domain errors (e.g. 404 → "deal not found"); everything else passes through.
 */
export function mapHttpError<T>(
	pending: Promise<T>,
	map: (error: CrmHttpError) => Error | null,
): Promise<T> {
	return pending.catch((error: unknown) => {
		const mapped = error instanceof CrmHttpError ? map(error) : null;
		return Promise.reject(mapped ?? error);
	});
}
