import type { IDataObject } from 'n8n-workflow';

import { readId, readIsoDate, readText } from '../../model/deal';
import type { Deal } from '../../model/deal';
import { CrmHttpError } from '../../transport/crmHttpClient';
import { recordList, z } from '../../transport/envelopes';
import type { ZodTypeAny } from 'zod';
import { firstTouchAfter } from '../firstContact';
import type { FirstContactMode, Touch } from '../firstContact';
import type { CrmSession } from '../types';

/**
 * First contact on Bitrix24, for deals and leads. Sources and choices: docs/first-contact/bitrix24.md.
 *
 * humanTouch — the earliest of
 *   - a completed activity (`crm.activity.list`, COMPLETED = Y) from a channel a person works in: a call
 *     (VOXIMPLANT_CALL, TYPE_ID 2) or e-mail (CRM_EMAIL, TYPE_ID 4) that is outgoing (DIRECTION 2), a meeting
 *     (CRM_MEETING, TYPE_ID 1; DIRECTION is "not used for meetings"), an open-line chat the operator started
 *     (IMOPENLINES_SESSION, DIRECTION 2). Web forms, robots/business processes, applications (REST_APP), SMS and
 *     anything else are left out: they are what the CRM or an integration does, not a person. The touch time is
 *     START_TIME (when the call/meeting happened, the e-mail was sent), CREATED when it has none.
 *   - a timeline comment (`crm.timeline.comment.list`) with an AUTHOR_ID, i.e. a note a user wrote;
 *   at or after the record's DATE_CREATE, whoever the user is (not only the responsible one).
 * stageChange — the CREATED_TIME of the first `crm.stagehistory.list` row that moved the record to an
 *   intermediate or final stage (TYPE_ID 2 or 3) other than the stage it was created in (the TYPE_ID 1 row). Moves
 *   between pipelines (TYPE_ID 5) are not a contact.
 *
 * Cost (every call is one `batch` of up to 50 commands, and Bitrix24 counts a batch as one request against its
 * 2/s leaky bucket):
 *   humanTouch:  C = N + Σ_g max(1, ⌈A_g / 50⌉) commands
 *   stageChange: C = Σ_g max(1, ⌈H_g / 50⌉) commands
 *   requests R = ⌈C / 50⌉, plus one when pages found by the last batch's first pages are left for a batch of their own
 * where N = records, g runs over the ⌈N / 50⌉ groups of 50 record ids (one IN filter each), A_g = the group's
 * completed person-channel activities (each read once, 50 per page) and H_g = its stage-history rows. The comment
 * list needs ENTITY_ID and ENTITY_TYPE, so that is one command per record; its first page, filtered from DATE_CREATE
 * on and sorted by CREATED, starts with the earliest note. A group's first page brings its total, so all its further
 * pages go together into the next batch (first pages are queued first, comments fill the batches behind them). E.g.
 * 1,000 deals with five such activities each: C = 1,000 + 20 × 5 = 1,100 → 22 requests (22 per 1,000); stage
 * change with two rows each: C = 20 × 2 = 40 → 1 + 1 = 2 requests.
 */

/** "The number of requests in a batch is limited to 50" (settings/how-to-call-rest-api/batch.md). */
export const BATCH_LIMIT = 50;
/** "The page size of results is always static: 50 records" (crm-activity-list.md; list methods). */
const PAGE_SIZE = 50;
/** Ids per `@OWNER_ID` (IN) filter. FAKE CHOICE: the docs give no limit; 50 keeps each command short. */
export const IDS_PER_COMMAND = 50;

/** Activity providers a person works in; everything else is left out (docs/first-contact/bitrix24.md). */
export const PERSON_PROVIDERS = [
	'VOXIMPLANT_CALL',
	'CRM_EMAIL',
	'CRM_MEETING',
	'IMOPENLINES_SESSION',
];
/** TYPE_ID (crm.enum.activitytype): 1 meeting, 2 call, 4 e-mail; DIRECTION (crm.enum.activitydirection): 2 outgoing. */
const MEETING = '1';
const OUTGOING = '2';

const ACTIVITY_FIELDS = [
	'ID',
	'OWNER_ID',
	'OWNER_TYPE_ID',
	'TYPE_ID',
	'PROVIDER_ID',
	'DIRECTION',
	'COMPLETED',
	'AUTHOR_ID',
	'RESPONSIBLE_ID',
	'CREATED',
	'START_TIME',
];

