/**
 * Runs workflow JSON through n8n's real execution engine (`WorkflowExecute` from n8n-core, `Workflow` from
 * n8n-workflow) with this package's node and credential classes, the way n8n does at run time — parameters,
 * expressions, `httpRequestWithAuthentication`, declarative credential auth, pairedItem, continueOnFail.
 * What n8n's server adds on top (database, credential encryption, community-package loading) is proven by the
 * real-n8n suite in test/e2e.
 */
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import { ICredentialsHelper, isExpression, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	IConnections,
	IPinData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { AmoCrmApi } from '../../credentials/AmoCrmApi.credentials';
import { Bitrix24Api } from '../../credentials/Bitrix24Api.credentials';
import { HubSpotCrmApi } from '../../credentials/HubSpotCrmApi.credentials';
import { PipedriveCrmApi } from '../../credentials/PipedriveCrmApi.credentials';
import { SalesBridgeSigningKeyApi } from '../../credentials/SalesBridgeSigningKeyApi.credentials';
import { CrmSalesData } from '../../nodes/CrmSalesData/CrmSalesData.node';
import { CrmSalesDataTrigger } from '../../nodes/CrmSalesDataTrigger/CrmSalesDataTrigger.node';
import { SalesBrief } from '../../nodes/SalesBrief/SalesBrief.node';

import { FeedbackRouter } from '../../nodes/FeedbackRouter/FeedbackRouter.node';
import { SalesMarketingReport } from '../../nodes/SalesMarketingReport/SalesMarketingReport.node';

export const PACKAGE = 'n8n-nodes-sales-marketing-bridge';

/** Stand-in for n8n-nodes-base's Manual Trigger (not a dependency of this package): emits one empty item. */
class ManualTriggerStandIn implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/** Stand-in for n8n-nodes-base's No Operation node: passes items through. */
class NoOpStandIn implements INodeType {
	description = {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.noOp',
		defaults: { name: 'No Operation' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const registeredNodes: Record<string, INodeType> = {
	[`${PACKAGE}.crmSalesData`]: new CrmSalesData(),
	[`${PACKAGE}.crmSalesDataTrigger`]: new CrmSalesDataTrigger(),
	[`${PACKAGE}.salesMarketingReport`]: new SalesMarketingReport(),
	[`${PACKAGE}.salesBrief`]: new SalesBrief(),

	[`${PACKAGE}.feedbackRouter`]: new FeedbackRouter(),
	'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
	'n8n-nodes-base.noOp': new NoOpStandIn(),
};

const registeredCredentials: Record<string, ICredentialType> = {
	amoCrmApi: new AmoCrmApi(),
	bitrix24Api: new Bitrix24Api(),
	hubSpotCrmApi: new HubSpotCrmApi(),
	pipedriveCrmApi: new PipedriveCrmApi(),
	salesBridgeSigningKeyApi: new SalesBridgeSigningKeyApi(),
};

const nodeTypes: INodeTypes = {
	getByName(type: string) {
		const node = registeredNodes[type];
		if (!node) throw new Error(`Unknown node type in test workflow: ${type}`);
		return node;
	},
	getByNameAndVersion(type: string) {
		return nodeTypes.getByName(type) as INodeType;
	},
	getKnownTypes() {
		return {};
	},
};

/** Credentials by id, as a workflow references them (`credentials: { amoCrmApi: { id, name } }`). */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	/** Same resolution n8n's CredentialsHelper does for `authenticate: { type: 'generic' }`. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = registeredCredentials[typeName];
		const authenticate = type?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return authenticate(credentials, requestOptions);
		const resolve = (value: unknown) =>
			isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {
							$credentials: credentials,
						}) ?? '',
					)
				: value;
		const target = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			target[outerKey] = target[outerKey] ?? {};
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				target[outerKey][String(resolve(key))] = resolve(value) as string;
			}
		}
		return requestOptions;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the engine harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = nodeCredentials.id ? this.store[nodeCredentials.id] : undefined;
		if (!data)
			throw new Error(
				`Test workflow references unknown credential "${nodeCredentials.id}" of type ${type}`,
			);
		return data;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return registeredCredentials[type]?.properties ?? [];
	}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
	staticData?: IDataObject;
	/** Items pinned on a node, as in an exported workflow: the engine uses them instead of running the node. */
	pinData?: IPinData;
}

export interface RunResult {
	run: IRun;
	/** Output items (json) of a node's first output, by node name. */
	output(nodeName: string): IDataObject[];
	/** Full items including pairedItem. */
	items(nodeName: string): INodeExecutionData[];
	error: Error | undefined;
}

function additionalDataFor(store: CredentialStore): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(store),
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', {} as never),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not used in these tests');
		},
		executionId: 'test-execution',
	} as unknown as IWorkflowExecuteAdditionalData;
}

