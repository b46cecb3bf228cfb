import type { IDataObject } from 'n8n-workflow';

import { findMarked, markedText, noteMarker, writeKeyOf } from '../nodes/shared/crm/noteMarker';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startAmoCrmFake } from './support/fakes/amocrm';
import { startBitrix24Fake } from './support/fakes/bitrix24';
import { startPipedriveFake } from './support/fakes/pipedrive';

/**
 * CRM Sales Data → Note → Create with "Skip If Already Written": the same item run twice — n8n's Retry of a crashed
 * queue-mode execution — leaves one note on the deal. Each CRM is driven through the real engine against its fake,
 * which lists notes the vendor's documented way (amoCRM GET /api/v4/leads/{id}/notes, Pipedrive GET /v1/notes,
 * Bitrix24 crm.timeline.comment.list). Without the option the same two runs write two notes: the check is what
 * makes the difference.
 */
const TYPE = `${PACKAGE}.crmSalesData`;
const now = new Date('2026-11-20T10:00:00Z');

function noteWorkflow(crm: string, dealId: string, options: IDataObject, credentials: IDataObject) {
	return singleNodeWorkflow(
		TYPE,
		{ crm, resource: 'note', operation: 'create', dealId, noteText: 'Lead verdict: spam', options },
		credentials as never,
	);
}

/** A Feedback id as the Sales Feedback Trigger makes them (built at run time: lint reads literals as secrets). */
const FEEDBACK_ID = ['fb', '0123456789abcdef'].join('_');
const ONCE = { skipIfWritten: true, writeKey: FEEDBACK_ID };

describe('the marker', () => {
	it('keeps the key readable through HTML and falls back to a digest of the text', () => {
		expect(writeKeyOf('x', ' fb_1 <b>&" ')).toBe('fb_1__b___');
		expect(writeKeyOf('same text', '')).toBe(writeKeyOf('same text', '  '));
		expect(writeKeyOf('same text', '')).not.toBe(writeKeyOf('other text', ''));
		expect(markedText('Hello', 'k1')).toBe('Hello\n\n[sb:k1]');
		const notes = [
			{ id: '1', text: 'Hello<br><br>[sb:k10]', createdAt: null },
			{ id: '2', text: 'Hello<br><br>[sb:k1]', createdAt: null },
		];
		expect(findMarked(notes, 'k1')?.id).toBe('2');
		expect(findMarked(notes, 'k2')).toBeUndefined();
		expect(noteMarker('k1')).toBe('[sb:k1]');
	});
});

describe('amoCRM', () => {
	let fake: Awaited<ReturnType<typeof startAmoCrmFake>>;
	const cred = { amoCrmApi: { id: 'a', name: 'amoCRM' } };
	const store = () => ({
		a: { subdomain: 'example', domain: 'amocrm.ru', accessToken: 'amo-token', baseUrl: fake.url },
	});
	beforeAll(async () => {
		fake = await startAmoCrmFake({ count: 20, token: 'amo-token', seed: 3, now, ratePerSecond: 50 });
	});
	afterAll(() => fake.close());

	it('a second run with the same Write Key writes nothing and says so', async () => {
		const dealId = String(fake.data.leads[0].id);
		const first = await runWorkflow(noteWorkflow('amocrm', dealId, ONCE, cred), store());
		const second = await runWorkflow(noteWorkflow('amocrm', dealId, ONCE, cred), store());
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		const onDeal = fake.notes.filter((note: { entity_id: number }) => String(note.entity_id) === dealId);
		expect(onDeal).toHaveLength(1);
		expect(onDeal[0].text).toBe(`Lead verdict: spam\n\n[sb:${FEEDBACK_ID}]`);
		expect(first.output('Node')[0]).toMatchObject({ skipped: false, writeKey: ONCE.writeKey, dealId });
		expect(second.output('Node')[0]).toMatchObject({ skipped: true, id: first.output('Node')[0].id });
		expect(second.items('Node')[0].pairedItem).toEqual({ item: 0 });
	});

	it('another key on the same deal is written; without the option both runs write', async () => {
		const dealId = String(fake.data.leads[1].id);
		await runWorkflow(noteWorkflow('amocrm', dealId, ONCE, cred), store());
		await runWorkflow(noteWorkflow('amocrm', dealId, { ...ONCE, writeKey: 'fb_other' }, cred), store());
		await runWorkflow(noteWorkflow('amocrm', dealId, {}, cred), store());
		await runWorkflow(noteWorkflow('amocrm', dealId, {}, cred), store());
		const texts = fake.notes
			.filter((note: { entity_id: number }) => String(note.entity_id) === dealId)
			.map((note: { text: string }) => note.text);
		expect(texts).toEqual([
			`Lead verdict: spam\n\n[sb:${FEEDBACK_ID}]`,
			'Lead verdict: spam\n\n[sb:fb_other]',
			'Lead verdict: spam',
			'Lead verdict: spam',
		]);
	});

	it('reads every page of a deal with many notes before deciding', async () => {
		const dealId = String(fake.data.leads[2].id);
		// 259 notes in one bulk add (the notes API takes an array), then the marked one: it lands on page 2 of 250.
		const bulk = await fetch(`${fake.url}/api/v4/leads/notes`, {
			method: 'POST',
			headers: { authorization: 'Bearer amo-token', 'content-type': 'application/json' },
			body: JSON.stringify(
				Array.from({ length: 259 }, (_, i) => ({
					entity_id: Number(dealId),
					note_type: 'common',
					params: { text: `Call ${i} [sb:k${i}]` },
				})),
			),
		});
		expect(bulk.status).toBe(200);
		const first = await runWorkflow(noteWorkflow('amocrm', dealId, ONCE, cred), store());
		expect(first.output('Node')[0]).toMatchObject({ skipped: false });
		const before = fake.notes.length;
		const again = await runWorkflow(noteWorkflow('amocrm', dealId, ONCE, cred), store());
		expect(again.output('Node')[0]).toMatchObject({ skipped: true });
		expect(fake.notes.length).toBe(before);
	});
});