type Kind = Deal['kind'];
/** OWNER_TYPE_ID / entityTypeId: 1 lead, 2 deal (crm-stage-history-list.md, crm.enum.ownertype). */
const OWNER_TYPE: Record<Kind, number> = { lead: 1, deal: 2 };

type Row = Record<string, unknown>;

/** One command of a batch: what to ask, the documented shape of its `result`, and what to do with it. */
interface Command {
	method: string;
	params: IDataObject;
	result: ZodTypeAny;
	/** Reads the result (and its `result_total`); returns the commands that must follow (more pages), if any. */
	read: (result: unknown, total: number | undefined) => Command[];
}

/**
 * Nested parameters the way PHP reads a query string: `filter[@OWNER_ID][0]=12` (batch.md: each command is a
 * request "in standard format", URL-encoded).
 */
function toQuery(params: IDataObject): string {
	const parts: string[] = [];
	const walk = (prefix: string, value: unknown) => {
		if (value === null || value === undefined) return;
		if (Array.isArray(value)) {
			value.forEach((item, i) => walk(`${prefix}[${i}]`, item));
		} else if (typeof value === 'object') {
			for (const [key, inner] of Object.entries(value as IDataObject))
				walk(prefix === '' ? key : `${prefix}[${key}]`, inner);
		} else {
			parts.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
		}
	};
	walk('', params);
	return parts.join('&');
}

/** ATOM without milliseconds, as the docs write filter dates. */
function portalDate(iso: string): string {
	return iso.replace(/\.\d{3}Z$/, '+00:00');
}

/** PHP sends an empty map as `[]`: both are "no entries". */
const phpMap = z.union([z.array(z.unknown()).max(0), z.record(z.unknown())]);

/**
 * `batch` answers `{result: {result, result_error, result_total, result_next, result_time}}`; a failed command is
 * listed in `result_error` under its key, `{error, error_description}` (batch.md, both error examples). The envelope
 * also checks every command's own result, so a missing or malformed one is retried like any bad answer and then
 * fails, instead of being read as "no activities".
 */
function batchEnvelope(keys: string[], commands: Command[]) {
	return z
		.object({
			result: z.object({ result: phpMap, result_error: phpMap }).passthrough(),
		})
		.passthrough()
		.superRefine((body, ctx) => {
			const errors = body.result.result_error as Record<string, unknown>;
			if (Object.keys(errors).length > 0) return; // reported by name below
			const results = body.result.result as Record<string, unknown>;
			keys.forEach((key, i) => {
				if (!Array.isArray(results) && Object.prototype.hasOwnProperty.call(results, key)) {
					const parsed = commands[i].result.safeParse(results[key]);
					if (parsed.success) return;
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: ['result', 'result', key],
						message: `${commands[i].method}: ${parsed.error.issues[0]?.message ?? 'unexpected result'}`,
					});
					return;
				}
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['result', 'result', key],
					message: `no result and no error for ${commands[i].method}`,
				});
			});
		});
}

/** Status a command error would have had on its own (system-errors.md), so explainError words it the same way. */
const STATUS_OF_CODE: Record<string, number> = {
	NO_AUTH_FOUND: 401,
	expired_token: 401,
	insufficient_scope: 403,
	ACCESS_DENIED: 403,
	OPERATION_TIME_LIMIT: 429,
	QUERY_LIMIT_EXCEEDED: 503,
	OVERLOAD_LIMIT: 503,
};

/** A command Bitrix24 refused inside a batch: never "no touches", always an error that names it. */
function commandError(method: string, raw: unknown): Error {
	const body = (raw && typeof raw === 'object' ? raw : {}) as {
		error?: unknown;
		error_description?: unknown;
	};
	const code =
		typeof body.error === 'string' || typeof body.error === 'number' ? String(body.error) : '';
	const text = typeof body.error_description === 'string' ? body.error_description : '';
	const said = [code, text].filter(Boolean).join(' — ') || null;
	const status = STATUS_OF_CODE[code];
	const call = { method: 'POST' as const, url: `batch.json (${method})` };
	if (status !== undefined)
		return new CrmHttpError(status, { error: code, error_description: text }, call, 1, said);
	return new Error(
		`Bitrix24 refused ${method} inside a batch while reading first contact${said ? `: ${said}` : ''}`,
	);
}

