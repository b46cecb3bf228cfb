import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { backoffMs, retryAfterMs, TokenBucket } from './rateLimit';
import type { Clock, RatePolicy, Sleep } from './rateLimit';

/** One request as an adapter describes it. `url` is relative to the CRM's base URL unless absolute. */
export interface CrmCall {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: Record<string, string>;
	/** Safe to send twice (reads, searches). Writes are retried only when the CRM refused them outright (429/503). */
	idempotent?: boolean;
}

export interface CrmResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, unknown>;
	body: T;
}

/** The single way an adapter reaches the network: n8n's `httpRequestWithAuthentication`, bound by the node. */
export type SendRequest = (call: CrmCall) => Promise<CrmResponse>;

/** A CRM answered with an error we do not retry, or kept refusing after every retry. */
export class CrmHttpError extends Error {
	constructor(
		readonly statusCode: number,
		readonly body: unknown,
		readonly call: Pick<CrmCall, 'method' | 'url'>,
		readonly attempts: number,
	) {
		super(`HTTP ${statusCode} from ${call.method} ${redactUrl(call.url)}`);
		this.name = 'CrmHttpError';
	}
}

/** Network-level failure (refused, reset, DNS). Its message never carries the URL, which may hold a secret. */
export class CrmNetworkError extends Error {
	constructor(
		readonly code: string,
		readonly attempts: number,
	) {
		super(`The CRM could not be reached (${code})`);
		this.name = 'CrmNetworkError';
	}
}

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ESOCKETTIMEDOUT',
]);

const MAX_RETRY_AFTER_MS = 60_000;

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
}

/**
 * Pacing, retries and backoff for every CRM, in one place. Each page request is retried as a whole until it
 * succeeds, so a paginated pull under rate limits still yields every record exactly once.
 */
export class CrmHttpClient {
	readonly stats = { requests: 0, retries: 0 };
	private readonly bucket: TokenBucket;
	private readonly now: Clock;
	/** When the CRM announced that its window is spent, the moment it said the window resets. */
	private resumeAt = 0;

	constructor(
		private readonly send: SendRequest,
		private readonly options: CrmHttpClientOptions,
	) {
		this.now = options.now ?? Date.now;
		this.bucket = new TokenBucket(options.policy, options.sleep, this.now);
	}

	async request<T = unknown>(call: CrmCall): Promise<CrmResponse<T>> {
		const { policy, sleep } = this.options;
		for (let attempt = 0; ; attempt++) {
			const holdMs = this.resumeAt - this.now();
			if (holdMs > 0) await sleep(holdMs);
			await this.bucket.take();
			this.stats.requests++;
			// Settled instead of try/catch: a dropped connection is an outcome to decide on, not an exception to rethrow.
			const outcome = await this.send(call).then(
				(response) => ({ response, error: undefined }),
				(error: unknown) => ({ response: undefined, error }),
			);
			const response = outcome.response;
			if (!response) {
				const code = networkCode(outcome.error);
				if (
					code &&
					RETRYABLE_NETWORK_CODES.has(code) &&
					call.idempotent !== false &&
					attempt < policy.maxRetries
				) {
					this.stats.retries++;
					await sleep(backoffMs(policy, attempt, this.options.random));
					continue;
				}
				throw code ? new CrmNetworkError(code, attempt + 1) : outcome.error;
			}
			this.followRateHeaders(response);
			this.options.onResponse?.(response);
			if (response.statusCode < 400) return response as CrmResponse<T>;
			if (isRetryable(response.statusCode, call) && attempt < policy.maxRetries) {
				this.stats.retries++;
				if (response.statusCode === 429 || response.statusCode === 503) this.bucket.drain();
				const hinted = retryAfterMs(header(response, 'retry-after'), this.now());
				// A CRM that asks for minutes is not asking a workflow to hang that long: wait at most a minute per
				// retry, and let the retries run out into a clear error instead.
				await sleep(
					Math.min(hinted ?? backoffMs(policy, attempt, this.options.random), MAX_RETRY_AFTER_MS),
				);
				continue;
			}
			throw new CrmHttpError(response.statusCode, response.body, call, attempt + 1);
		}
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
	return headers[name] ?? headers[name.toLowerCase()];
}

function networkCode(error: unknown): string | null {
	if (!error || typeof error !== 'object') return null;
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	const code = e.code ?? e.cause?.code;
	return typeof code === 'string' && /^E[A-Z_]+$/.test(code) ? code : null;
}

/** Bitrix24 keeps its secret in the URL path (`/rest/<user>/<secret>/`); never print it. */
export function redactUrl(url: string): string {
	return url
		.replace(/\/rest\/(\d+)\/[^/]+/, '/rest/$1/***')
		.replace(/([?&](?:api_token|auth|access_token)=)[^&]+/g, '$1***');
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

/**
 * The one pagination loop. An adapter supplies how to fetch a page from a cursor; this loop stops at the
 * user's limit or when the CRM says there is no next page.
 */
export async function collectPages<TItem, TCursor>(
	first: TCursor,
	fetchPage: (cursor: TCursor) => Promise<{ items: TItem[]; next: TCursor | null }>,
	limit: number | null,
	onPage?: (collected: number) => void,
): Promise<TItem[]> {
	const out: TItem[] = [];
	let cursor: TCursor | null = first;
	while (cursor !== null) {
		const page: { items: TItem[]; next: TCursor | null } = await fetchPage(cursor);
		for (const item of page.items) {
			out.push(item);
			if (limit !== null && out.length >= limit) return out;
		}
		onPage?.(out.length);
		cursor = page.next;
	}
	return out;
}
