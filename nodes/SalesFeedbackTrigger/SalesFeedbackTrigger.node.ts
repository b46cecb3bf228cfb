import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { checkSecret } from '../shared/brief/signing';
import type { FeedbackAuthConfig, FeedbackAuthType } from '../shared/feedback/auth';
import { authConfigProblem } from '../shared/feedback/auth';
import { handleFeedbackRequest } from '../shared/feedback/handler';
import type { TriggerConfig } from '../shared/feedback/handler';
import type { ReasonClass, ReasonCode } from '../shared/feedback/reasons';
import { isReasonCodeShape } from '../shared/feedback/reasons';
import type { FeedbackLanguage } from '../shared/feedback/texts';
import { SIGNING_KEY_TEST, testSigningKey } from '../shared/brief/credentialTest';
import { LANGUAGE_OPTIONS, REASON_CLASS_OPTIONS } from '../shared/choices';

const WEBHOOK_PATH = '={{ $parameter["path"] || $webhookId }}';

function readUserReasons(this: IWebhookFunctions): ReasonCode[] {
	const raw = this.getNodeParameter('options.customReasons.reason', []) as IDataObject[];
	const reasons: ReasonCode[] = [];
	for (const entry of raw) {
		const code = String(entry.code ?? '').trim();
		if (!isReasonCodeShape(code)) {
			throw new NodeOperationError(
				this.getNode(),
				`Custom reason code "${code}" is not valid: use lower-case letters, digits and "_" (e.g. price_too_high)`,
			);
		}
		const label = String(entry.label ?? '').trim() || code;
		reasons.push({ code, class: entry.reasonClass as ReasonClass, en: label, ru: label });
	}
	return reasons;
}

export class SalesFeedbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sales Feedback Trigger',
		name: 'salesFeedbackTrigger',
		icon: { light: 'file:salesFeedbackTrigger.svg', dark: 'file:salesFeedbackTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ "Form and brief links" + ($parameter["authentication"] === "none" ? "" : " (authenticated)") }}',
		description:
			'Hosts a feedback form for sales (the three questions and lead verdicts) and records brief acknowledgements',
		defaults: { name: 'Sales Feedback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'salesFeedbackAuthApi',
				required: true,
				testedBy: 'salesFeedbackAuthTest',
				displayOptions: { show: { authentication: ['basicAuth', 'headerAuth'] } },
			},
			{
				name: 'salesBridgeSigningKeyApi',
				required: true,
				testedBy: 'salesBridgeSigningKeyTest',
				displayOptions: { show: { verifyBriefLinks: [true] } },
			},
		],
		webhooks: [
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				isFullPath: true,
				path: WEBHOOK_PATH,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				isFullPath: true,
				path: WEBHOOK_PATH,
			},
		],
		activationMessage:
			'The feedback form is live: open the Production URL in a browser, or POST JSON to it.',
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				placeholder: 'e.g. sales-feedback',
				description:
					"The URL path after /webhook/. Leave empty to use the node's generated ID. The same URL serves the form (GET) and takes submissions (POST).",
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Basic Auth',
						value: 'basicAuth',
						description: 'Browsers ask for a user and password before showing the form',
					},
					{
						name: 'Header Token',
						value: 'headerAuth',
						description: 'For other form tools and scripts; a browser cannot send it',
					},
					{ name: 'None', value: 'none', description: 'A public form' },
				],
				default: 'none',
				description:
					'Who may open the form and submit feedback. Signed brief links are always checked by their signature instead.',
			},
			{
				displayName: 'Form Language',
				name: 'language',
				type: 'options',
				options: LANGUAGE_OPTIONS,
				default: 'en',
				description:
					'Language of the pages and messages; a "lang" query or form field overrides it',
			},
			{
				displayName: 'Verify Brief Links',
				name: 'verifyBriefLinks',
				type: 'boolean',
				default: false,
				description:
					'Whether to record acknowledgements and questions from signed Sales Brief links (uses the Sales Bridge Signing Key credential)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Custom Reasons',
						name: 'customReasons',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						description:
							'Reason codes added to the built-in list (a built-in code with the same name is replaced)',
						options: [
							{
								displayName: 'Reason',
								name: 'reason',
								values: [
									{
										displayName: 'Code',
										name: 'code',
										type: 'string',
										default: '',
										placeholder: 'e.g. price_too_high',
										description:
											'Lower-case letters, digits and "_"; what the Feedback record carries',
									},
									{
										displayName: 'Label',
										name: 'label',
										type: 'string',
										default: '',
										description: 'What the form shows',
									},
									{
										displayName: 'Class',
										name: 'reasonClass',
										type: 'options',
										options: REASON_CLASS_OPTIONS,
										default: 'leadQuality',
									},
								],
							},
						],
					},
					{
						displayName: 'Form Title',
						name: 'formTitle',
						type: 'string',
						default: '',
						description: 'Heading of the form; empty for "Feedback from sales"',
					},
				],
			},
		],
	};

	/**
	 * Lint asks webhook triggers to register themselves with the third-party service. There is none: the form is
	 * served by n8n itself, so there is nothing to create, look up or delete.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			async salesFeedbackAuthTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				const token = authConfigProblem({
					type: 'headerAuth',
					headerName: String(data.headerName ?? ''),
					token: String(data.token ?? ''),
				});
				const basic = authConfigProblem({
					type: 'basicAuth',
					user: String(data.user ?? ''),
					password: String(data.password ?? ''),
				});
				if (token !== null && basic !== null) {
					return {
						status: 'Error',
						message: `Neither a usable token (${token}) nor a usable user and password (${basic})`,
					};
				}
				return {
					status: 'OK',
					message: token === null ? 'Header token is usable' : 'User and password are usable',
				};
			},
			[SIGNING_KEY_TEST]: testSigningKey,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const authType = this.getNodeParameter('authentication', 'none') as FeedbackAuthType;
		let auth: FeedbackAuthConfig = { type: 'none' };
		if (authType !== 'none') {
			const credential = await this.getCredentials('salesFeedbackAuthApi');
			auth = {
				type: authType,
				headerName: String(credential.headerName ?? ''),
				token: String(credential.token ?? ''),
				user: String(credential.user ?? ''),
				password: String(credential.password ?? ''),
			};
			const problem = authConfigProblem(auth);
			if (problem !== null) {
				throw new NodeOperationError(
					this.getNode(),
					`The Sales Feedback Auth credential cannot be used: ${problem}`,
				);
			}
		}
		let signingSecret: string | null = null;
		if (this.getNodeParameter('verifyBriefLinks', false) as boolean) {
			const credential = await this.getCredentials('salesBridgeSigningKeyApi');
			signingSecret = String(credential.secret ?? '');
			checkSecret(signingSecret);
		}
		const config: TriggerConfig = {
			defaultLanguage: this.getNodeParameter('language', 'en') as FeedbackLanguage,
			auth,
			signingSecret,
			userReasons: readUserReasons.call(this),
			formTitle: String(this.getNodeParameter('options.formTitle', '') ?? ''),
			now: () => new Date(),
		};
		const request = this.getRequestObject();
		const response = handleFeedbackRequest(
			{
				method: request.method,
				query: this.getQueryData(),
				body: this.getBodyData(),
				headers: this.getHeaderData() as Record<string, unknown>,
			},
			config,
		);
		const res = this.getResponseObject();
		res.status(response.status);
		for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
		res.setHeader('Content-Type', response.contentType);
		res.end(response.body);
		if (response.feedback === null) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [[{ json: response.feedback as unknown as IDataObject }]],
		};
	}
}