/** Runs commands 50 to a batch; follow-ups (next pages) go first into the next batch so page chains keep moving. */
async function runBatches(session: CrmSession, initial: Command[]): Promise<void> {
	let queue = initial;
	while (queue.length > 0) {
		const chunk = queue.slice(0, BATCH_LIMIT);
		const rest = queue.slice(BATCH_LIMIT);
		const keys = chunk.map((_, i) => `c${i}`);
		const cmd: IDataObject = {};
		chunk.forEach((command, i) => (cmd[keys[i]] = `${command.method}?${toQuery(command.params)}`));
		const response = await session.http.request<{
			result: {
				result: Record<string, unknown>;
				result_error: Record<string, unknown>;
				result_total?: Record<string, unknown>;
			};
		}>({
			method: 'POST',
			url: 'batch.json',
			// halt: a refused command fails the whole read anyway, so Bitrix24 need not run the rest.
			body: { halt: 1, cmd },
			idempotent: true,
			envelope: batchEnvelope(keys, chunk),
		});
		const { result, result_error: errors, result_total: totals } = response.body.result;
		for (const [i, key] of keys.entries()) {
			if (!Array.isArray(errors) && errors[key] !== undefined)
				throw commandError(chunk[i].method, errors[key]);
		}
		const next: Command[] = [];
		chunk.forEach((command, i) => {
			const total = Number((totals as Record<string, unknown> | undefined)?.[keys[i]]);
			next.push(...command.read(result[keys[i]], Number.isFinite(total) ? total : undefined));
		});
		queue = [...next, ...rest];
	}
}

function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

function idOf(row: Row, what: string): number {
	const id = Number(readId(row?.ID));
	if (!Number.isSafeInteger(id)) throw new Error(`Bitrix24 sent a ${what} without a numeric ID`);
	return id;
}

/**
 * One list command over a group of ids, paged by offset (`start` = 0, 50, 100…; "start = (N-1) * 50",
 * crm-activity-list.md). The first page brings the group's `total` (in `result_total`, batch.md), so every further
 * page is known at once and they all go into the next batch side by side, instead of one batch after another as
 * `>ID` keyset paging would need. Sorted by ID, rows added meanwhile land at the end, after the pages already read.
 * Without a total, a full page asks for the next one.
 */
function pagedCommand(
	method: string,
	params: IDataObject,
	rowsOf: (result: unknown) => Row[],
	result: ZodTypeAny,
	onRows: (rows: Row[]) => void,
	offset = 0,
): Command {
	const page = (start: number) => pagedCommand(method, params, rowsOf, result, onRows, start);
	return {
		method,
		params: { ...params, start: offset },
		result,
		read(raw, total) {
			const rows = rowsOf(raw);
			onRows(rows);
			if (rows.length < PAGE_SIZE) return [];
			if (offset === 0 && total !== undefined) {
				const rest: Command[] = [];
				for (let start = PAGE_SIZE; start < total; start += PAGE_SIZE) rest.push(page(start));
				return rest;
			}
			return total === undefined ? [page(offset + PAGE_SIZE)] : [];
		},
	};
}

function ms(iso: string | null): number {
	return iso === null ? Number.NaN : Date.parse(iso);
}

/** A completed activity a person did (see the header); false for everything the CRM marks otherwise. */
function activityTouch(row: Row): Touch {
	const id = readId(row.ID);
	const provider = readText(row.PROVIDER_ID, 'PROVIDER_ID', id);
	const type = readText(row.TYPE_ID, 'TYPE_ID', id);
	const direction = readText(row.DIRECTION, 'DIRECTION', id);
	const completed = readText(row.COMPLETED, 'COMPLETED', id) === 'Y';
	const at =
		readIsoDate(row.START_TIME, 'START_TIME', id) ?? readIsoDate(row.CREATED, 'CREATED', id);
	const personChannel = provider !== null && PERSON_PROVIDERS.includes(provider);
	const contact = type === MEETING ? provider === 'CRM_MEETING' : direction === OUTGOING;
	return { at: ms(at), byPerson: completed && personChannel && contact };
}

