/**
 * Fault class I: one malformed record on page 2. Without continueOnFail the run fails naming the CRM, the record
 * and the field ("cannot be read"); with it, one error item and every other deal. A page whose record list is not
 * a list is an envelope fault (class A's message). A blank amount is "no amount" (null), not 0 and not an error.
 */
import type { IDataObject } from 'n8n-workflow';

import { CRMS, dealIds, errorText, messageOf, runGetMany, sorted, useFaultMatrix } from './matrix';
import type { Crm, CrmId, Page, Raw } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

interface Breakage {
	label: string;
	/** Breaks the record in place (wire names). */
	apply: (crm: Crm, raw: Raw) => void;
	/** The field the message must name. */
	field: RegExp;
	/** The record's id cannot be named when the id itself is what is broken. */
	namesRecord: boolean;
}

const set =
	(field: keyof Crm['fields'] | string, value: unknown) =>
	(crm: Crm, raw: Raw): void =>
		crm.setField(
			raw,
			field in crm.fields ? crm.fields[field as keyof Crm['fields']] : field,
			value,
		);

const COMMON: Breakage[] = [
	{
		label: 'id missing',
		apply: (crm, raw) => crm.deleteField(raw, crm.fields.id),
		field: /\bid\b/i,
		namesRecord: false,
	},
	{
		label: 'amount true',
		apply: set('amount', true),
		field: /amount|price|OPPORTUNITY|value/,
		namesRecord: true,
	},
	{
		label: 'amount [5]',
		apply: set('amount', [5]),
		field: /amount|price|OPPORTUNITY|value/,
		namesRecord: true,
	},
	{
		label: 'amount {}',
		apply: set('amount', {}),
		field: /amount|price|OPPORTUNITY|value/,
		namesRecord: true,
	},
	{
		label: 'title {}',
		apply: set('title', {}),
		field: /title|name|TITLE|dealname/,
		namesRecord: true,
	},
];

const SPECIFIC: Record<CrmId, Breakage[]> = {
	amocrm: [
		{
			label: 'custom_fields_values "x"',
			apply: set('custom_fields_values', 'x'),
			field: /custom_fields_values/,
			namesRecord: true,
		},
		{
			label: 'pipeline_id null with _embedded null',
			apply: (_crm, raw) => {
				raw.pipeline_id = null;
				raw._embedded = null;
			},
			field: /pipeline_id|_embedded/,
			namesRecord: true,
		},
		// Timestamps are Unix seconds (§3.2); this one is in milliseconds (year 57 901).
		{
			label: 'created_at in milliseconds',
			apply: set('created_at', 1764547200000),
			field: /created_at/,
			namesRecord: true,
		},
	],
	hubspot: [
		{
			label: 'createdate "not a date"',
			apply: set('createdate', 'not a date'),
			field: /createdate/,
			namesRecord: true,
		},
	],
	bitrix24: [
		{
			label: 'DATE_CREATE "32.13.2026"',
			apply: set('DATE_CREATE', '32.13.2026'),
			field: /DATE_CREATE/,
			namesRecord: true,
		},
	],
	pipedrive: [
		{
			label: 'add_time "not a date"',
			apply: set('add_time', 'not a date'),
			field: /add_time/,
			namesRecord: true,
		},
	],
};

const CASES: Array<[CrmId, string]> = CRMS.flatMap((crm) =>
	[...COMMON, ...SPECIFIC[crm]].map((b): [CrmId, string] => [crm, b.label]),
);
const breakageOf = (crm: CrmId, label: string) =>
	[...COMMON, ...SPECIFIC[crm]].find((b) => b.label === label)!;

/** Breaks the 3rd record of page 2, once; returns a getter for the id it had. */
function breakOneRecord(crm: Crm, apply: (crm: Crm, raw: Raw) => void): () => string {
	let badId = '';
	crm.proxy.reset([
		{
			match: crm.isList,
			after: 1,
			times: 1,
			fault: 'mutateJson',
			mutate: (json: Page) => {
				const raw = (crm.records(json) ?? [])[2];
				badId = crm.recordId(raw);
				apply(crm, raw);
				return json;
			},
		},
	]);
	return () => badId;
}

