import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { describeValue, endOfRange, readDateInput } from '../shared/dateInput';
import type { DealStatus } from '../shared/model/deal';
import { toNodeError } from '../shared/crm/errors';
import { findMarked, markedText, writeKeyOf } from '../shared/crm/noteMarker';
import { adapterFor } from '../shared/crm/registry';
import { openCrmSession } from '../shared/crm/session';
import type { CrmAdapter, CrmSession, DateField, DealQuery } from '../shared/crm/types';
import { pullDeals } from '../shared/crm/firstContact';
import { firstContactOf, utmFieldKeys } from '../shared/crmParameters';
import { requestTimeoutMs } from '../shared/crm/requestTimeout';
import { periodOptions } from '../shared/periods';
import { resolvePeriod } from '../shared/report/dates';
import type { PeriodPreset } from '../shared/report/types';

interface Filters {
	dateField?: DateField;
	dateFrom?: unknown;
	dateTo?: unknown;
	ownerId?: string;
	pipelineId?: string;
	statuses?: DealStatus[];
}

const FIX_DATE =
	'Use a real calendar date like 2026-01-31 or a date-time like 2026-01-31T09:00:00Z, or an expression such as {{ $now.minus({ days: 30 }) }}.';

/**
 * A date filter as the user gave it (see readDateInput): ISO text, or a Date/DateTime from an expression. Text
 * without an offset is read in the workflow's time zone. `end`: a bare date (or the date picker's midnight) as the
 * end of the range includes that whole day.
 */
function parseDate(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	end = false,
): Date | null {
	if (value === undefined || value === null || value === '') return null;
	const input = readDateInput(value, ctx.getTimezone());
	if (input === null) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not a date: ${describeValue(value)}`, {
			itemIndex,
			description: FIX_DATE,
		});
	}
	return (end ? endOfRange(input) : input.value).toJSDate();
}

/** Limit, as typed or as an expression's result: a whole number ≥ 1 (also as text, e.g. "50"). */
function parseLimit(ctx: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const limit =
		typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : (value as number);
	if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Limit must be a whole number of 1 or more (got ${describeValue(value)})`,
			{
				itemIndex,
				description:
					'Enter how many records to return as a whole number, e.g. 50, or turn on "Return All".',
			},
		);
	}
	return limit;
}

/** The Deal parameter: a resource locator (by ID / by URL), or a plain ID in workflows made before it was one. */
function dealIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('dealId', itemIndex, '', { extractValue: true }) as unknown;
	return String(value ?? '').trim();
}

const PRESETS = new Set(periodOptions.map((option) => String(option.value)));
const DATE_FIELDS: DateField[] = ['createdAt', 'updatedAt', 'closedAt'];

/**
 * The Period parameter as a date range: a preset (resolved in the workflow's time zone, as the report does) or custom
 * dates. The Filters' Date From / Date To (for dates computed by an expression, and workflows made before Period
 * existed) apply while the period is "All Time"; both at once is an error rather than a guess.
 */
function readPeriod(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filters: Filters,
): { from: Date | null; to: Date | null; dateField: DateField } {
	const period = String(ctx.getNodeParameter('period', itemIndex, 'allTime'));
	const chosenField = ctx.getNodeParameter('periodDateField', itemIndex, 'createdAt') as DateField;
	if (!PRESETS.has(period)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Period" must be one of: ${[...PRESETS].join(', ')} (got "${period}")`,
			{
				itemIndex,
				description:
					'Choose a period from the list, or make the expression return one of these values.',
			},
		);
	}
	if (!DATE_FIELDS.includes(chosenField)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Period Applies To" must be one of: ${DATE_FIELDS.join(', ')} (got "${String(chosenField)}")`,
			{
				itemIndex,
				description: 'Choose Created Date, Last Update or Closed Date.',
			},
		);
	}
	if (period === 'allTime') {
		return {
			from: parseDate(ctx, filters.dateFrom, 'Date From', itemIndex),
			to: parseDate(ctx, filters.dateTo, 'Date To', itemIndex, true),
			dateField: filters.dateField ?? 'createdAt',
		};
	}
	if (filters.dateFrom || filters.dateTo) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Both a Period and Date From / Date To filters are set',
			{
				itemIndex,
				description:
					'Use one of them: set Period to "All Time" to keep the filters, or remove Date From and Date To from Filters.',
			},
		);
	}
	if (period === 'custom') {
		const from = parseDate(
			ctx,
			ctx.getNodeParameter('periodFrom', itemIndex, ''),
			'From',
			itemIndex,
		);
		const to = parseDate(
			ctx,
			ctx.getNodeParameter('periodTo', itemIndex, ''),
			'To',
			itemIndex,
			true,
		);
		if (from === null && to === null) {
			throw new NodeOperationError(ctx.getNode(), 'The custom period has no dates', {
				itemIndex,
				description:
					'Fill in From, To or both — or choose a preset such as "Last 30 Days", or "All Time" for every record.',
			});
		}
		return { from, to, dateField: chosenField };
	}
	const resolved = resolvePeriod({ preset: period as PeriodPreset }, new Date(), ctx.getTimezone());
	return {
		from: new Date(resolved.fromMs),
		// The resolved end is exclusive; a DealQuery's is inclusive.
		to: new Date(resolved.toMs - 1),
		dateField: chosenField,
	};
}