function commentTouch(row: Row): Touch {
	const id = readId(row.ID);
	const author = Number(readText(row.AUTHOR_ID, 'AUTHOR_ID', id) ?? 0);
	return { at: ms(readIsoDate(row.CREATED, 'CREATED', id)), byPerson: author > 0 };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function humanTouchCommands(kind: Kind, records: Deal[], out: Map<string, string | null>) {
	const touches = new Map<string, Touch[]>();
	const activityCommands = chunks(records, IDS_PER_COMMAND).map((group) =>
		pagedCommand(
			'crm.activity.list',
			{
				filter: {
					OWNER_TYPE_ID: OWNER_TYPE[kind],
					'@OWNER_ID': group.map((d) => d.id),
					COMPLETED: 'Y',
					'@PROVIDER_ID': PERSON_PROVIDERS,
				},
				order: { ID: 'ASC' },
				select: ACTIVITY_FIELDS,
			},
			(raw) => raw as Row[],
			recordList,
			(rows) => {
				for (const row of rows) addTo(touches, String(readId(row.OWNER_ID)), activityTouch(row));
			},
		),
	);
	const commentCommands: Command[] = records.map((record) => ({
		method: 'crm.timeline.comment.list',
		params: {
			// ENTITY_ID and ENTITY_TYPE are required (crm-timeline-comment-list.md): one record per command.
			filter: {
				ENTITY_ID: record.id,
				ENTITY_TYPE: kind,
				...(record.createdAt ? { '>=CREATED': portalDate(record.createdAt) } : {}),
			},
			// "Only the fields ID, CREATED, AUTHOR_ID are supported" in order; the first row is the earliest note.
			order: { CREATED: 'ASC', ID: 'ASC' },
			select: ['ID', 'CREATED', 'AUTHOR_ID'],
		},
		result: recordList,
		read(raw) {
			// The first page suffices: sorted by CREATED from DATE_CREATE on, it starts with the earliest note.
			for (const row of raw as Row[]) addTo(touches, record.id, commentTouch(row));
			return [];
		},
	}));
	const finish = () => {
		for (const record of records)
			out.set(record.id, firstTouchAfter(record.createdAt, touches.get(record.id) ?? []));
	};
	return { commands: [...activityCommands, ...commentCommands], finish };
}

interface HistoryRow {
	id: number;
	type: number;
	stage: string | null;
	at: number;
}

/**
 * The first move out of the stage the record was created in: the earliest TYPE_ID 2 (intermediate) or 3 (final)
 * row whose stage differs from the TYPE_ID 1 (creation) row's (crm-stage-history-list.md). Without a creation row
 * (history older than the record's import) the first such move counts.
 */
export function firstStageChange(createdAt: string | null, rows: HistoryRow[]): string | null {
	const sorted = [...rows].sort((a, b) => a.at - b.at || a.id - b.id);
	const created = sorted.find((row) => row.type === 1);
	const moves = sorted
		.filter((row) => (row.type === 2 || row.type === 3) && row.stage !== created?.stage)
		.map((row) => ({ at: row.at, byPerson: true }));
	return firstTouchAfter(createdAt, moves);
}

const historyResult = z.object({ items: recordList }).passthrough();

function stageChangeCommands(kind: Kind, records: Deal[], out: Map<string, string | null>) {
	const rows = new Map<string, HistoryRow[]>();
	// Deals carry STAGE_ID, leads STATUS_ID (crm-stage-history-list.md, fields per object type).
	const stageField = kind === 'deal' ? 'STAGE_ID' : 'STATUS_ID';
	const commands = chunks(records, IDS_PER_COMMAND).map((group) =>
		pagedCommand(
			'crm.stagehistory.list',
			{
				entityTypeId: OWNER_TYPE[kind],
				filter: { '@OWNER_ID': group.map((d) => d.id) },
				order: { ID: 'ASC' },
				select: ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME', stageField],
			},
			(raw) => (raw as { items: Row[] }).items,
			historyResult,
			(page) => {
				for (const row of page) {
					const id = readId(row.ID);
					addTo(rows, readId(row.OWNER_ID), {
						id: idOf(row, 'stage history row'),
						type: Number(row.TYPE_ID),
						stage: readText(row[stageField], stageField, id),
						at: ms(readIsoDate(row.CREATED_TIME, 'CREATED_TIME', id)),
					});
				}
			},
		),
	);
	const finish = () => {
		for (const record of records)
			out.set(record.id, firstStageChange(record.createdAt, rows.get(record.id) ?? []));
	};
	return { commands, finish };
}

/** `readFirstContacts` for the Bitrix24 adapter: deal (or lead) id → ISO UTC or null. */
export async function readFirstContacts(
	session: CrmSession,
	deals: Deal[],
	mode: Exclude<FirstContactMode, 'off'>,
): Promise<Map<string, string | null>> {
	const out = new Map<string, string | null>();
	const commands: Command[] = [];
	const finishers: Array<() => void> = [];
	for (const kind of ['deal', 'lead'] as const) {
		const records = deals.filter((d) => d.kind === kind);
		if (records.length === 0) continue;
		const plan =
			mode === 'stageChange'
				? stageChangeCommands(kind, records, out)
				: humanTouchCommands(kind, records, out);
		commands.push(...plan.commands);
		finishers.push(plan.finish);
	}
	await runBatches(session, commands);
	for (const finish of finishers) finish();
	return out;
}
