import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toNodeError } from '../shared/crm/errors';
import { streamDeals } from '../shared/crm/firstContact';
import { adapterFor } from '../shared/crm/registry';
import { requestTimeoutMs } from '../shared/crm/requestTimeout';
import { openCrmSession } from '../shared/crm/session';
import { dealQuery } from '../shared/crm/types';
import type { CrmSession } from '../shared/crm/types';
import { firstContactOf, utmFieldKeys } from '../shared/crmParameters';
import type { Deal, NamedRef, Utm } from '../shared/model/deal';
import type { ReportRequest } from '../shared/report';
import { REPORTS, resolvePeriod } from '../shared/report';

/**
 * "Deals: Pull From the CRM": the report reads the deals itself, through the same adapters, session, pacing and
 * retries as CRM Sales Data, page by page (crm/firstContact.ts `streamDeals`). No n8n item is made per deal — that
 * is what costs gigabytes in n8n (issue 13) — and no raw CRM record outlives its page: each page's deals go into
 * columns (DealColumns) that the report scans once as its deal list.
 */

export const DEAL_SOURCES = ['items', 'crm'] as const;
export type DealSource = (typeof DEAL_SOURCES)[number];

interface CrmFilters {
	ownerId?: unknown;
	pipelineId?: unknown;
}

/** Small dictionaries: a million deals carry a few hundred owners, stages, sources, reasons and UTM sets. */
class Dictionary<T> {
	readonly values: T[] = [];
	private readonly codes = new Map<string, number>();

	code(value: T, key: string): number {
		let code = this.codes.get(key);
		if (code === undefined) {
			code = this.values.length;
			this.values.push(value);
			this.codes.set(key, code);
		}
		return code;
	}
}

const NONE = '\u0001';
const refKey = (ref: NamedRef | null) =>
	ref === null ? NONE : `${ref.id}\u0000${ref.name ?? NONE}`;
const textKey = (text: string | null) => (text === null ? NONE : `=${text}`);
const DATE_FIELDS = ['createdAt', 'updatedAt', 'closedAt', 'firstContactAt'] as const;

/**
 * The pulled deals, kept as columns: repeated values (owner, pipeline, stage, status, currency, source, lost reason,
 * UTM set) as codes into small dictionaries, dates as epoch milliseconds, only id, title and link as text. About a
 * third of the memory of the deal objects themselves — what lets 1,000,000 deals fit in an n8n under 1 GB. `list()`
 * reads as the `Deal[]` the reports scan: each element is made when it is read, with every field as the adapter
 * gave it (dates the adapters wrote as ISO UTC are rebuilt exactly; any other text is kept as it came).
 */
export class DealColumns {
	private readonly ids: string[] = [];
	private readonly titles: Array<string | null> = [];
	private readonly urls: Array<string | null> = [];
	private readonly amounts: number[] = [];
	private readonly dates = DATE_FIELDS.map(() => [] as number[]);
	/** Dates that do not round-trip through milliseconds, by field and position. */
	private readonly dateTexts = new Map<string, string | null>();
	private readonly shared: number[] = [];
	private readonly refs = new Dictionary<NamedRef | null>();
	private readonly texts = new Dictionary<string | null>();
	private readonly utms = new Dictionary<Utm>();
	private readonly kinds = new Dictionary<Pick<Deal, 'crm' | 'kind' | 'status'>>();
	/** Codes per deal: kind/crm/status, currency, pipeline, stage, owner, lost reason, source, UTM. */
	private static readonly WIDTH = 8;

	get length(): number {
		return this.ids.length;
	}

	push(deal: Deal): void {
		const index = this.ids.length;
		this.ids.push(deal.id);
		this.titles.push(deal.title);
		this.urls.push(deal.url);
		this.amounts.push(deal.amount === null ? NaN : deal.amount);
		for (let field = 0; field < DATE_FIELDS.length; field++) {
			const text = deal[DATE_FIELDS[field]];
			// The adapters write dates as toISOString() does ("2026-01-31T09:00:00.000Z"), which rebuilds exactly.
			if (text !== null && text.length === 24 && text.charCodeAt(23) === 90) {
				const ms = Date.parse(text);
				if (!Number.isNaN(ms)) {
					this.dates[field].push(ms);
					continue;
				}
			}
			if (text !== null) this.dateTexts.set(`${field}:${index}`, text);
			this.dates[field].push(NaN);
		}
		const { crm, kind, status, utm } = deal;
		this.shared.push(
			this.kinds.code({ crm, kind, status }, `${crm}:${kind}:${status}`),
			this.texts.code(deal.currency, textKey(deal.currency)),
			this.refs.code(deal.pipeline, `p${refKey(deal.pipeline)}`),
			this.refs.code(deal.stage, `s${refKey(deal.stage)}`),
			this.refs.code(deal.owner, `o${refKey(deal.owner)}`),
			this.texts.code(deal.lostReason, textKey(deal.lostReason)),
			this.texts.code(deal.source, textKey(deal.source)),
			this.utms.code(
				utm,
				`${textKey(utm.source)}\u0000${textKey(utm.medium)}\u0000${textKey(utm.campaign)}\u0000${textKey(utm.content)}\u0000${textKey(utm.term)}`,
			),
		);
	}

	private date(field: number, index: number): string | null {
		const ms = this.dates[field][index];
		if (ms === ms) return new Date(ms).toISOString();
		if (this.dateTexts.size === 0) return null;
		return this.dateTexts.get(`${field}:${index}`) ?? null;
	}

