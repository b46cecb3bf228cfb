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
import { isoFromMs } from '../shared/model/deal';
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

/** A column of numbers that grows as deals arrive: a typed array, so a million of them cost 8 bytes each and no GC. */
class NumberColumn<T extends Float64Array | Int32Array> {
	length = 0;

	constructor(
		public values: T,
		private readonly make: (size: number) => T,
	) {}

	push(value: number): void {
		if (this.length === this.values.length) {
			const grown = this.make(this.values.length * 2);
			grown.set(this.values);
			this.values = grown;
		}
		this.values[this.length++] = value;
	}
}

const floats = () => new NumberColumn(new Float64Array(1024), (size) => new Float64Array(size));
const ints = () => new NumberColumn(new Int32Array(1024), (size) => new Int32Array(size));

type Part = string | null | undefined;

/**
 * Small dictionaries: a million deals carry a few hundred owners, stages, sources, reasons and UTM sets. Looked up
 * by the values themselves through nested maps, one level per part (`depth` parts), so reading a deal allocates
 * neither a key nor a closure.
 */
class Dictionary<T> {
	readonly values: T[] = [];
	private readonly root = new Map<Part, unknown>();

	constructor(private readonly depth: number) {}

	/** The code of the value with these parts, or -1. */
	find(a: Part, b?: Part, c?: Part, d?: Part, e?: Part): number {
		let level = this.root;
		const depth = this.depth;
		if (depth > 1) {
			level = level.get(a) as Map<Part, unknown>;
			if (level === undefined) return -1;
			a = b;
			if (depth > 2) {
				level = level.get(b) as Map<Part, unknown>;
				if (level === undefined) return -1;
				a = c;
				if (depth > 3) {
					level = level.get(c) as Map<Part, unknown>;
					if (level === undefined) return -1;
					a = d;
					if (depth > 4) {
						level = level.get(d) as Map<Part, unknown>;
						if (level === undefined) return -1;
						a = e;
					}
				}
			}
		}
		const code = level.get(a) as number | undefined;
		return code === undefined ? -1 : code;
	}

	/** Adds a value not found yet under these parts; returns its code. */
	add(value: T, ...parts: Part[]): number {
		let level = this.root;
		for (let i = 0; i < this.depth - 1; i++) {
			let next = level.get(parts[i]) as Map<Part, unknown> | undefined;
			if (next === undefined) {
				next = new Map();
				level.set(parts[i], next);
			}
			level = next;
		}
		const code = this.values.length;
		this.values.push(value);
		level.set(parts[this.depth - 1], code);
		return code;
	}
}

const DATE_FIELDS = ['createdAt', 'updatedAt', 'closedAt', 'firstContactAt'] as const;
/** An id written as a plain whole number ("1042"), which a number column holds exactly. */
const NUMERIC_ID = /^(0|[1-9]\d{0,14})$/;
/** `urlCodes`: no link; a link that is not "prefix + id" (kept in `urlTexts`). Codes ≥ 0 name a prefix. */
const NO_URL = -1;
const OTHER_URL = -2;

function copyRef(ref: NamedRef | null): NamedRef | null {
	return ref === null ? null : { id: ref.id, name: ref.name };
}

/**
 * The pulled deals, kept as columns: repeated values (owner, pipeline, stage, status, currency, source, lost reason,
 * UTM set, the link's prefix) as codes into small dictionaries, numeric ids, amounts and dates (epoch milliseconds)
 * in typed arrays; only titles stay text. A link that is the CRM's address plus the id is kept as its prefix's code.
 * About 120 bytes a deal instead of the deal objects' 1–2 KB — what lets a million deals fit in an n8n under 1 GB.
 * `list()` reads as the `Deal[]` the reports scan: each element is made when it is read, with every field as the
 * adapter gave it (dates the adapters wrote as ISO UTC are rebuilt exactly; any other text is kept as it came).
 */
export class DealColumns {
	private readonly numericIds = floats();
	/** Ids that are not plain whole numbers, by position. */
	private readonly textIds = new Map<number, string>();
	private readonly titles: Array<string | null> = [];
	private readonly urlCodes = ints();
	private readonly urlTexts = new Map<number, string>();
	private readonly amounts = floats();
	private readonly dates = DATE_FIELDS.map(floats);
	/** Dates that do not round-trip through milliseconds, by field and position. */
	private readonly dateTexts = new Map<string, string | null>();
	private readonly shared = ints();
	private readonly pipelines = new Dictionary<NamedRef | null>(2);
	private readonly stages = new Dictionary<NamedRef | null>(2);
	private readonly owners = new Dictionary<NamedRef | null>(2);
	private readonly texts = new Dictionary<string | null>(1);
	private readonly utms = new Dictionary<Utm>(5);
	private readonly kinds = new Dictionary<Pick<Deal, 'crm' | 'kind' | 'status'>>(3);
	private readonly urlPrefixes = new Dictionary<string>(1);
	/** Codes per deal: kind/crm/status, currency, pipeline, stage, owner, lost reason, source, UTM. */
	private static readonly WIDTH = 8;

