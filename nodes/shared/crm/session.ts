import { sleep } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { CrmHttpClient, DEFAULT_TIMEOUT_MS } from '../transport/crmHttpClient';
import type { CrmCall, CrmResponse, SendRequest } from '../transport/crmHttpClient';
import { makeRedactor } from '../transport/errors';
import type { RatePolicy } from '../transport/rateLimit';
import type { CrmAdapter, CrmSession } from './types';

export type CrmContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface SessionOptions {
	language?: 'en' | 'ru';
	now?: Date;
	/** Tests scale the published limits together with their fakes; production uses the adapter's own policy. */
	policy?: RatePolicy;
	/** Options → Request Timeout, in milliseconds: the longest one answer (headers and body) may take. */
	timeoutMs?: number;
}

export function joinUrl(baseUrl: string, path: string): string {
	if (/^https?:\/\//.test(path)) return path;
	if (path.startsWith('/')) return baseUrl.replace(/\/+$/, '') + path;
	return baseUrl.replace(/\/*$/, '/') + path;
}

/**
 * Opens one execution's connection to a CRM: credentials read once, every request sent through n8n's
 * `httpRequestWithAuthentication` (so n8n adds the auth and proxies), paced and retried by CrmHttpClient.
 */
export async function openCrmSession(
	ctx: CrmContext,
	adapter: CrmAdapter,
	options: SessionOptions = {},
): Promise<CrmSession> {
	const credentialType = adapter.credentialType;
	const credentials = credentialType ? await ctx.getCredentials(credentialType) : null;
	const { baseUrl, uiUrl } = adapter.resolveEndpoints(credentials);
	const redact = makeRedactor(adapter.secretFields.map((field) => credentials?.[field] as string));
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	// The credential read above goes with every request: without it n8n reads and decrypts it again from its database
	// for each one (n8n-core `httpRequestWithAuthentication`), 2,000 times in a pull of a million deals.
	const chosen = credentialType ? ctx.getNode?.()?.credentials?.[credentialType] : undefined;
	const credentialOptions: IAdditionalCredentialOptions | undefined =
		credentialType && credentials
			? {
					credentialsDecrypted: {
						id: chosen?.id ?? '',
						name: chosen?.name ?? '',
						type: credentialType,
						data: credentials,
					},
				}
			: undefined;
	const send: SendRequest = async (call: CrmCall): Promise<CrmResponse> => {
		if (!credentialType) throw new Error(`${adapter.displayName} makes no HTTP requests`);
		const request: IHttpRequestOptions = {
			method: call.method,
			url: joinUrl(baseUrl, call.url),
			qs: call.qs,
			body: call.body,
			headers: call.headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect is answered with an error by CrmHttpClient: n8n would carry the credential along.
			disableFollowRedirect: true,
			// n8n's socket timeout ends a stalled connection; CrmHttpClient bounds slow bodies as well.
			timeout: timeoutMs,
		};
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			credentialType,
			request,
			credentialOptions,
		)) as {
			statusCode: number;
			headers?: Record<string, unknown>;
			body: unknown;
		};
		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	};
	return {
		http: new CrmHttpClient(send, {
			policy: options.policy ?? adapter.ratePolicy,
			sleep,
			timeoutMs,
			redact,
		}),
		redact,
		badRecords: [],
		baseUrl,
		uiUrl,
		language: options.language ?? 'en',
		now: options.now ?? new Date(),
	};
}

const memo = new WeakMap<CrmSession, Map<string, Promise<unknown>>>();

/**
 * Look-ups (pipelines, users, sources) are fetched once per session — i.e. once per execution — however many
 * items or deals need them. Keyed on the session object, so nothing outlives the execution.
 */
export function once<T>(session: CrmSession, key: string, load: () => Promise<T>): Promise<T> {
	let cache = memo.get(session);
	if (!cache) {
		cache = new Map();
		memo.set(session, cache);
	}
	let pending = cache.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = load();
		cache.set(key, pending);
		// A failed look-up must not poison the session: the next item may retry it.
		pending.catch(() => cache?.delete(key));
	}
	return pending;
}
