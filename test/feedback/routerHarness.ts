import type { IDataObject, INode } from 'n8n-workflow';

import { PACKAGE, runWorkflow } from '../support/engine';
import type { WorkflowJson } from '../support/engine';

export const SECRET = 'k'.repeat(16) + '0123456789abcdef';
export const OUTPUTS = [
	'leadVerdict',
	'customerVoice',
	'acknowledgement',
	'question',
	'other',
] as const;

/** Manual Trigger with the given items pinned → Feedback Router; the signing key credential when `withKey`. */
export function routerWorkflow(
	items: IDataObject[],
	parameters: IDataObject = {},
	options: { withKey?: boolean; continueOnFail?: boolean } = {},
): WorkflowJson {
	const router: INode = {
		id: '2',
		name: 'Router',
		type: `${PACKAGE}.feedbackRouter`,
		typeVersion: 1,
		position: [200, 0],
		parameters: { operation: 'route', ...parameters } as INode['parameters'],
		credentials:
			options.withKey === false
				? undefined
				: { salesBridgeSigningKeyApi: { id: 'key', name: 'Signing key' } },
		...(options.continueOnFail ? { continueOnFail: true } : {}),
	};
	return {
		nodes: [
			{
				id: '1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			router,
		],
		connections: { Start: { main: [[{ node: 'Router', type: 'main', index: 0 }]] } },
		pinData: { Start: items.map((json) => ({ json })) },
	};
}

export interface Routed {
	/** json of the items on each named output. */
	byOutput: Record<(typeof OUTPUTS)[number], IDataObject[]>;
	/** pairedItem of every output item, in output order. */
	paired: unknown[];
	/** For each input item (by its pairedItem), the outputs it landed on. */
	landing: string[][];
	error: Error | undefined;
}

export async function route(
	items: IDataObject[],
	parameters: IDataObject = {},
	options: { withKey?: boolean; continueOnFail?: boolean } = {},
): Promise<Routed> {
	const result = await runWorkflow(routerWorkflow(items, parameters, options), {
		key: { secret: SECRET },
	});
	const run = result.run.data.resultData.runData.Router?.[0];
	const main = run?.data?.main ?? [];
	const byOutput = Object.fromEntries(
		OUTPUTS.map((name, index) => [name, (main[index] ?? []).map((item) => item.json)]),
	) as Routed['byOutput'];
	const paired = main.flatMap((output) => (output ?? []).map((item) => item.pairedItem));
	const landing: string[][] = items.map(() => []);
	main.forEach((output, index) => {
		for (const item of output ?? []) {
			const paired = item.pairedItem as { item: number };
			landing[paired.item].push(OUTPUTS[index]);
		}
	});
	return { byOutput, paired, landing, error: result.error };
}