function workflowOf(json: WorkflowJson): Workflow {
	return new Workflow({
		id: 'test-workflow',
		name: json.name ?? 'test',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData: json.staticData,
		settings: json.settings,
	});
}

/**
 * One tick of a polling trigger through n8n-core's real PollContext, as n8n's poller runs it: `trigger` mode for
 * an active workflow, `manual` for the editor's test button. Static data lives in `json.staticData`, so calling
 * this again with the same json continues from the saved cursor.
 */
export async function pollTrigger(
	json: WorkflowJson,
	nodeName: string,
	credentials: CredentialStore = {},
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<INodeExecutionData[] | null> {
	json.staticData = json.staticData ?? {};
	const workflow = workflowOf(json);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node named ${nodeName}`);
	const context = new PollContext(workflow, node, additionalDataFor(credentials), mode, 'activate');
	const result = await (nodeTypes.getByName(node.type) as INodeType).poll!.call(context);
	// What n8n saves to the database after the tick: plain JSON.
	json.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	return result ? result[0] : null;
}

/**
 * Calls a node's `methods.loadOptions[method]` through n8n-core's LoadOptionsContext, as the editor does when a
 * user opens a dropdown of that node.
 */
export async function loadOptions(
	json: WorkflowJson,
	nodeName: string,
	method: string,
	credentials: CredentialStore = {},
): Promise<Array<{ name: string; value: string | number | boolean }>> {
	const workflow = workflowOf(json);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node named ${nodeName}`);
	const nodeType = nodeTypes.getByName(node.type) as INodeType;
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`${node.type} has no loadOptions method ${method}`);
	// The editor sends the node's current parameters along with the request.
	const additionalData = {
		...additionalDataFor(credentials),
		currentNodeParameters: node.parameters,
	};
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	return fn.call(context);
}

/** Executes a workflow from its JSON, starting at its trigger, and returns the run data. */
export async function runWorkflow(
	json: WorkflowJson,
	credentials: CredentialStore = {},
	mode: WorkflowExecuteMode = 'manual',
): Promise<RunResult> {
	const workflow = workflowOf(json);
	const additionalData = additionalDataFor(credentials);
	const startNode = json.nodes.find((n) => /trigger/i.test(n.type)) ?? json.nodes[0];
	const execute = new WorkflowExecute(additionalData, mode);
	const run = await execute.run({ workflow, startNode, pinData: json.pinData });
	const items = (nodeName: string): INodeExecutionData[] => {
		const runs = run.data.resultData.runData[nodeName];
		if (!runs || runs.length === 0) throw new Error(`Node "${nodeName}" did not run`);
		return runs[0].data?.main?.[0] ?? [];
	};
	return {
		run,
		items,
		output: (nodeName) => items(nodeName).map((i) => i.json),
		error: run.data.resultData.error as Error | undefined,
	};
}

/** A two-node workflow: Manual Trigger → one node with the given parameters (and credentials). */
export function singleNodeWorkflow(
	type: string,
	parameters: IDataObject,
	nodeCredentials?: INode['credentials'],
	extra: Partial<INode> = {},
): WorkflowJson {
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
			{
				id: '2',
				name: 'Node',
				type,
				typeVersion: 1,
				position: [200, 0],
				parameters: parameters as INode['parameters'],
				credentials: nodeCredentials,
				...extra,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Node', type: 'main', index: 0 }]] },
		} as IConnections,
	};
}

/** Evaluates an expression of a credential (e.g. its test request's baseURL) the way n8n does, with `$credentials`. */
export function credentialExpression(
	expression: string,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	const workflow = workflowOf(singleNodeWorkflow('n8n-nodes-base.noOp', {}));
	const node = workflow.getNode('Node') as INode;
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', {
		$credentials: credentials,
	});
}
