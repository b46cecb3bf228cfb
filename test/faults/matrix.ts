/**
 * Shared set-up of the fault matrix: the four CRM fakes, each behind its own hostile proxy, one attacker origin,
 * and per CRM everything a case needs to know about its wire format (which request is the deal list, where the
 * records and the next-page pointer live, which field is which). The faults themselves are in
 * test/support/hostile.js; the cases in test/faults/*.test.ts.
 *
 * Contract under test: the issue "CRM pulls that never lose, duplicate, hang or leak". Most cases fail on the code
 * of the day the suite was written; that is the point of it.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { adapterFor } from '../../nodes/shared/crm/registry';
import type { RatePolicy } from '../../nodes/shared/transport/rateLimit';
import { PACKAGE, pollTrigger, runWorkflow, singleNodeWorkflow } from '../support/engine';
import type { RunResult, WorkflowJson } from '../support/engine';
import { startAmoCrmFake } from '../support/fakes/amocrm';
import { startBitrix24Fake } from '../support/fakes/bitrix24';
import { startHubSpotFake } from '../support/fakes/hubspot';
import { startPipedriveFake } from '../support/fakes/pipedrive';
import { startAttacker, startHostileProxy } from '../support/hostile';

export type CrmId = 'amocrm' | 'bitrix24' | 'hubspot' | 'pipedrive';
export const CRMS: CrmId[] = ['amocrm', 'bitrix24', 'hubspot', 'pipedrive'];

export type Proxy = Awaited<ReturnType<typeof startHostileProxy>>;
export type Attacker = Awaited<ReturnType<typeof startAttacker>>;
/** One request as the proxy saw it. */
export interface SeenRequest {
	n: number;
	method: string;
	path: string;
	search: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	json: unknown;
	fault: string | null;
}
/** A wire record, loosely typed: cases break them on purpose. */
export type Raw = Record<string, unknown>;
/** What the cases use of a fake CRM (test/support/fakes/*.js). */
export interface Fake {
	url: string;
	close: () => Promise<void>;
	data: { leads?: Raw[]; deals?: Raw[] };
	userId?: string;
	secret?: string;
	touch?: (id: string, properties: Raw) => unknown;
}
/** The JSON body of a page, as the CRM sends it. */
export type Page = Record<string, unknown>;

export const TYPE = `${PACKAGE}.crmSalesData`;
export const TRIGGER_TYPE = `${PACKAGE}.crmSalesDataTrigger`;
const TOKENS = {
	amocrm: 'amo-fault-secret-7f3a9c',
	hubspot: 'pat-na1-fault-secret-51b2',
	pipedrive: 'pd-fault-secret-0c44e1',
	bitrix24: 'b24faultsecret9d1e',
};
const DAY = 86_400_000;

/** The faster clock for these tests: same retry counts as production, backoff in milliseconds, no pacing. */
const FAST: Partial<RatePolicy> = {
	perSecond: 10_000,
	burst: 10_000,
	baseBackoffMs: 5,
	maxBackoffMs: 20,
};

/** Where a wire field lives in a record (HubSpot keeps everything but the id under `properties`). */
interface Fields {
	id: string;
	title: string;
	amount: string;
	created: string;
}

export interface Crm {
	id: CrmId;
	/** The adapter's display name, as every message must carry it. */
	name: string;
	credentialType: string;
	/** The raw secret that must never appear in an error: token, or the Bitrix24 webhook code. */
	secret: string;
	fake: Fake;
	proxy: Proxy;
	fields: Fields;
	/** The credential pointed at `origin` (the proxy unless told otherwise). */
	credentials(origin?: string): ICredentialDataDecryptedObject;
	/** Is this request the deal list? */
	isList(request: SeenRequest): boolean;
	records(page: Page | undefined): Raw[] | undefined;
	setRecords(page: Page, records: Raw[]): void;
	recordId(raw: Raw): string;
	/** A field of a wire record, by its wire name (`fields.*`). */
	setField(raw: Raw, field: string, value: unknown): void;
	deleteField(raw: Raw, field: string): void;
	/** The exact id set Deal Get Many must return (what the fake lists). */
	ids(): string[];
	/** Stands in for a user editing a deal in the CRM: its modification time becomes `atMs`. */
	touch(id: string, atMs: number): void;
}

interface Harness {
	crms: Record<CrmId, Crm>;
	attacker: Attacker;
}

const saved = new Map<CrmId, RatePolicy>();

/**
 * Starts the fakes, proxies and attacker for one test file and tears them down after it. The fakes' data is
 * generated two days in the past, so a trigger's overlap window starts empty and only the cases' edits are in it.
 */