	get length(): number {
		return this.titles.length;
	}

	push(deal: Deal): void {
		const index = this.titles.length;
		const id = deal.id;
		if (NUMERIC_ID.test(id)) this.numericIds.push(Number(id));
		else {
			this.numericIds.push(NaN);
			this.textIds.set(index, id);
		}
		this.titles.push(deal.title);
		const url = deal.url;
		if (url === null) this.urlCodes.push(NO_URL);
		else if (url.length > id.length && url.endsWith(id)) {
			const prefix = url.slice(0, url.length - id.length);
			const code = this.urlPrefixes.find(prefix);
			this.urlCodes.push(code >= 0 ? code : this.urlPrefixes.add(prefix, prefix));
		} else {
			this.urlCodes.push(OTHER_URL);
			this.urlTexts.set(index, url);
		}
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
		const shared = this.shared;
		let code = this.kinds.find(crm, kind, status);
		shared.push(code >= 0 ? code : this.kinds.add({ crm, kind, status }, crm, kind, status));
		shared.push(this.text(deal.currency));
		shared.push(this.ref(this.pipelines, deal.pipeline));
		shared.push(this.ref(this.stages, deal.stage));
		shared.push(this.ref(this.owners, deal.owner));
		shared.push(this.text(deal.lostReason));
		shared.push(this.text(deal.source));
		code = this.utms.find(utm.source, utm.medium, utm.campaign, utm.content, utm.term);
		shared.push(
			code >= 0
				? code
				: this.utms.add({ ...utm }, utm.source, utm.medium, utm.campaign, utm.content, utm.term),
		);
	}

	private text(value: string | null): number {
		const code = this.texts.find(value);
		return code >= 0 ? code : this.texts.add(value, value);
	}

	private ref(refs: Dictionary<NamedRef | null>, ref: NamedRef | null): number {
		if (ref === null) {
			const code = refs.find(null, null);
			return code >= 0 ? code : refs.add(null, null, null);
		}
		const code = refs.find(ref.id, ref.name);
		return code >= 0 ? code : refs.add({ id: ref.id, name: ref.name }, ref.id, ref.name);
	}

	private date(field: number, index: number): string | null {
		const ms = this.dates[field].values[index];
		if (ms === ms) return isoFromMs(ms);
		if (this.dateTexts.size === 0) return null;
		return this.dateTexts.get(`${field}:${index}`) ?? null;
	}

	private id(index: number): string {
		const numeric = this.numericIds.values[index];
		return numeric === numeric ? String(numeric) : (this.textIds.get(index) as string);
	}

	private url(index: number, id: string): string | null {
		const code = this.urlCodes.values[index];
		if (code >= 0) return this.urlPrefixes.values[code] + id;
		return code === NO_URL ? null : (this.urlTexts.get(index) as string);
	}

	/** The deal at `index`, as a new object (a report may keep it). */
	deal(index: number): Deal {
		const at = index * DealColumns.WIDTH;
		const codes = this.shared.values;
		const kind = this.kinds.values[codes[at]];
		const amount = this.amounts.values[index];
		const id = this.id(index);
		return {
			id,
			crm: kind.crm,
			kind: kind.kind,
			title: this.titles[index],
			amount: amount === amount ? amount : null,
			currency: this.texts.values[codes[at + 1]],
			pipeline: copyRef(this.pipelines.values[codes[at + 2]]),
			stage: copyRef(this.stages.values[codes[at + 3]]),
			status: kind.status,
			lostReason: this.texts.values[codes[at + 5]],
			source: this.texts.values[codes[at + 6]],
			utm: { ...this.utms.values[codes[at + 7]] },
			owner: copyRef(this.owners.values[codes[at + 4]]),
			createdAt: this.date(0, index),
			updatedAt: this.date(1, index),
			closedAt: this.date(2, index),
			firstContactAt: this.date(3, index),
			url: this.url(index, id),
		};
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