	/** The deal at `index`, as a new object (a report may keep it). */
	deal(index: number): Deal {
		const at = index * DealColumns.WIDTH;
		const codes = this.shared;
		const kind = this.kinds.values[codes[at]];
		const amount = this.amounts[index];
		return {
			id: this.ids[index],
			crm: kind.crm,
			kind: kind.kind,
			title: this.titles[index],
			amount: Number.isNaN(amount) ? null : amount,
			currency: this.texts.values[codes[at + 1]],
			pipeline: this.copyRef(codes[at + 2]),
			stage: this.copyRef(codes[at + 3]),
			status: kind.status,
			lostReason: this.texts.values[codes[at + 5]],
			source: this.texts.values[codes[at + 6]],
			utm: { ...this.utms.values[codes[at + 7]] },
			owner: this.copyRef(codes[at + 4]),
			createdAt: this.date(0, index),
			updatedAt: this.date(1, index),
			closedAt: this.date(2, index),
			firstContactAt: this.date(3, index),
			url: this.urls[index],
		};
	}

	private copyRef(code: number): NamedRef | null {
		const ref = this.refs.values[code];
		return ref === null ? null : { id: ref.id, name: ref.name };
	}

	/** The deals as the read-only array the reports scan (`deals[i]`, `length`, iteration). */
	list(): Deal[] {
		const length = this.length;
		const target: Deal[] = [];
		target.length = length;
		return new Proxy(target, {
			get: (object, property, receiver) => {
				if (typeof property === 'string') {
					const first = property.charCodeAt(0);
					if (first >= 48 && first <= 57) {
						const index = Number(property);
						if (Number.isInteger(index) && index < length) return this.deal(index);
					} else if (property === 'length') return length;
				}
				return Reflect.get(object, property, receiver);
			},
			has: (object, property) => {
				if (typeof property === 'string' && /^\d+$/.test(property))
					return Number(property) < length;
				return Reflect.has(object, property);
			},
			set: () => false,
		});
	}
}

export function readDealSource(context: IExecuteFunctions): DealSource {
	const value = context.getNodeParameter('dealSource', 0, 'items') as unknown;
	if ((DEAL_SOURCES as readonly unknown[]).includes(value)) return value as DealSource;
	throw new NodeOperationError(
		context.getNode(),
		`"Deals" must be one of: ${DEAL_SOURCES.join(', ')} (got ${JSON.stringify(value)})`,
		{ itemIndex: 0, description: 'Choose From Input Items or Pull From the CRM.' },
	);
}

/**
 * Pulls every deal the report's period needs from the chosen CRM. The report's own period (in its time zone, at its
 * "now") becomes the CRM's created-date filter when the report picks deals by creation date, so the CRM sends no deal the
 * report would leave out; the scan applies
 * the period again, exactly as for input items. A failed pull fails the node with the CRM's name and what to do.
 */
export async function pullReportDeals(
	context: IExecuteFunctions,
	request: ReportRequest,
): Promise<Deal[]> {
	const crm = context.getNodeParameter('crm', 0, 'demo') as string;
	const adapter = adapterFor(crm);
	if (!adapter) {
		throw new NodeOperationError(context.getNode(), `The CRM "${crm}" is not supported`, {
			itemIndex: 0,
			description: 'Choose one of the CRMs in the "CRM" list.',
		});
	}
	const filters = context.getNodeParameter('crmFilters', 0, {}) as CrmFilters;
	const options = context.getNodeParameter('crmOptions', 0, {}) as IDataObject;
	const now = request.now ?? new Date();
	// The scan and the CRM filter must agree on "now" (relative periods, deals still waiting for contact).
	request.now = now;
	const period = resolvePeriod(
		request.period ?? { preset: 'allTime' },
		now,
		request.timezone ?? 'UTC',
	);
	// Only a report whose period picks deals by creation date may narrow the pull by it (team wins goes by closing
	// date, brief impact by windows around the release): for the others the CRM sends every deal.
	const byCreation =
		(REPORTS[request.report] as { periodByCreation?: boolean }).periodByCreation !== false;
	const bounded = byCreation && (period.fromMs !== -Infinity || period.toMs !== Infinity);
	const query = dealQuery({
		kind: 'deal',
		dateField: bounded ? 'createdAt' : null,
		from: period.fromMs === -Infinity ? null : new Date(period.fromMs),
		// The resolved end is exclusive; a DealQuery's is inclusive.
		to: period.toMs === Infinity ? null : new Date(period.toMs - 1),
		pipelineId: filters.pipelineId ? String(filters.pipelineId) : null,
		ownerId: filters.ownerId ? String(filters.ownerId) : null,
		utmFieldKeys: utmFieldKeys(options),
		firstContact: firstContactOf(context, options.firstContact, 0),
	});
	let session: CrmSession | undefined;
	try {
		session = await openCrmSession(context, adapter, {
			language: options.demoLanguage === 'ru' ? 'ru' : 'en',
			timeoutMs: requestTimeoutMs(context, options.requestTimeout, 0),
		});
		const open = session;
		const deals = new DealColumns();
		await streamDeals(adapter, open, query, (page) => {
			// A record the CRM sent in a shape that cannot be read fails the report: it would be missing from it.
			const bad = open.badRecords?.splice(0) ?? [];
			if (bad.length > 0) throw bad[0];
			for (const deal of page) deals.push(deal);
		});
		const bad = open.badRecords?.splice(0) ?? [];
		if (bad.length > 0) throw bad[0];
		return deals.list();
	} catch (error) {
		throw toNodeError(context.getNode(), adapter, error, 0, session?.redact);
	}
}
