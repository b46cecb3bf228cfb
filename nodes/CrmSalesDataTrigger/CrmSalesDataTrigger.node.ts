import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import {
	crmCredentials,
	crmOptions,
	crmParameter,
	demoLanguageOption,
} from '../CrmSalesData/description';
import { loadPipelineOptions } from '../CrmSalesData/loadOptions';
import { detectChanges, initialState, windowStart } from '../shared/crm/changeFeed';
import type { DealEvent, FeedState } from '../shared/crm/changeFeed';
import { toNodeError } from '../shared/crm/errors';
import { adapterFor } from '../shared/crm/registry';
import { requestTimeoutOption, requestTimeoutMs } from '../shared/crm/requestTimeout';
import { openCrmSession } from '../shared/crm/session';
import { dealQuery } from '../shared/crm/types';
import type { CrmAdapter, CrmSession, DealQuery } from '../shared/crm/types';
import type { Deal } from '../shared/model/deal';

const MINUTE = 60_000;
/** How far back a manual test run looks for a sample, and how many deals it shows. */
const SAMPLE_WINDOW_MS = 14 * 24 * 60 * MINUTE;
const SAMPLE_SIZE = 5;

function updatedSince(from: Date, pipelineId: string | null): DealQuery {
	return dealQuery({ dateField: 'updatedAt', from, pipelineId });
}

/** The chosen event a sample deal can stand for: a test of "Deal Won" must not show an open deal as won. */
function sampleEvent(deal: Deal, events: DealEvent[]): DealEvent | undefined {
	if ((deal.status === 'won' || deal.status === 'lost') && events.includes(deal.status)) {
		return deal.status;
	}
	return events.find((event) => event === 'new' || event === 'updated');
}

function toItems(deals: Array<{ deal: Deal; event: DealEvent }>): INodeExecutionData[][] {
	return [
		deals.map(({ deal, event }) => ({
			json: { ...deal, event } as unknown as IDataObject,
		})),
	];
}

export class CrmSalesDataTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Sales Data Trigger',
		name: 'crmSalesDataTrigger',
		icon: {
			light: 'file:crmSalesDataTrigger.svg',
			dark: 'file:crmSalesDataTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: `={{ (${JSON.stringify(Object.fromEntries(crmOptions.map((o) => [o.value, o.value === 'demo' ? 'Demo CRM' : o.name])))})[$parameter["crm"]] + ": " + $parameter["events"].map(e => ({ new: "new", updated: "updated", won: "won", lost: "lost" })[e] ?? e).join(", ") + " deals" }}`,
		description: 'Starts the workflow when deals are created, updated, won or lost in the CRM',
		defaults: { name: 'CRM Sales Data Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: crmCredentials,
		properties: [
			crmParameter,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Deal Lost',
						value: 'lost',
						description: 'A deal moved to a lost stage',
					},
					{
						name: 'Deal Updated',
						value: 'updated',
						description: 'Any change to an existing deal',
					},
					{
						name: 'Deal Won',
						value: 'won',
						description: 'A deal moved to a won stage',
					},
					{ name: 'New Deal', value: 'new', description: 'A deal was created' },
				],
				default: ['new'],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					demoLanguageOption,
					{
						displayName: 'Overlap (Minutes)',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 10,
						description:
							'Each poll re-reads this many minutes before the previous one, so deals saved late are not missed. Duplicates are filtered out.',
					},
					{
						displayName: 'Pipeline Name or ID',
						name: 'pipelineId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getPipelines', loadOptionsDependsOn: ['/crm'] },
						default: '',
						description:
							'Only deals in this pipeline (empty = all pipelines). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					requestTimeoutOption,
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return loadPipelineOptions(this);
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const crm = this.getNodeParameter('crm') as string;
		const adapter = adapterFor(crm);
		if (!adapter) throw new NodeOperationError(this.getNode(), `The CRM "${crm}" is not supported`);
		const events = this.getNodeParameter('events', []) as DealEvent[];
		if (events.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No events are selected', {
				description: 'Choose at least one event, e.g. "New Deal".',
			});
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const overlapMs = Math.max(1, Number(options.overlapMinutes ?? 10)) * MINUTE;
		const pipelineId = options.pipelineId ? String(options.pipelineId) : null;
		const pollStartedAt = new Date();
		const state = this.getWorkflowStaticData('node') as { feed?: FeedState };

		let session: CrmSession | undefined;
		// A poll that fails, or meets a record it cannot read, ends before the cursor moves: the next poll re-reads.
		const list = async (from: Date) => {
			const deals = await adapter.listDeals(session as CrmSession, updatedSince(from, pipelineId));
			const bad = session?.badRecords?.[0];
			if (bad) throw bad;
			return deals;
		};
		return withCrmErrors(
			this,
			adapter,
			() => session?.redact,
			async () => {
				session = await openCrmSession(this, adapter, {
					language: options.demoLanguage === 'ru' ? 'ru' : 'en',
					now: pollStartedAt,
					timeoutMs: requestTimeoutMs(this, options.requestTimeout, 0),
				});
				if (this.getMode() === 'manual') {
					// A test run shows what the trigger emits without moving the cursor.
					const recent = await list(new Date(pollStartedAt.getTime() - SAMPLE_WINDOW_MS));
					const sample = recent
						.sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)))
						.map((deal) => ({ deal, event: sampleEvent(deal, events) }))
						.filter((change): change is { deal: Deal; event: DealEvent } => !!change.event)
						.slice(0, SAMPLE_SIZE);
					return sample.length ? toItems(sample) : null;
				}
				if (!state.feed) {
					state.feed = initialState(
						await list(new Date(pollStartedAt.getTime() - overlapMs)),
						pollStartedAt,
					);
					return null;
				}
				const deals = await list(windowStart(state.feed, overlapMs));
				const { changes, state: next } = detectChanges(
					deals,
					state.feed,
					pollStartedAt,
					overlapMs,
					events,
				);
				state.feed = next;
				return changes.length ? toItems(changes) : null;
			},
		);
	}
}

async function withCrmErrors<T>(
	ctx: IPollFunctions,
	adapter: CrmAdapter,
	redact: () => ((text: string) => string) | undefined,
	run: () => Promise<T>,
): Promise<T> {
	return run().catch((error: unknown) =>
		Promise.reject(toNodeError(ctx.getNode(), adapter, error, 0, redact())),
	);
}