function readQuery(ctx: IExecuteFunctions, itemIndex: number, kind: 'deal' | 'lead'): DealQuery {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? null
		: parseLimit(ctx, ctx.getNodeParameter('limit', itemIndex, 50), itemIndex);
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as Filters;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { from, to, dateField } = readPeriod(ctx, itemIndex, filters);
	if (from && to && from > to) {
		throw new NodeOperationError(ctx.getNode(), 'Date From is later than Date To', {
			itemIndex,
			description: 'Swap the two dates, or clear one of them.',
		});
	}
	return {
		kind,
		dateField: from || to ? dateField : null,
		from,
		to,
		pipelineId: kind === 'deal' && filters.pipelineId ? String(filters.pipelineId) : null,
		ownerId: filters.ownerId ? String(filters.ownerId) : null,
		statuses: filters.statuses ?? [],
		limit,
		includeRaw: options.includeRaw === true,
		utmFieldKeys: utmFieldKeys(options),
		firstContact: firstContactOf(ctx, options.firstContact, itemIndex),
	};
}

async function runOne(
	ctx: IExecuteFunctions,
	adapter: CrmAdapter,
	session: CrmSession,
	resource: string,
	operation: string,
	itemIndex: number,
): Promise<IDataObject[]> {
	const key = `${resource}:${operation}`;
	switch (key) {
		case 'deal:getAll':
		case 'lead:getAll': {
			const kind = resource === 'lead' ? 'lead' : 'deal';
			if (kind === 'lead' && !adapter.supports.leads) {
				throw new NodeOperationError(
					ctx.getNode(),
					`${adapter.displayName} has no separate list of leads`,
					{
						itemIndex,
						description:
							adapter.id === 'amocrm'
								? 'amoCRM and Kommo call their deals "leads" (сделки): choose the resource "Deal" to get them.'
								: 'Choose the resource "Deal".',
					},
				);
			}
			return (await pullDeals(
				adapter,
				session,
				readQuery(ctx, itemIndex, kind),
			)) as unknown as IDataObject[];
		}
		case 'deal:get': {
			const id = dealIdOf(ctx, itemIndex);
			const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const deal = await adapter.getDeal(
				session,
				id,
				options.includeRaw === true,
				utmFieldKeys(options),
			);
			return [deal as unknown as IDataObject];
		}
		case 'pipeline:getAll':
			return (await adapter.listPipelines(session)) as unknown as IDataObject[];
		case 'user:getAll':
			return (await adapter.listUsers(session)) as unknown as IDataObject[];
		case 'lossReason:getAll':
			// An empty output would read as "no reasons yet"; these CRMs keep the reason as text on each deal.
			if (!adapter.supports.lossReasons) {
				throw new NodeOperationError(
					ctx.getNode(),
					`${adapter.displayName} has no list of loss reasons`,
					{
						itemIndex,
						description:
							'Its API keeps the reason as free text on each lost deal: get deals with the status "Lost" and read their lostReason field.',
					},
				);
			}
			return (await adapter.listLossReasons(session)) as unknown as IDataObject[];
		case 'note:create': {
			if (!adapter.createNote) {
				throw new NodeOperationError(
					ctx.getNode(),
					`${adapter.displayName} does not support notes yet`,
					{ itemIndex },
				);
			}
			const dealId = dealIdOf(ctx, itemIndex);
			const text = String(ctx.getNodeParameter('noteText', itemIndex, '')).trim();
			if (!dealId || !text) {
				throw new NodeOperationError(ctx.getNode(), 'A note needs a Deal ID and a text', {
					itemIndex,
					description: 'Fill in both fields, e.g. map the deal ID from the previous node.',
				});
			}
			const noteOptions = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
			if (noteOptions.skipIfWritten !== true) {
				return [(await adapter.createNote(session, { dealId, text })) as unknown as IDataObject];
			}
			return [(await createNoteOnce(ctx, itemIndex, adapter, session, dealId, text, noteOptions)) as IDataObject];
		}
		default:
			throw new NodeOperationError(
				ctx.getNode(),
				`The operation "${operation}" is not known for "${resource}"`,
				{
					itemIndex,
				},
			);
	}
}