describe('I. one malformed record', () => {
	it.each(CASES)(
		'%s: %s → fails: CRM, record and field named, "cannot be read"',
		async (id, label) => {
			const crm = h.crms[id];
			const breakage = breakageOf(id, label);
			const badId = breakOneRecord(crm, breakage.apply);
			const result = await runGetMany(crm);

			expect(badId()).not.toBe('');
			expect(result.error).toBeDefined();
			const message = messageOf(result.error);
			expect(message).toContain(crm.name);
			expect(message).toMatch(/cannot be read/i);
			expect(errorText(result.error)).toMatch(breakage.field);
			if (breakage.namesRecord) expect(errorText(result.error)).toContain(badId());
		},
	);

	it.each(CASES)(
		'%s: %s with continueOnFail → one error item and every other deal',
		async (id, label) => {
			const crm = h.crms[id];
			const badId = breakOneRecord(crm, breakageOf(id, label).apply);
			const result = await runGetMany(crm, { extra: { continueOnFail: true } });

			expect(result.error).toBeUndefined();
			const output = result.output('Node');
			const errors = output.filter((json) => json.error !== undefined);
			expect(errors).toHaveLength(1);
			expect(String(errors[0].error)).toMatch(/cannot be read/i);
			expect(sorted(dealIds(result))).toEqual(sorted(crm.ids().filter((x) => x !== badId())));
		},
	);

	it.each(CRMS)(
		'%s: amount {} with onError "continueRegularOutput" → one error item and every other deal',
		async (id) => {
			const crm = h.crms[id];
			const badId = breakOneRecord(crm, set('amount', {}));
			const result = await runGetMany(crm, { extra: { onError: 'continueRegularOutput' } });

			expect(result.error).toBeUndefined();
			const errors = result.output('Node').filter((json) => json.error !== undefined);
			expect(errors).toHaveLength(1);
			expect(String(errors[0].error)).toMatch(/cannot be read/i);
			expect(sorted(dealIds(result))).toEqual(sorted(crm.ids().filter((x) => x !== badId())));
		},
	);
});

describe('I. a record list that is not a list (an envelope fault, class A)', () => {
	const ENVELOPES: Array<[CrmId, string, (json: Page) => void]> = [
		['amocrm', '_embedded.leads {}', (json) => ((json._embedded as Raw).leads = {})],
		['hubspot', 'results "abc"', (json) => (json.results = 'abc')],
		['bitrix24', 'result {}', (json) => (json.result = {})],
		['pipedrive', 'data "abc"', (json) => (json.data = 'abc')],
	];
	it.each(ENVELOPES)(
		'%s: %s on page 2 → "is not an API answer", no made-up deal',
		async (id, _label, apply) => {
			const crm = h.crms[id];
			crm.proxy.reset([
				{
					match: crm.isList,
					after: 1,
					fault: 'mutateJson',
					mutate: (json: Page) => (apply(json), json),
				},
			]);
			const result = await runGetMany(crm);

			expect(result.error).toBeDefined();
			expect(messageOf(result.error)).toContain(crm.name);
			expect(messageOf(result.error)).toMatch(/is not an API answer/i);
			const runData = result.run.data.resultData.runData.Node?.[0]?.data?.main?.[0] ?? [];
			expect(
				runData.filter((item) => ['undefined', 'null', ''].includes(String(item.json.id))),
			).toEqual([]);
		},
	);
});

describe('I. a blank amount', () => {
	const BLANKS: Array<[CrmId, string]> = CRMS.flatMap((crm) =>
		['  ', ''].map((blank): [CrmId, string] => [crm, blank]),
	);
	it.each(BLANKS)('%s: amount %j → amount null, not 0, no error', async (id, blank) => {
		const crm = h.crms[id];
		const badId = breakOneRecord(crm, set('amount', blank));
		const result = await runGetMany(crm);

		expect(result.error).toBeUndefined();
		const deal = result.output('Node').find((json) => String(json.id) === badId()) as IDataObject;
		expect(deal).toBeDefined();
		expect(deal.amount).toBeNull();
		expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
	});
});
