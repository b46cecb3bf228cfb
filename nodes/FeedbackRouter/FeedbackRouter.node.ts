import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { OUTPUT_NAMES, routerProperties } from './description';
import { SIGNING_KEY_TEST, testSigningKey } from '../shared/brief/credentialTest';

/** Route: one named output per category, in FEEDBACK_CATEGORIES order; Build Verdict Buttons: one output. */
const OUTPUTS =
	`={{ $parameter["operation"] === "buildVerdictButtons" ? [{ "type": "main", "displayName": "Buttons" }] : ${JSON.stringify(
		OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName })),
	)} }}` as `={{${string}}}`;

export class FeedbackRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feedback Router',
		name: 'feedbackRouter',
		icon: { light: 'file:feedbackRouter.svg', dark: 'file:feedbackRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "buildVerdictButtons" ? "Build verdict buttons" : "Route feedback" }}',
		description:
			'Sort what sales says — lead verdicts, customer voice, acknowledgements, questions — from forms, JSON and Telegram into one output per kind',
		defaults: { name: 'Feedback Router' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		credentials: [
			{ name: 'salesBridgeSigningKeyApi', required: false, testedBy: 'salesBridgeSigningKeyTest' },
		],
		properties: routerProperties,
	};

	methods = {
		credentialTest: { [SIGNING_KEY_TEST]: testSigningKey },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router(this);
	}
}