export function useFaultMatrix(): Harness {
	const harness = { crms: {} as Record<CrmId, Crm>, attacker: undefined as unknown as Attacker };
	beforeAll(async () => {
		const now = new Date(Date.now() - 2 * DAY);
		for (const id of CRMS) {
			const adapter = adapterFor(id)!;
			saved.set(id, { ...adapter.ratePolicy });
			Object.assign(adapter.ratePolicy, FAST);
		}
		const [amo, bitrix, hubspot, pipedrive, attacker] = await Promise.all([
			// 500 leads = two full pages of 250, then the documented 204 past the last page (§3.2).
			startAmoCrmFake({ count: 500, token: TOKENS.amocrm, seed: 31, now, ratePerSecond: 100_000 }),
			// 130 deals = pages of 50, 50, 30 (§4.2).
			startBitrix24Fake({
				count: 130,
				leadCount: 5,
				seed: 32,
				now,
				secret: TOKENS.bitrix24,
				ratePerSecond: 100_000,
				burst: 100_000,
			}),
			// 450 deals = search pages of 200, 200, 50 (§1.2).
			startHubSpotFake({
				count: 450,
				token: TOKENS.hubspot,
				seed: 33,
				now,
				spanDays: 300,
				searchPerSecond: 100_000,
				perTenSeconds: 1_000_000,
			}),
			// 600 deals = pages of 500 and 100 (§2.2).
			startPipedriveFake({
				count: 600,
				leads: 0,
				token: TOKENS.pipedrive,
				seed: 34,
				now,
				spanDays: 300,
				burst: 100_000,
			}),
			startAttacker(),
		]);
		harness.attacker = attacker;
		const proxies = await Promise.all(
			[amo, bitrix, hubspot, pipedrive].map((fake) => startHostileProxy({ upstream: fake.url })),
		);
		harness.crms.amocrm = amoCrm(amo as unknown as Fake, proxies[0]);
		harness.crms.bitrix24 = bitrix24(bitrix as unknown as Fake, proxies[1]);
		harness.crms.hubspot = hubSpot(hubspot as unknown as Fake, proxies[2]);
		harness.crms.pipedrive = pipedriveCrm(pipedrive as unknown as Fake, proxies[3]);
	});
	afterEach(() => {
		for (const crm of Object.values(harness.crms)) crm.proxy.reset();
		harness.attacker?.reset();
	});
	afterAll(async () => {
		for (const [id, policy] of saved) Object.assign(adapterFor(id)!.ratePolicy, policy);
		await Promise.all(
			Object.values(harness.crms).flatMap((crm) => [crm.proxy.close(), crm.fake.close()]),
		);
		await harness.attacker?.close();
	});
	return harness;
}

function amoCrm(fake: Fake, proxy: Proxy): Crm {
	const byId = new Map<string, Raw>(fake.data.leads!.map((l: Raw) => [String(l.id), l]));
	return {
		id: 'amocrm',
		name: 'amoCRM / Kommo',
		credentialType: 'amoCrmApi',
		secret: TOKENS.amocrm,
		fake,
		proxy,
		fields: { id: 'id', title: 'name', amount: 'price', created: 'created_at' },
		credentials: (origin = proxy.url) => ({
			subdomain: 'example',
			domain: 'amocrm.ru',
			accessToken: TOKENS.amocrm,
			baseUrl: origin,
		}),
		// GET /api/v4/leads (§3.2); not /leads/pipelines, /leads/loss_reasons, /leads/{id}.
		isList: (r) => r.method === 'GET' && /^\/api\/v4\/leads\/?$/.test(r.path),
		records: (page) => (page?._embedded as { leads?: Raw[] } | undefined)?.leads,
		setRecords: (page, records) => {
			(page._embedded as { leads: Raw[] }).leads = records;
		},
		recordId: (raw) => String(raw.id),
		setField: (raw, field, value) => {
			raw[field] = value;
		},
		deleteField: (raw, field) => {
			delete raw[field];
		},
		ids: () => fake.data.leads!.map((l: Raw) => String(l.id)),
		touch: (id, atMs) => {
			byId.get(id)!.updated_at = Math.floor(atMs / 1000);
		},
	};
}

function bitrix24(fake: Fake, proxy: Proxy): Crm {
	const byId = new Map<string, Raw>(fake.data.deals!.map((d: Raw) => [String(d.ID), d]));
	return {
		id: 'bitrix24',
		name: 'Bitrix24',
		credentialType: 'bitrix24Api',
		secret: TOKENS.bitrix24,
		fake,
		proxy,
		fields: { id: 'ID', title: 'TITLE', amount: 'OPPORTUNITY', created: 'DATE_CREATE' },
		// The webhook URL's origin is the proxy; the path keeps the user id and the secret code (§4.1).
		credentials: (origin = proxy.url) => ({
			webhookUrl: `${origin}/rest/${fake.userId}/${fake.secret}/`,
		}),
		isList: (r) => /\/crm\.deal\.list(\.json)?$/.test(r.path),
		records: (page) => page?.result as Raw[] | undefined,
		setRecords: (page, records) => {
			page.result = records;
		},
		recordId: (raw) => String(raw.ID),
		setField: (raw, field, value) => {
			raw[field] = value;
		},
		deleteField: (raw, field) => {
			delete raw[field];
		},
		ids: () => fake.data.deals!.map((d: Raw) => String(d.ID)),
		touch: (id, atMs) => {
			byId.get(id)!.DATE_MODIFY = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		},
	};
}

