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
import { detectChanges, detectContacts, initialState, windowStart } from '../shared/crm/changeFeed';
import { pullDeals } from '../shared/crm/firstContact';
import type { FirstContactMode } from '../shared/crm/firstContact';
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
						name: 'Deal Contacted',
						value: 'contacted',
						description:
							'The first contact with a new deal was recorded (uses Options → First Contact; for SLA watches)',
					},
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
					{
						displayName: 'First Contact',
						name: 'firstContact',
						type: 'options',
						options: [
							{ name: 'First Human Touch', value: 'humanTouch' },
							{ name: 'First Stage Change', value: 'stageChange' },
						],
						default: 'humanTouch',
						description:
							'For "Deal Contacted": what counts as the first contact (see docs/first-contact.md). Costs extra requests on each poll.',
					},
					{
						displayName: 'Watch New Deals For (Hours)',
						name: 'contactWatchHours',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 720 },
						default: 24,
						description:
							'For "Deal Contacted": how long after creation a deal is watched for its first contact',
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
		const watchContacts = events.includes('contacted');
		const firstContact = watchContacts ? contactMode(this, options.firstContact) : 'off';
		const watchFrom = new Date(
			pollStartedAt.getTime() - contactWatchMs(this, options.contactWatchHours),
		);
		const read = async (query: DealQuery) => {
			const deals = await pullDeals(adapter, session as CrmSession, query);
			const bad = session?.badRecords?.[0];
			if (bad) throw bad;
			return deals;
		};
		const list = (from: Date) => read(updatedSince(from, pipelineId));
		// The deals a "Deal Contacted" watch looks at: created inside the window, with their first contact.
		const recent = () =>
			read(dealQuery({ dateField: 'createdAt', from: watchFrom, pipelineId, firstContact }));
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
					if (watchContacts) {
						// A sample of what "Deal Contacted" emits: the latest first contacts in the watch window.
						const contacted = (await recent())
							.filter((deal) => deal.firstContactAt !== null)
							.sort((a, b) => String(b.firstContactAt).localeCompare(String(a.firstContactAt)))
							.slice(0, SAMPLE_SIZE)
							.map((deal) => ({ deal, event: 'contacted' as DealEvent }));
						if (contacted.length) return toItems(contacted);
					}
					const updated = await list(new Date(pollStartedAt.getTime() - SAMPLE_WINDOW_MS));
					const sample = updated
						.sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)))
						.map((deal) => ({ deal, event: sampleEvent(deal, events) }))
						.filter((change): change is { deal: Deal; event: DealEvent } => !!change.event)
						.slice(0, SAMPLE_SIZE);
					return sample.length ? toItems(sample) : null;
				}
				if (!state.feed) {
					const feed = initialState(
						await list(new Date(pollStartedAt.getTime() - overlapMs)),
						pollStartedAt,
					);
					// Contacts already recorded when watching begins are history, not news.
					if (watchContacts)
						feed.contacted = detectContacts(await recent(), {}, watchFrom, false).contacted;
					state.feed = feed;
					return null;
				}
				const deals = await list(windowStart(state.feed, overlapMs));
				const contacts = watchContacts
					? detectContacts(await recent(), state.feed.contacted, watchFrom, true)
					: null;
				const { changes, state: next } = detectChanges(
					deals,
					state.feed,
					pollStartedAt,
					overlapMs,
					events.filter((event) => event !== 'contacted'),
				);
				if (contacts) next.contacted = contacts.contacted;
				state.feed = next;
				const all = [...changes, ...(contacts?.changes ?? [])];
				return all.length ? toItems(all) : null;
			},
		);
	}
}

function contactMode(ctx: IPollFunctions, value: unknown): Exclude<FirstContactMode, 'off'> {
	if (value === undefined || value === null || value === '') return 'humanTouch';
	if (value === 'humanTouch' || value === 'stageChange') return value;
	throw new NodeOperationError(
		ctx.getNode(),
		`"First Contact" must be humanTouch or stageChange (got "${String(value)}")`,
		{
			description: 'Choose First Human Touch or First Stage Change in Options.',
		},
	);
}

function contactWatchMs(ctx: IPollFunctions, value: unknown): number {
	const hours = value === undefined || value === null || value === '' ? 24 : Number(value);
	if (!Number.isFinite(hours) || hours <= 0 || hours > 720) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Watch New Deals For (Hours)" must be a number from 1 to 720 (got "${String(value)}")`,
			{
				description:
					'Enter how many hours after creation a deal is watched for its first contact, e.g. 24.',
			},
		);
	}
	return hours * 60 * MINUTE;
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
