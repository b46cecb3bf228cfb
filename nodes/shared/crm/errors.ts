import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { CrmHttpError, CrmNetworkError } from '../transport/crmHttpClient';
import { DealNotFoundError } from './types';
import type { CrmAdapter } from './types';

/** A short, secret-free excerpt of what the CRM said, for the error details. */
function crmSaid(body: unknown): string | null {
	if (body === null || body === undefined || body === '') return null;
	if (typeof body === 'string') return body.slice(0, 300);
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
	return parts.length ? parts.join(' — ').slice(0, 300) : null;
}

/**
 * Every failure a CRM operation can raise becomes an n8n error that says what happened and what to do,
 * carries the item index, and never repeats a token or a webhook URL.
 */
export function toNodeError(
	node: INode,
	adapter: CrmAdapter,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof DealNotFoundError) {
		return new NodeOperationError(
			node,
			`Deal "${error.dealId}" was not found in ${adapter.displayName}`,
			{
				itemIndex,
				description: 'Check the Deal ID: it is the number in the deal’s address in the CRM.',
			},
		);
	}
	if (error instanceof CrmHttpError || error instanceof CrmNetworkError) {
		const explained = adapter.explainError(error);
		const status = error instanceof CrmHttpError ? error.statusCode : undefined;
		const said = error instanceof CrmHttpError ? crmSaid(error.body) : null;
		const message =
			explained?.message ?? `${adapter.displayName} answered HTTP ${status ?? 'error'}`;
		const description =
			[explained?.description, said ? `${adapter.displayName} said: ${said}` : null]
				.filter(Boolean)
				.join(' ') || 'Retry later; if it keeps happening, check the credential.';
		const payload: JsonObject = { message, description };
		return new NodeApiError(node, payload, {
			message,
			description,
			httpCode: status === undefined ? undefined : String(status),
			itemIndex,
		});
	}
	const text = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, text, { itemIndex });
}
