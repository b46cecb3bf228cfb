import type { CreatedNote, CrmAdapter, CrmSession, DealQuery, NoteInput } from '../types';
import { DealNotFoundError, matchesQuery } from '../types';
import type { Deal } from '../../model/deal';
import { DEMO_UI_URL, generateDemoDataset, truncateToUtcHour } from './dataset';
import type { DemoDataset } from './dataset';

/**
 * The built-in Demo CRM: answers from the generated dataset (dataset.ts), in memory, with no account and no
 * network. The data depends only on the session's hour, language and UI URL.
 */

interface CachedDataset {
	key: string;
	dataset: DemoDataset;
	/** Deals and leads by id (their ids never overlap). */
	byId: Map<string, Deal>;
}

/**
 * Derived, deterministic data rather than state: two entries cover an execution that straddles an hour boundary
 * or runs both languages, without letting memory grow.
 */
const MAX_CACHED_DATASETS = 2;
/** Deals per page when the pull streams (`DealQuery.onDeals`): the size of a real CRM's page. */
const DEMO_PAGE_SIZE = 250;
const datasetCache: CachedDataset[] = [];

function datasetFor(session: CrmSession): CachedDataset {
	const uiUrl = session.uiUrl || DEMO_UI_URL;
	const key = `${truncateToUtcHour(session.now).getTime()}|${session.language}|${uiUrl}`;
	const hit = datasetCache.find((entry) => entry.key === key);
	if (hit) return hit;
	const dataset = generateDemoDataset({ now: session.now, language: session.language, uiUrl });
	const byId = new Map<string, Deal>();
	for (const record of dataset.deals) byId.set(record.id, record);
	for (const record of dataset.leads) byId.set(record.id, record);
	const entry = { key, dataset, byId };
	datasetCache.unshift(entry);
	datasetCache.length = Math.min(datasetCache.length, MAX_CACHED_DATASETS);
	return entry;
}

/** The cached records share frozen nested objects; callers get their own, freely editable copies. */
function copyDeal(deal: Deal, includeRaw: boolean): Deal {
	const copy: Deal = {
		...deal,
		pipeline: deal.pipeline && { ...deal.pipeline },
		stage: deal.stage && { ...deal.stage },
		utm: { ...deal.utm },
		owner: deal.owner && { ...deal.owner },
	};
	if (includeRaw) copy.raw = copyDeal(deal, false);
	return copy;
}

/** Notes live as long as the session object: one execution, never shared between executions. */
const notesBySession = new WeakMap<CrmSession, CreatedNote[]>();

/** Notes created in this session, oldest first (for tests and for showing what a workflow wrote). */
export function demoNotes(session: CrmSession): CreatedNote[] {
	return (notesBySession.get(session) ?? []).map((note) => ({ ...note }));
}

export const demoAdapter: CrmAdapter = {
	id: 'demo',
	displayName: 'Demo CRM',
	credentialType: null,
	secretFields: [],
	// Nothing goes over the network, so the policy never makes anything wait or retry.
	ratePolicy: { perSecond: 1000, burst: 1000, maxRetries: 0, baseBackoffMs: 0, maxBackoffMs: 0 },
	supports: { leads: true, lossReasons: true, notes: true },

	// No credential and no API: the UI address is only what deal links point at.
	resolveEndpoints() {
		return { baseUrl: DEMO_UI_URL, uiUrl: DEMO_UI_URL };
	},

	// The Demo CRM sends no requests, so there is never a refused one to explain.
	explainError() {
		return null;
	},

	async listDeals(session: CrmSession, query: DealQuery): Promise<Deal[]> {
		const { dataset } = datasetFor(session);
		const records = query.kind === 'lead' ? dataset.leads : dataset.deals;
		const out: Deal[] = [];
		if (query.limit !== null && query.limit <= 0) return out;
		// Oldest first, the order in which CRMs list records by id.
		let handedOut = 0;
		for (const record of records) {
			if (!matchesQuery(record, query)) continue;
			out.push(copyDeal(record, query.includeRaw));
			handedOut++;
			if (query.onDeals && out.length >= DEMO_PAGE_SIZE) await query.onDeals(out.splice(0));
			if (query.limit !== null && handedOut >= query.limit) break;
		}
		if (query.onDeals && out.length > 0) await query.onDeals(out.splice(0));
		return out;
	},

	async getDeal(session: CrmSession, id: string, includeRaw: boolean): Promise<Deal> {
		const record = datasetFor(session).byId.get(String(id).trim());
		if (record === undefined) throw new DealNotFoundError(id);
		return copyDeal(record, includeRaw);
	},

	async listPipelines(session) {
		return datasetFor(session).dataset.pipelines.map((pipeline) => ({
			...pipeline,
			stages: pipeline.stages.map((stage) => ({ ...stage })),
		}));
	},

	async listUsers(session) {
		return datasetFor(session).dataset.users.map((user) => ({ ...user }));
	},

	async listLossReasons(session) {
		return datasetFor(session).dataset.lossReasons.map((reason) => ({ ...reason }));
	},

	// The Demo CRM's notes live in the session (one execution): the check sees what this execution wrote.
	async listNotes(session: CrmSession, dealId: string) {
		const id = String(dealId).trim();
		if (!datasetFor(session).byId.has(id)) throw new DealNotFoundError(dealId);
		return demoNotes(session)
			.filter((note) => note.dealId === id)
			.map((note) => ({ id: note.id, text: note.text, createdAt: note.createdAt }));
	},

	async createNote(session: CrmSession, note: NoteInput): Promise<CreatedNote> {
		const dealId = String(note.dealId).trim();
		if (!datasetFor(session).byId.has(dealId)) throw new DealNotFoundError(note.dealId);
		let notes = notesBySession.get(session);
		if (notes === undefined) {
			notes = [];
			notesBySession.set(session, notes);
		}
		const created: CreatedNote = {
			id: `demo-note-${notes.length + 1}`,
			dealId,
			text: note.text,
			crm: 'demo',
			createdAt: session.now.toISOString(),
		};
		notes.push(created);
		return { ...created };
	},
};
