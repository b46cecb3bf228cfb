import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { CrmHttpClient, CrmHttpError, CrmNetworkError } from '../transport/crmHttpClient';
import { CrmRecordError } from '../transport/errors';
import type { FirstContactMode } from './firstContact';
import type { ExistingNote } from './noteMarker';
import type { RatePolicy } from '../transport/rateLimit';
import type { CrmId, CrmUser, Deal, DealStatus, LossReason, Pipeline, Utm } from '../model/deal';

/** Which date a Get Many filter applies to. */
export type DateField = 'createdAt' | 'updatedAt' | 'closedAt';

export interface DealQuery {
	kind: 'deal' | 'lead';
	dateField: DateField | null;
	from: Date | null;
	to: Date | null;
	pipelineId: string | null;
	/** Owner (CRM user) id; absent or null = everyone. */
	ownerId?: string | null;
	/**
	 * Which custom fields hold UTM values, for CRMs without UTM fields of their own (Pipedrive field keys or
	 * names, HubSpot deal property names). Absent = the adapter finds fields named like "utm_source" itself.
	 */
	utmFieldKeys?: Partial<Record<keyof Utm, string>>;
	/** Empty = every status. */
	statuses: DealStatus[];
	/** `null` = return all. */
	limit: number | null;
	/** Fill `firstContactAt` from the CRM's activity history (costs requests; see crm/firstContact.ts). */
	firstContact?: FirstContactMode;
	includeRaw: boolean;
	/**
	 * Streaming (crm/firstContact.ts `streamDeals`): each page's deals go here as soon as they are read, exactly once
	 * each, and `listDeals` returns an empty list — so a pull never holds more than one page. Absent: collected.
	 */
	onDeals?: (deals: Deal[]) => void | Promise<void>;
}

/** A query for every deal, unfiltered and unlimited; callers override what they narrow down. */
export function dealQuery(overrides: Partial<DealQuery> = {}): DealQuery {
	return {
		kind: 'deal',
		dateField: null,
		from: null,
		to: null,
		pipelineId: null,
		statuses: [],
		limit: null,
		includeRaw: false,
		...overrides,
	};
}

export interface NoteInput {
	dealId: string;
	text: string;
}

export interface CreatedNote {
	id: string;
	dealId: string;
	text: string;
	crm: CrmId;
	createdAt: string;
}

/**
 * What a CRM adapter gets for one execution: a paced, retrying HTTP client already bound to the user's
 * credential, the CRM's base URL (without secrets in messages), and the output language of texts it generates.
 */
export interface CrmSession {
	http: CrmHttpClient;
	baseUrl: string;
	/** Base URL of the CRM's web UI, for `Deal.url`. */
	uiUrl: string;
	language: 'en' | 'ru';
	now: Date;
	/** Removes the credential's secrets from a text; absent in hand-built test sessions. */
	redact?: (text: string) => string;
	/**
	 * Records of a pull that could not be normalized. Adapters skip them and list them here, so the node can fail
	 * loudly or, with Continue On Fail, emit one error item per record next to the rest of the pull. Absent (hand-built
	 * sessions): the first such record throws.
	 */
	badRecords?: CrmRecordError[];
}

/**
 * One per CRM. Adapters translate between the CRM's wire format and `Deal`; they never pace, retry or page
 * by themselves beyond describing a page (see transport/crmHttpClient.ts).
 */
export interface CrmAdapter {
	readonly id: CrmId;
	readonly displayName: string;
	/** n8n credential type name, or null for the Demo CRM. */
	readonly credentialType: string | null;
	/** Credential fields that are secrets: redacted from every message, description and error item. */
	readonly secretFields: string[];
	/** The CRM's published limit (cited in each adapter). */
	readonly ratePolicy: RatePolicy;
	readonly supports: {
		leads: boolean;
		lossReasons: boolean;
		notes: boolean;
	};

	/**
	 * Where the API and the web UI live for these credentials (null credentials for the Demo CRM). Throws a plain
	 * Error with a "what to do" message when the credential is unusable (e.g. a malformed webhook URL).
	 */
	resolveEndpoints(credentials: ICredentialDataDecryptedObject | null): {
		baseUrl: string;
		uiUrl: string;
	};

	/**
	 * Turns a refused request into words a user can act on: what happened and what to do. Never include secrets.
	 * Return null to fall back to the generic message.
	 */
	explainError(
		error: CrmHttpError | CrmNetworkError,
	): { message: string; description: string } | null;

	listDeals(session: CrmSession, query: DealQuery): Promise<Deal[]>;
	/** `utmFieldKeys`: the node's UTM Fields option, honoured by the CRMs that keep UTM in custom fields. */
	getDeal(
		session: CrmSession,
		id: string,
		includeRaw: boolean,
		utmFieldKeys?: DealQuery['utmFieldKeys'],
	): Promise<Deal>;
	listPipelines(session: CrmSession): Promise<Pipeline[]>;
	listUsers(session: CrmSession): Promise<CrmUser[]>;
	listLossReasons(session: CrmSession): Promise<LossReason[]>;
	createNote?(session: CrmSession, note: NoteInput): Promise<CreatedNote>;
	/**
	 * Every note on a deal (paged through), for Note → Create's "Skip If Already Written" (crm/noteMarker.ts). Absent:
	 * the CRM's API gives no such list here, and the option reports that instead of writing blindly.
	 */
	listNotes?(session: CrmSession, dealId: string): Promise<ExistingNote[]>;
	/**
	 * First contact for these deals (or leads; `deal.kind` says which), by deal id: ISO UTC or null when none was
	 * recorded. Batched as far as the CRM allows, through `session.http`. Absent: the CRM gives no such history, or the
	 * records already carry it (the Demo CRM).
	 */
	readFirstContacts?(
		session: CrmSession,
		deals: Deal[],
		mode: Exclude<FirstContactMode, 'off'>,
	): Promise<Map<string, string | null>>;
}

/** A deal id that the CRM does not know. The node turns it into a clear per-item message. */
export class DealNotFoundError extends Error {
	constructor(readonly dealId: string) {
		super(`Deal ${dealId} was not found`);
		this.name = 'DealNotFoundError';
	}
}

/** Filter deals by the query's date window, pipeline and statuses; for CRMs that cannot filter server-side. */
export function matchesQuery(deal: Deal, query: DealQuery): boolean {
	if (query.pipelineId !== null && deal.pipeline?.id !== query.pipelineId) return false;
	if (query.ownerId && deal.owner?.id !== query.ownerId) return false;
	if (query.statuses.length > 0 && !query.statuses.includes(deal.status)) return false;
	if (query.dateField !== null && (query.from !== null || query.to !== null)) {
		const value = deal[query.dateField];
		if (value === null) return false;
		const t = Date.parse(value);
		if (query.from !== null && t < query.from.getTime()) return false;
		if (query.to !== null && t > query.to.getTime()) return false;
	}
	return true;
}

/**
 * Normalizes one record of a page. A record that cannot be read is set aside on the session (or thrown, in a
 * hand-built session) instead of ending the pull; every other error passes through.
 */
export function readRecords<TRaw, TOut>(
	session: CrmSession,
	records: TRaw[],
	read: (record: TRaw) => TOut,
): TOut[] {
	const out: TOut[] = [];
	for (const record of records) {
		let failure: unknown = undefined;
		try {
			out.push(read(record));
		} catch (error) {
			failure = error;
		}
		if (failure === undefined) continue;
		if (!(failure instanceof CrmRecordError) || !session.badRecords) throw failure;
		session.badRecords.push(failure);
	}
	return out;
}
