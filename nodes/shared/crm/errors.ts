import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import {
	CrmBadResponseError,
	CrmHttpError,
	CrmNetworkError,
	CrmPagingError,
	CrmRecordError,
	CrmRedirectError,
	CrmTimeoutError,
} from '../transport/errors';
import { TooManyNotesError } from './noteMarker';
import { DealNotFoundError } from './types';
import type { CrmAdapter } from './types';

/**
 * Every failure a CRM operation can raise becomes an n8n error that says what happened and what to do,
 * carries the item index, and never repeats a token or a webhook URL.
 */
export function toNodeError(
	node: INode,
	adapter: CrmAdapter,
	error: unknown,
	itemIndex: number,
	redact: (text: string) => string = (text) => text,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const crm = adapter.displayName;
	const fail = (message: string, description: string, httpCode?: number) => {
		const payload: JsonObject = { message: redact(message), description: redact(description) };
		return new NodeApiError(node, payload, {
			message: redact(message),
			description: redact(description),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
			itemIndex,
		});
	};
	if (error instanceof DealNotFoundError) {
		return new NodeOperationError(node, redact(`Deal "${error.dealId}" was not found in ${crm}`), {
			itemIndex,
			description: 'Check the Deal ID: it is the number in the deal’s address in the CRM.',
		});
	}
	if (error instanceof TooManyNotesError) {
		return new NodeOperationError(node, redact(`${crm}: ${error.message}`), {
			itemIndex,
			description:
				'Nothing was written: with that many notes the check cannot tell whether this note is already there. Turn off Skip If Already Written for this deal, or archive its old notes in the CRM.',
		});
	}
	if (error instanceof CrmBadResponseError) {
		return fail(
			`${crm} sent something that is not an API answer (HTTP ${error.statusCode}, ${error.contentType ?? 'no content type'})`,
			`It began: "${error.excerpt}" (${error.problem}; tried ${error.attempts} times). This is usually a maintenance page, a proxy or firewall page, or a connection cut short. Nothing was returned, so no records are silently missing. Retry later; if it keeps happening, check the Base URL / subdomain in the credential.`,
			error.statusCode,
		);
	}
	if (error instanceof CrmRedirectError) {
		return fail(
			`${crm} redirected the request to ${error.targetHost ?? 'an address it did not name'}`,
			`Redirects are not followed, so the credential was not sent there. Check the subdomain / Base URL in the credential: it must be the CRM account’s own API address (HTTP ${error.statusCode}).`,
			error.statusCode,
		);
	}
	if (error instanceof CrmTimeoutError) {
		const seconds = Math.round(error.timeoutMs / 100) / 10;
		return fail(
			`${crm} did not answer within ${seconds} s`,
			`Tried ${error.attempts} times. The CRM may be down or very slow. Retry later, or raise Options → Request Timeout if it is only slow.`,
		);
	}
	if (error instanceof CrmPagingError) {
		const what = {
			repeatedCursor: 'pointed to a page it had already sent',
			repeatedPage: 'sent a page of records it had already sent',
			tooManyPages: 'sent more pages than its own total allows',
		}[error.problem];
		return fail(
			`${crm} ${what} (after ${error.pages} pages)`,
			'Its paging goes round in circles, so the pull was stopped instead of repeating forever. Retry later; if it keeps happening, narrow the filters (dates, pipeline) or ask the CRM’s support about the list endpoint.',
		);
	}
	if (error instanceof CrmRecordError) {
		return fail(
			`${crm} sent a record that cannot be read: record ${error.recordId}, field "${error.field}"`,
			`${error.reason}. Fix the field in the CRM, or turn on Continue On Fail to get the other records and an error item for this one.`,
		);
	}
	if (error instanceof CrmNetworkError && error.phase === 'read') {
		return fail(
			`The connection to ${crm} broke while reading its answer`,
			`Tried ${error.attempts} times (${error.code}). The network or a proxy between n8n and the CRM cut the connection. Retry later.`,
		);
	}
	if (error instanceof CrmHttpError || error instanceof CrmNetworkError) {
		const explained = adapter.explainError(error);
		const status = error instanceof CrmHttpError ? error.statusCode : undefined;
		const said = error instanceof CrmHttpError ? error.said : null;
		// A connection that could not be made reads the same on every CRM; the adapter's words go in the description.
		const message =
			error instanceof CrmNetworkError
				? `Could not connect to ${crm}`
				: (explained?.message ?? `${crm} answered HTTP ${status}`);
		// n8n rewrites a message that names a network code (ECONNREFUSED…) into its own words, so the code goes here.
		const code = error instanceof CrmNetworkError ? `(${error.code})` : null;
		const description =
			[explained?.description, said ? `${crm} said: ${said}` : null, code]
				.filter(Boolean)
				.join(' ') || 'Retry later; if it keeps happening, check the credential.';
		return fail(message, description, status);
	}
	const text = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, redact(text), { itemIndex });
}
