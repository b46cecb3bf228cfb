import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport/crmHttpClient';

// The option's default (30) is DEFAULT_TIMEOUT_MS in seconds; n8n's lint wants a literal here.

/** Options → Request Timeout, shared by CRM Sales Data and its trigger. */
export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: 30,
	description:
		'How long one answer from the CRM may take, body included. A request that times out is tried 3 times in all, so a CRM that stops answering fails the run after about 3 × this (1.5 minutes by default) instead of hanging.',
};

/** The option in milliseconds; an expression that yields no positive number is an error, not "no timeout". */
export function requestTimeoutMs(
	ctx: IExecuteFunctions | IPollFunctions,
	value: unknown,
	itemIndex: number,
): number {
	if (value === undefined || value === null || value === '') return DEFAULT_TIMEOUT_MS;
	const seconds = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Request Timeout must be a number of seconds from 1 to 300, not "${String(value)}"`,
			{
				itemIndex,
				description: 'Enter e.g. 30, or remove the option to use the default of 30 seconds.',
			},
		);
	}
	return Math.round(seconds * 1000);
}