describe('Pipedrive', () => {
	let fake: Awaited<ReturnType<typeof startPipedriveFake>>;
	const cred = { pipedriveCrmApi: { id: 'p', name: 'Pipedrive' } };
	const store = () => ({ p: { apiToken: 'pd-good', companyDomain: 'example', baseUrl: fake.url } });
	beforeAll(async () => {
		fake = await startPipedriveFake({ count: 20, leads: 5, token: 'pd-good', seed: 2, now, burst: 200 });
	});
	afterAll(() => fake.close());

	it('a deal note and a lead note are each written once across two runs (the marker survives HTML)', async () => {
		const dealId = String(fake.data.deals[0].id);
		const leadId = String(fake.data.leads[0].id);
		for (const id of [dealId, dealId, leadId, leadId]) {
			const result = await runWorkflow(noteWorkflow('pipedrive', id, ONCE, cred), store());
			expect(result.error).toBeUndefined();
		}
		const contents = fake.notes.map((note: { content: string }) => note.content);
		expect(contents).toEqual([
			`Lead verdict: spam<br><br>[sb:${FEEDBACK_ID}]`,
			`Lead verdict: spam<br><br>[sb:${FEEDBACK_ID}]`,
		]);
		expect(fake.notes.map((note: { deal_id: number | null }) => note.deal_id)).toEqual([Number(dealId), null]);
	});
});

describe('Bitrix24', () => {
	let fake: Awaited<ReturnType<typeof startBitrix24Fake>>;
	const cred = { bitrix24Api: { id: 'b', name: 'Bitrix24' } };
	beforeAll(async () => {
		fake = await startBitrix24Fake({ count: 20, leadCount: 5, seed: 5, now, ratePerSecond: 100, burst: 50 });
	});
	afterAll(() => fake.close());

	it('a second run finds its timeline comment and writes nothing', async () => {
		const dealId = String(fake.data.deals[0].ID);
		const store = { b: { webhookUrl: fake.webhookUrl } };
		const first = await runWorkflow(noteWorkflow('bitrix24', dealId, ONCE, cred), store);
		const second = await runWorkflow(noteWorkflow('bitrix24', dealId, ONCE, cred), store);
		expect(first.error).toBeUndefined();
		expect(second.output('Node')[0]).toMatchObject({ skipped: true, id: first.output('Node')[0].id });
		expect(fake.notes).toHaveLength(1);
	});

	it('a deal with more notes than the check reads fails naming the CRM instead of writing unchecked', async () => {
		const deal = fake.data.deals[1];
		const dealId = String(deal.ID);
		// 2,000 other comments first (40 pages of 50, all the check reads), then the one it is looking for.
		for (let n = 0; n <= 2000; n++) {
			const comment = n === 2000 ? markedText('Lead verdict: spam', FEEDBACK_ID) : `Call ${n}`;
			fake.notes.push({ ID: String(900000 + n), CREATED: '2026-11-01T10:00:00+03:00', ENTITY_ID: deal.ID, ENTITY_TYPE: 'deal', AUTHOR_ID: '1', COMMENT: comment, text: comment });
		}
		const before = fake.notes.length;
		const result = await runWorkflow(noteWorkflow('bitrix24', dealId, ONCE, cred), {
			b: { webhookUrl: fake.webhookUrl },
		});
		expect(result.error?.message).toMatch(/Bitrix24/);
		expect(result.error?.message).toMatch(/more notes/);
		expect(fake.notes).toHaveLength(before);
	});
});

describe('Demo CRM and CRMs without a notes list', () => {
	it('Demo: two items with the same key in one execution give one note', async () => {
		const [deal] = (
			await runWorkflow(
				singleNodeWorkflow(TYPE, { crm: 'demo', resource: 'deal', operation: 'getAll', limit: 1 }),
			)
		).output('Node');
		const workflow = noteWorkflow('demo', '={{ $json.dealId }}', ONCE, {});
		workflow.pinData = { Start: [{ json: { dealId: deal.id } }, { json: { dealId: deal.id } }] };
		const result = await runWorkflow(workflow);
		expect(result.error).toBeUndefined();
		expect(result.output('Node').map((item) => item.skipped)).toEqual([false, true]);
	});

	it('HubSpot: the option is refused with a clear message instead of writing unchecked', async () => {
		const result = await runWorkflow(
			noteWorkflow('hubspot', '123', ONCE, { hubSpotCrmApi: { id: 'h', name: 'HubSpot' } }),
			{ h: { accessToken: 'pat-x', baseUrl: 'http://127.0.0.1:9' } },
		);
		expect(String(result.error?.message)).toContain(
			'HubSpot cannot read a deal\'s notes here, so "Skip If Already Written" is not available for it',
		);
	});
});
