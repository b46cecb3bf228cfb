import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { briefProperties } from './description';
import { SIGNING_KEY_TEST, testSigningKey } from '../shared/brief/credentialTest';
import { executeBrief } from './execute';

export class SalesBrief implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sales Brief',
		name: 'salesBrief',
		icon: { light: 'file:salesBrief.svg', dark: 'file:salesBrief.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["title"] }}',
		description:
			'Explain a new script, offer or campaign to sales with its why and its expected effect, ready to send to Telegram, Slack and e-mail with signed acknowledgement buttons',
		defaults: { name: 'Sales Brief' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Not required: without it the node renders an unsigned preview (execute.ts, readSecret).
			{ name: 'salesBridgeSigningKeyApi', required: false, testedBy: 'salesBridgeSigningKeyTest' },
		],
		hints: [
			{
				message:
					'One item per recipient (or one for a group chat): brief is the record, messages holds telegram (parts, buttons, replyMarkup), slack (blocks), email (subject, html, text) and markdown.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
			},
		],
		properties: briefProperties,
	};

	methods = {
		credentialTest: { [SIGNING_KEY_TEST]: testSigningKey },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeBrief(this);
	}
}
