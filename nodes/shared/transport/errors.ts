/**
 * What can go wrong between us and a CRM, as domain errors. The transport and the pagination loop raise them;
 * `crm/errors.ts` turns them into n8n errors with the CRM's name and what to do. None of them carries a URL or a
 * secret: excerpts of what the CRM said are redacted before they are stored here.
 */

import type { CrmCall } from './crmHttpClient';

/** A CRM answered with an error status we do not retry, or kept refusing after every retry. */
export class CrmHttpError extends Error {
	constructor(
		readonly statusCode: number,
		/** The parsed body, for adapters that read error codes from it (never shown as is). */
		readonly body: unknown,
		readonly call: Pick<CrmCall, 'method' | 'url'>,
		readonly attempts: number,
		/** A short, redacted excerpt of what the CRM said, for the error details. */
		readonly said: string | null = null,
	) {
		super(`HTTP ${statusCode} from ${call.method} ${redactUrl(call.url)}`);
		this.name = 'CrmHttpError';
	}
}

/**
 * Network-level failure. `connect`: the CRM could not be reached at all (refused, DNS, TLS); `read`: the connection
 * was made but broke while the answer was arriving. Its message never carries the URL, which may hold a secret.
 */
export class CrmNetworkError extends Error {
	constructor(
		readonly code: string,
		readonly attempts: number,
		readonly phase: 'connect' | 'read' = 'connect',
	) {
		super(`The CRM could not be reached (${code})`);
		this.name = 'CrmNetworkError';
	}
}

/** The CRM did not finish answering within the request timeout (a stall, or a body that trickles in). */
export class CrmTimeoutError extends Error {
	constructor(
		readonly timeoutMs: number,
		readonly attempts: number,
	) {
		super(`No complete answer within ${timeoutMs} ms`);
		this.name = 'CrmTimeoutError';
	}
}

/** A 3xx. Never followed: the credential would go with it to wherever it points. */
export class CrmRedirectError extends Error {
	constructor(
		readonly statusCode: number,
		/** host[:port] of the Location, or null when the CRM gave none. */
		readonly targetHost: string | null,
	) {
		super(`HTTP ${statusCode} redirect to ${targetHost ?? 'an unnamed address'}`);
		this.name = 'CrmRedirectError';
	}
}

/**
 * A 2xx whose body is not the documented envelope: a maintenance or proxy page, a truncated or empty body. Reading
 * it as "no records" would end a pull short with a success, so it is an error (retried first for reads).
 */
export class CrmBadResponseError extends Error {
	constructor(
		readonly statusCode: number,
		readonly contentType: string | null,
		/** The first ~100 characters of the body, redacted. */
		readonly excerpt: string,
		/** Where the body left the documented shape, e.g. `_embedded.leads: Expected array, received string`. */
		readonly problem: string,
		readonly attempts: number,
	) {
		super(`HTTP ${statusCode} with a body that is not the documented answer (${problem})`);
		this.name = 'CrmBadResponseError';
	}
}

export type PagingProblem = 'repeatedCursor' | 'repeatedPage' | 'tooManyPages';

/** The CRM's paging went round in circles, or past what its own totals allow. */
export class CrmPagingError extends Error {
	constructor(
		readonly problem: PagingProblem,
		readonly pages: number,
	) {
		super(`Paging stopped after ${pages} pages: ${problem}`);
		this.name = 'CrmPagingError';
	}
}

/** One record that cannot be normalized: the CRM, the record and the field are named, the rest of a pull is kept. */
export class CrmRecordError extends Error {
	constructor(
		readonly recordId: string,
		readonly field: string,
		/** Why, in words, with the offending value (already short and redacted by the caller). */
		readonly reason: string,
	) {
		super(`Record ${recordId}, field "${field}": ${reason}`);
		this.name = 'CrmRecordError';
	}
}

/** Bitrix24 keeps its secret in the URL path (`/rest/<user>/<secret>/`); never print it. */
export function redactUrl(url: string): string {
	return url
		.replace(/\/rest\/(\d+)\/[^/]+/, '/rest/$1/***')
		.replace(/([?&](?:api_token|auth|access_token)=)[^&]+/g, '$1***');
}

/**
 * Removes every secret (and every URL-embedded secret such as a webhook code) from a text that may reach a message,
 * a description or an error item. Secrets shorter than 4 characters are not searched for: they would blank out
 * ordinary words, and no CRM issues such tokens.
 */
export function makeRedactor(secrets: Array<string | null | undefined>): (text: string) => string {
	const needles = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string') continue;
		const value = secret.trim();
		if (value.length >= 4) needles.add(value);
		// A webhook URL's path segments (the Bitrix24 code) may be echoed on their own.
		for (const segment of value.split(/[/?#&=]/)) if (segment.length >= 8) needles.add(segment);
	}
	const sorted = [...needles].sort((a, b) => b.length - a.length);
	return (text: string) => {
		let out = redactUrl(text);
		for (const needle of sorted) out = out.split(needle).join('***');
		return out;
	};
}

/** At most `max` characters of any body, as one line, for error details. */
export function excerptOf(body: unknown, max = 100): string {
	let text: string;
	if (body === undefined || body === null) text = '';
	else if (typeof body === 'string') text = body;
	else {
		try {
			text = JSON.stringify(body);
		} catch {
			text = String(body);
		}
	}
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max)}…` : line;
}
