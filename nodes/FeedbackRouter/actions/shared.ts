import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { isReasonCodeShape, reasonCatalogue } from '../../shared/feedback/reasons';
import type { ReasonClass, ReasonCode } from '../../shared/feedback/reasons';

/** The signing key, or null when the node has no Sales Bridge Signing Key credential. */
export async function signingKey(ctx: IExecuteFunctions): Promise<string | null> {
	if (!ctx.getNode().credentials?.salesBridgeSigningKeyApi) return null;
	const credentials = await ctx.getCredentials<{ secret?: string }>('salesBridgeSigningKeyApi');
	return typeof credentials.secret === 'string' ? credentials.secret : '';
}

/** Built-in reasons plus the node's Custom Reasons (parameter `path`), checked. */
export function catalogueFrom(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Map<string, ReasonCode> {
	const raw = ctx.getNodeParameter(path, itemIndex, {}) as {
		reason?: Array<{ code?: string; reasonClass?: string; en?: string; ru?: string }>;
	};
	const user: ReasonCode[] = [];
	for (const [index, entry] of (raw.reason ?? []).entries()) {
		const code = (entry.code ?? '').trim();
		if (!isReasonCodeShape(code)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Custom reason ${index + 1} has an invalid code "${code}"`,
				{
					itemIndex,
					description:
						'Use lower case letters, digits and "_", starting with a letter, at most 40 characters (20 for Telegram buttons).',
				},
			);
		}
		const reasonClass = (['leadQuality', 'handling', 'other'] as const).includes(
			entry.reasonClass as ReasonClass,
		)
			? (entry.reasonClass as ReasonClass)
			: 'other';
		const en = (entry.en ?? '').trim() || code;
		const ru = (entry.ru ?? '').trim() || en;
		user.push({ code, class: reasonClass, en, ru });
	}
	return reasonCatalogue(user);
}
