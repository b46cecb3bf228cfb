import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from '../shared/crm/errors';
import { adapterFor } from '../shared/crm/registry';
import { openCrmSession } from '../shared/crm/session';
import type { CrmAdapter, CrmSession } from '../shared/crm/types';

async function withSession<T>(
	ctx: ILoadOptionsFunctions,
	run: (adapter: CrmAdapter, session: CrmSession) => Promise<T>,
) {
	const crm = ctx.getCurrentNodeParameter('crm') as string;
	const adapter = adapterFor(crm);
	if (!adapter) throw new NodeOperationError(ctx.getNode(), `The CRM "${crm}" is not supported`);
	// CRM Sales Data keeps the CRM options in `options`, the report (when it pulls) in `crmOptions`.
	const options = (ctx.getCurrentNodeParameter('crmOptions') ??
		ctx.getCurrentNodeParameter('options') ??
		{}) as {
		demoLanguage?: string;
	};
	let session: CrmSession | undefined;
	try {
		session = await openCrmSession(ctx, adapter, {
			language: options.demoLanguage === 'ru' ? 'ru' : 'en',
		});
		return await run(adapter, session);
	} catch (error) {
		throw toNodeError(ctx.getNode(), adapter, error, 0, session?.redact);
	}
}

/** Dropdown of the CRM's pipelines, fetched live with the node's credential. */
export function loadPipelineOptions(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withSession(ctx, async (adapter, session) =>
		(await adapter.listPipelines(session)).map((p) => ({
			name: p.name,
			value: p.id,
		})),
	);
}

/** Dropdown of the CRM's users (deal owners). */
export function loadUserOptions(ctx: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withSession(ctx, async (adapter, session) =>
		(await adapter.listUsers(session))
			.map((u) => ({ name: u.name, value: u.id }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	);
}
