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
import { resolvePeriod } from '../shared/report';

/**
 * "Deals: Pull From the CRM": the report reads the deals itself, through the same adapters, session, pacing and
 * retries as CRM Sales Data, page by page (crm/firstContact.ts `streamDeals`). No n8n item is made per deal — that
 * is what costs gigabytes in n8n (issue 13) — and no raw CRM record outlives its page: each page's deals are
 * compacted (repeated texts and owner/pipeline/stage/UTM objects shared) into the one list the report scans once.
 */

export const DEAL_SOURCES = ['items', 'crm'] as const;
export type DealSource = (typeof DEAL_SOURCES)[number];

interface CrmFilters {
	ownerId?: unknown;
	pipelineId?: unknown;
}

/** Shares equal values between deals: a million deals carry a few hundred owners, stages, sources and reasons. */
class Interner {
	private readonly texts = new Map<string, string>();
	private readonly refs = new Map<string, NamedRef>();
	private readonly utms = new Map<string, Utm>();

	text<T extends string | null>(value: T): T {
		if (value === null) return value;
		const known = this.texts.get(value);
		if (known !== undefined) return known as T;
		this.texts.set(value, value);
		return value;
	}

	ref(value: NamedRef | null, kind: string): NamedRef | null {
		if (value === null) return null;
		const key = `${kind}\u0000${value.id}\u0000${value.name ?? '\u0001'}`;
		const known = this.refs.get(key);
		if (known !== undefined) return known;
		const shared = Object.freeze({ id: value.id, name: value.name }) as NamedRef;
		this.refs.set(key, shared);
		return shared;
	}

	utm(value: Utm): Utm {
		const key = [value.source, value.medium, value.campaign, value.content, value.term]
			.map((part) => (part === null ? '\u0001' : part))
			.join('\u0000');
		const known = this.utms.get(key);
		if (known !== undefined) return known;
		const shared = Object.freeze({ ...value }) as Utm;
		this.utms.set(key, shared);
		return shared;
	}
}

/** The deal with its repeated parts shared; every field keeps its value (the report reads the same deal). */
function compact(deal: Deal, interner: Interner): Deal {
	return {
		id: deal.id,
		crm: deal.crm,
		kind: deal.kind,
		title: deal.title,
		amount: deal.amount,
		currency: interner.text(deal.currency),
		pipeline: interner.ref(deal.pipeline, 'p'),
		stage: interner.ref(deal.stage, 's'),
		status: deal.status,
		lostReason: interner.text(deal.lostReason),
		source: interner.text(deal.source),
		utm: interner.utm(deal.utm),
		owner: interner.ref(deal.owner, 'o'),
		createdAt: deal.createdAt,
		updatedAt: deal.updatedAt,
		closedAt: deal.closedAt,
		firstContactAt: deal.firstContactAt,
		url: deal.url,
	};
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
 * "now") becomes the CRM's created-date filter, so the CRM sends no deal the report would leave out; the scan applies
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
	const bounded = period.fromMs !== -Infinity || period.toMs !== Infinity;
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
		const interner = new Interner();
		const deals: Deal[] = [];
		await streamDeals(adapter, open, query, (page) => {
			// A record the CRM sent in a shape that cannot be read fails the report: it would be missing from it.
			const bad = open.badRecords?.splice(0) ?? [];
			if (bad.length > 0) throw bad[0];
			for (const deal of page) deals.push(compact(deal, interner));
		});
		const bad = open.badRecords?.splice(0) ?? [];
		if (bad.length > 0) throw bad[0];
		return deals;
	} catch (error) {
		throw toNodeError(context.getNode(), adapter, error, 0, session?.redact);
	}
}