function hubSpot(fake: Fake, proxy: Proxy): Crm {
	return {
		id: 'hubspot',
		name: 'HubSpot',
		credentialType: 'hubSpotCrmApi',
		secret: TOKENS.hubspot,
		fake,
		proxy,
		fields: { id: 'id', title: 'dealname', amount: 'amount', created: 'createdate' },
		credentials: (origin = proxy.url) => ({ accessToken: TOKENS.hubspot, baseUrl: origin }),
		isList: (r) => r.method === 'POST' && r.path === '/crm/v3/objects/deals/search',
		records: (page) => page?.results as Raw[] | undefined,
		setRecords: (page, records) => {
			page.results = records;
		},
		recordId: (raw) => String(raw.id),
		setField: (raw, field, value) => {
			if (field === 'id') raw.id = value;
			else (raw.properties as Raw)[field] = value;
		},
		deleteField: (raw, field) => {
			if (field === 'id') delete raw.id;
			else delete (raw.properties as Raw)[field];
		},
		ids: () => fake.data.deals!.filter((d: Raw) => !d.archived).map((d: Raw) => String(d.id)),
		touch: (id, atMs) => {
			fake.touch!(id, { hs_lastmodifieddate: new Date(atMs).toISOString() });
		},
	};
}

function pipedriveCrm(fake: Fake, proxy: Proxy): Crm {
	const byId = new Map<string, Raw>(fake.data.deals!.map((d: Raw) => [String(d.id), d]));
	return {
		id: 'pipedrive',
		name: 'Pipedrive',
		credentialType: 'pipedriveCrmApi',
		secret: TOKENS.pipedrive,
		fake,
		proxy,
		fields: { id: 'id', title: 'title', amount: 'value', created: 'add_time' },
		credentials: (origin = proxy.url) => ({
			apiToken: TOKENS.pipedrive,
			companyDomain: '',
			baseUrl: origin,
		}),
		isList: (r) => r.method === 'GET' && /^\/api\/v2\/deals\/?$/.test(r.path),
		records: (page) => page?.data as Raw[] | undefined,
		setRecords: (page, records) => {
			page.data = records;
		},
		recordId: (raw) => String(raw.id),
		setField: (raw, field, value) => {
			raw[field] = value;
		},
		deleteField: (raw, field) => {
			delete raw[field];
		},
		ids: () => fake.data.deals!.filter((d: Raw) => !d.is_archived).map((d: Raw) => String(d.id)),
		touch: (id, atMs) => {
			byId.get(id)!.update_time = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
		},
	};
}

/** Deal → Get Many (return all) against the CRM; `extra` sets continueOnFail / onError on the node. */
export function dealGetMany(
	crm: Crm,
	parameters: IDataObject = {},
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		TYPE,
		{ crm: crm.id, resource: 'deal', operation: 'getAll', returnAll: true, ...parameters },
		{ [crm.credentialType]: { id: 'c', name: crm.name } },
		extra,
	);
}

export function runGetMany(
	crm: Crm,
	options: {
		parameters?: IDataObject;
		extra?: Partial<INode>;
		credentials?: ICredentialDataDecryptedObject;
	} = {},
): Promise<RunResult> {
	return runWorkflow(dealGetMany(crm, options.parameters, options.extra), {
		c: options.credentials ?? crm.credentials(),
	});
}

export function triggerWorkflow(crm: Crm, options: IDataObject = {}): WorkflowJson {
	return {
		nodes: [
			{
				id: 't',
				name: 'Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					crm: crm.id,
					events: ['new', 'updated', 'won', 'lost'],
					options,
				} as INode['parameters'],
				credentials: { [crm.credentialType]: { id: 'c', name: crm.name } },
			},
		],
		connections: {},
	};
}

export function poll(
	crm: Crm,
	workflow: WorkflowJson,
	credentials?: ICredentialDataDecryptedObject,
): Promise<INodeExecutionData[] | null> {
	return pollTrigger(workflow, 'Trigger', { c: credentials ?? crm.credentials() });
}

/** The ids of a run's output items that are deals (not error items), in output order. */
export function dealIds(result: RunResult): string[] {
	return result
		.output('Node')
		.filter((json) => json.error === undefined)
		.map((json) => String(json.id));
}

/** Sorted copy, for exact set comparisons that also catch duplicates. */
export function sorted(ids: string[]): string[] {
	return [...ids].sort();
}

/** Everything a user can read of an error: its message and its description. */
export function errorText(error: unknown): string {
	if (!error) return '';
	const e = error as { message?: unknown; description?: unknown };
	return `${String(e.message ?? '')} ${String(e.description ?? '')}`;
}

export function messageOf(error: unknown): string {
	return String((error as { message?: unknown } | undefined)?.message ?? '');
}

export function descriptionOf(error: unknown): string {
	return String((error as { description?: unknown } | undefined)?.description ?? '');
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