/**
 * Note → Create with "Skip If Already Written" (crm/noteMarker.ts): the note carries a marker with the Write Key,
 * and is written only when none of the deal's notes carries it yet. The output says which happened (`skipped`).
 */
async function createNoteOnce(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: CrmAdapter,
	session: CrmSession,
	dealId: string,
	text: string,
	options: IDataObject,
) {
	if (!adapter.listNotes || !adapter.createNote) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${adapter.displayName} cannot read a deal's notes here, so "Skip If Already Written" is not available for it`,
			{ itemIndex, description: 'Turn the option off to write the note without the check.' },
		);
	}
	const key = writeKeyOf(text, typeof options.writeKey === 'string' ? options.writeKey : '');
	const marked = markedText(text, key);
	const existing = findMarked(await adapter.listNotes(session, dealId), key);
	if (existing) {
		return {
			id: existing.id,
			dealId,
			text: marked,
			crm: adapter.id,
			createdAt: existing.createdAt,
			writeKey: key,
			skipped: true,
		};
	}
	const created = await adapter.createNote(session, { dealId, text: marked });
	return { ...created, writeKey: key, skipped: false };
}

/** Items that share CRM, language and timeout share one session (one set of look-ups, one rate budget). */
function sessionKeyOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return [
		ctx.getNodeParameter('crm', itemIndex),
		options.demoLanguage === 'ru' ? 'ru' : 'en',
		options.requestTimeout ?? '',
	].join(':');
}

/**
 * Runs the chosen operation once per input item; one CRM session (and so one set of look-ups and one rate
 * budget) serves every item of the execution.
 */
export async function executeCrmSalesData(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	const sessions = new Map<string, Promise<CrmSession>>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const crm = ctx.getNodeParameter('crm', itemIndex) as string;
		const adapter = adapterFor(crm);
		try {
			if (!adapter) {
				throw new NodeOperationError(ctx.getNode(), `The CRM "${crm}" is not supported`, {
					itemIndex,
					description: 'Choose one of the CRMs in the "CRM" list.',
				});
			}
			const resource = ctx.getNodeParameter('resource', itemIndex) as string;
			const operation = ctx.getNodeParameter('operation', itemIndex) as string;
			const sessionKey = sessionKeyOf(ctx, itemIndex);
			let session = sessions.get(sessionKey);
			if (!session) {
				const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
				session = openCrmSession(ctx, adapter, {
					language: options.demoLanguage === 'ru' ? 'ru' : 'en',
					timeoutMs: requestTimeoutMs(ctx, options.requestTimeout, itemIndex),
				});
				sessions.set(sessionKey, session);
			}
			const open = await session;
			const records = await runOne(ctx, adapter, open, resource, operation, itemIndex);
			// Records the CRM sent in a shape that cannot be read: loud by default, one error item each on Continue On Fail.
			const bad = open.badRecords?.splice(0) ?? [];
			if (bad.length > 0 && !ctx.continueOnFail()) throw bad[0];
			for (const json of records) out.push({ json, pairedItem: { item: itemIndex } });
			for (const record of bad) {
				const nodeError = toNodeError(ctx.getNode(), adapter, record, itemIndex, open.redact);
				out.push({
					json: { error: nodeError.message, description: nodeError.description ?? null },
					pairedItem: { item: itemIndex },
				});
			}
		} catch (error) {
			const redact = adapter
				? (await sessions.get(sessionKeyOf(ctx, itemIndex))?.catch(() => null))?.redact
				: undefined;
			const nodeError = adapter
				? toNodeError(ctx.getNode(), adapter, error, itemIndex, redact)
				: (error as NodeOperationError);
			if (ctx.continueOnFail()) {
				out.push({
					json: {
						error: nodeError.message,
						description: nodeError.description ?? null,
					},
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [out];
}
