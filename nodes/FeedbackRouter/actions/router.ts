import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildButtons } from './buildVerdictButtons.operation';
import { route } from './route.operation';

export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0, 'route') as string;
	switch (operation) {
		case 'route':
			return route(ctx);
		case 'buildVerdictButtons':
			return buildButtons(ctx);
		default:
			throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known`);
	}
}
