import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { VERDICT_CRM_CODES, verdictClaimsProblem } from '../../shared/brief/signing';
import type { VerdictCrm } from '../../shared/brief/signing';
import { BUILT_IN_REASONS } from '../../shared/feedback/reasons';
import { buildVerdictButtons } from '../../shared/feedback/verdictButtons';
import { catalogueFrom, signingKey } from './shared';

/** Adds `verdictButtons: { replyMarkup, callbackData }` to each item (see shared/feedback/verdictButtons.ts). */
export async function buildButtons(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	const secret = await signingKey(ctx);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let result: INodeExecutionData | null = null;
		let failure: NodeOperationError | null = null;
		try {
			if (secret === null) {
				throw new NodeOperationError(ctx.getNode(), 'Verdict buttons need a signing key', {
					itemIndex,
					description:
						'Select a Sales Bridge Signing Key credential; the Feedback Router that receives the presses must use the same one.',
				});
			}
			const crm = String(ctx.getNodeParameter('crm', itemIndex, 'demo')) as VerdictCrm;
			const dealId = String(ctx.getNodeParameter('dealId', itemIndex, '')).trim();
			const catalogue = catalogueFrom(ctx, 'buttonOptions.customReasons', itemIndex);
			const builtIn = ctx.getNodeParameter('reasons', itemIndex, []) as string[];
			const custom = [...catalogue.keys()].filter(
				(code) => !builtIn.includes(code) && !isBuiltIn(code, catalogue),
			);
			const reasons = [...builtIn, ...custom];
			const problem = Object.prototype.hasOwnProperty.call(VERDICT_CRM_CODES, crm)
				? verdictClaimsProblem({ crm, dealId, decision: 'accept', quality: null })
				: `crm must be one of ${Object.keys(VERDICT_CRM_CODES).join(', ')}`;
			if (problem !== null) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Cannot make buttons for this deal: ${problem}`,
					{
						itemIndex,
					},
				);
			}
			const longCode = reasons.find((code) => code.length > 20);
			if (longCode !== undefined) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The reason code "${longCode}" is too long for a Telegram button`,
					{ itemIndex, description: 'Button reason codes have at most 20 characters.' },
				);
			}
			const buttons = buildVerdictButtons(
				{
					crm,
					dealId,
					language: ctx.getNodeParameter('language', itemIndex, 'en') === 'ru' ? 'ru' : 'en',
					reasons,
					qualityScores: ctx.getNodeParameter('qualityScores', itemIndex, true) as boolean,
				},
				catalogue,
				secret,
			);
			result = {
				json: { ...items[itemIndex].json, verdictButtons: buttons as unknown as IDataObject },
				pairedItem: { item: itemIndex },
			};
		} catch (error) {
			failure =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
		}
		if (failure !== null) {
			if (!ctx.continueOnFail()) throw failure;
			out.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
		} else if (result !== null) {
			out.push(result);
		}
	}
	return [out];
}

const BUILT_IN_CODES = new Set(BUILT_IN_REASONS.map((reason) => reason.code));

/** Built-in codes are offered only when ticked under Reasons to Offer; custom codes always. */
function isBuiltIn(code: string, catalogue: Map<string, unknown>): boolean {
	return BUILT_IN_CODES.has(code) && catalogue.has(code);
}
