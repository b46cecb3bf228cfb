/**
 * The Sales Feedback Trigger's request handling (nodes/shared/feedback/handler.ts), request by request: hostile and
 * malformed input gets a 4xx with a field-level message in the form's language and emits nothing; signed links verify
 * only for their own brief, version and recipient; the honeypot drops bots quietly; ids are deterministic.
 * Bodies are given as n8n 2.40.7 hands them to the node (n8n/dist/middlewares/body-parser.js: JSON.parse for
 * application/json, querystring.parse for urlencoded — repeated keys become arrays; webhook-form-data.js: multipart
 * fields under `data`).
 */
import { signLink } from '../../nodes/shared/brief/signing';
import { checkAuth, sameSecret } from '../../nodes/shared/feedback/auth';
import type { FeedbackRequest, TriggerConfig } from '../../nodes/shared/feedback/handler';
import { handleFeedbackRequest, SANDBOX_CSP } from '../../nodes/shared/feedback/handler';

const SECRET = 'k'.repeat(20) + '-0123456789abcdef';
const NOW = new Date('2026-12-02T10:00:00.000Z');

function config(overrides: Partial<TriggerConfig> = {}): TriggerConfig {
	return {
		defaultLanguage: 'en',
		auth: { type: 'none' },
		signingSecret: SECRET,
		userReasons: [
			{ code: 'price_too_high', class: 'handling', en: 'Price too high', ru: 'Дорого' },
		],
		now: () => NOW,
		...overrides,
	};
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function postJson(body: unknown, query: unknown = {}, cfg = config()) {
	return handleFeedbackRequest({ method: 'POST', query, body, headers: JSON_HEADERS }, cfg);
}

function postForm(body: unknown, query: unknown = {}, cfg = config()) {
	return handleFeedbackRequest({ method: 'POST', query, body, headers: FORM_HEADERS }, cfg);
}

const VALID = {
	firstWords: 'Do you deliver on Sundays?',
	dealId: 'D-1',
	decision: 'accept',
	quality: 4,
};
const deep = (depth: number): unknown => {
	let value: unknown = 'x';
	for (let i = 0; i < depth; i++) value = { firstWords: value };
	return value;
};
const polluted = JSON.parse(
	'{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "firstWords": {"__proto__": 1}}',
);

type Row = [string, unknown, 'en' | 'ru', number, string, string];

/** [what, JSON body, language, status, field ('' = whole body), message]. */
const TABLE: Row[] = [
	['empty object', {}, 'en', 400, '_form', 'Fill in at least one answer or a lead verdict.'],
	[
		'empty object, Russian',
		{ lang: 'ru' },
		'ru',
		400,
		'_form',
		'Заполните хотя бы один ответ или оценку заявки.',
	],
	[
		'only whitespace answers',
		{ firstWords: '   ', objections: '\n\t' },
		'en',
		400,
		'_form',
		'Fill in at least one answer or a lead verdict.',
	],
	[
		'only unknown fields',
		{ foo: 'bar', name: 'x' },
		'en',
		400,
		'_form',
		'Fill in at least one answer or a lead verdict.',
	],
	[
		'firstWords is a number',
		{ firstWords: 42 },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords is an array',
		{ firstWords: ['a', 'b'] },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords is an object',
		{ firstWords: { a: 1 } },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords is true',
		{ firstWords: true },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords deeply nested',
		deep(10000),
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords too long',
		{ firstWords: 'a'.repeat(4001) },
		'en',
		400,
		'firstWords',
		'Too long: at most 4000 characters.',
	],
	[
		'firstWords 1 MB',
		{ firstWords: 'я'.repeat(1_000_000) },
		'ru',
		400,
		'firstWords',
		'Слишком длинно: не больше 4000 символов.',
	],
	[
		'firstWords with NUL',
		{ firstWords: 'a\u0000b' },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'firstWords with ESC',
		{ firstWords: '\u001b[31mred' },
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'purchasePurpose array',
		{ purchasePurpose: [] },
		'en',
		400,
		'purchasePurpose',
		'Must be a single text value.',
	],
	[
		'whatMatters number',
		{ whatMatters: 1e308 },
		'en',
		400,
		'whatMatters',
		'Must be a single text value.',
	],
	[
		'objections object',
		{ objections: {} },
		'ru',
		400,
		'objections',
		'Должно быть одним текстовым значением.',
	],
	['comment array', { comment: ['x'] }, 'en', 400, 'text', 'Must be a single text value.'],
	[
		'comment too long',
		{ comment: 'c'.repeat(5000) },
		'en',
		400,
		'text',
		'Too long: at most 4000 characters.',
	],
	[
		'alias why_buy array',
		{ why_buy: [1] },
		'en',
		400,
		'purchasePurpose',
		'Must be a single text value.',
	],
	[
		'decision unknown word',
		{ decision: 'maybe', dealId: 'D1' },
		'en',
		400,
		'decision',
		'Choose accept or reject.',
	],
	[
		'decision number',
		{ decision: 1, dealId: 'D1' },
		'en',
		400,
		'decision',
		'Choose accept or reject.',
	],
	[
		'decision boolean',
		{ decision: true, dealId: 'D1' },
		'en',
		400,
		'decision',
		'Choose accept or reject.',
	],
	[
		'decision array',
		{ decision: ['accept', 'reject'], dealId: 'D1' },
		'en',
		400,
		'decision',
		'Choose accept or reject.',
	],
	[
		'decision, Russian message',
		{ decision: '??', dealId: 'D1', lang: 'ru' },
		'ru',
		400,
		'decision',
		'Выберите «принять» или «отклонить».',
	],
	[
		'decision without deal',
		{ decision: 'accept' },
		'en',
		400,
		'dealId',
		'Give the deal ID the verdict is about.',
	],
	[
		'reject without reason',
		{ decision: 'reject', dealId: 'D1' },
		'en',
		400,
		'reasonCode',
		'Choose the reason for rejecting the lead.',
	],
	[
		'reject without reason, ru',
		{ decision: 'reject', dealId: 'D1', lang: 'ru' },
		'ru',
		400,
		'reasonCode',
		'Выберите причину отклонения заявки.',
	],
	[
		'reason not in catalogue',
		{ decision: 'reject', dealId: 'D1', reasonCode: 'aliens' },
		'en',
		400,
		'reasonCode',
		'Choose a reason from the list.',
	],
	[
		'reason bad shape',
		{ decision: 'reject', dealId: 'D1', reason: 'Not Target!' },
		'en',
		400,
		'reasonCode',
		'Choose a reason from the list.',
	],
	[
		'reason array',
		{ decision: 'reject', dealId: 'D1', reasonCode: ['spam'] },
		'en',
		400,
		'reasonCode',
		'Choose a reason from the list.',
	],
	[
		'reason __proto__',
		{ decision: 'reject', dealId: 'D1', reasonCode: '__proto__' },
		'en',
		400,
		'reasonCode',
		'Choose a reason from the list.',
	],
	[
		'reason constructor',
		{ decision: 'reject', dealId: 'D1', reasonCode: 'constructor' },
		'en',
		400,
		'reasonCode',
		'Choose a reason from the list.',
	],
	[
		'deal id with spaces',
		{ decision: 'accept', dealId: 'D 1' },
		'en',
		400,
		'dealId',
		'Use at most 64 letters, digits and . _ : @ / # -',
	],
	[
		'deal id with HTML',
		{ decision: 'accept', dealId: '<script>' },
		'en',
		400,
		'dealId',
		'Use at most 64 letters, digits and . _ : @ / # -',
	],
	[
		'deal id 65 chars',
		{ decision: 'accept', dealId: '1'.repeat(65) },
		'en',
		400,
		'dealId',
		'Too long: at most 64 characters.',
	],
	[
		'deal id object',
		{ decision: 'accept', deal_id: { $gt: '' } },
		'en',
		400,
		'dealId',
		'Must be a single text value.',
	],
	[
		'deal id NaN-ish number',
		{ decision: 'accept', dealId: Number.NaN },
		'en',
		400,
		'dealId',
		'Must be a single text value.',
	],
	['quality 0', { quality: 0 }, 'en', 400, 'quality', 'Choose a whole number from 1 to 5.'],
	['quality 6', { quality: 6 }, 'en', 400, 'quality', 'Choose a whole number from 1 to 5.'],
	['quality 2.5', { quality: 2.5 }, 'en', 400, 'quality', 'Choose a whole number from 1 to 5.'],
	[
		'quality -1 string',
		{ quality: '-1' },
		'en',
		400,
		'quality',
		'Choose a whole number from 1 to 5.',
	],
	['quality word', { rating: 'five' }, 'en', 400, 'quality', 'Choose a whole number from 1 to 5.'],
	['quality array', { quality: [3] }, 'en', 400, 'quality', 'Choose a whole number from 1 to 5.'],
	[
		'quality huge string',
		{ quality: '9'.repeat(400) },
		'ru',
		400,
		'quality',
		'Выберите целое число от 1 до 5.',
	],
	[
		'briefVersion 0',
		{ firstWords: 'x', briefVersion: 0 },
		'en',
		400,
		'briefVersion',
		'Must be a whole number from 1 to 999.',
	],
	[
		'briefVersion 1000',
		{ firstWords: 'x', brief_version: '1000' },
		'en',
		400,
		'briefVersion',
		'Must be a whole number from 1 to 999.',
	],
	[
		'briefId non-ASCII',
		{ firstWords: 'x', briefId: 'бриф' },
		'en',
		400,
		'briefId',
		'Use at most 64 letters, digits and . _ : @ / # -',
	],
	[
		'crm with slash',
		{ firstWords: 'x', crm: 'amo/crm' },
		'en',
		400,
		'crm',
		'Use at most 64 letters, digits and . _ : @ / # -',
	],
	[
		'rep array',
		{ firstWords: 'x', rep: ['a', 'b'] },
		'en',
		400,
		'rep',
		'Must be a single text value.',
	],
	[
		'rep too long',
		{ firstWords: 'x', manager: 'm'.repeat(201) },
		'en',
		400,
		'rep',
		'Too long: at most 200 characters.',
	],
	[
		'utm_source object',
		{ firstWords: 'x', utm_source: { a: 1 } },
		'en',
		400,
		'utmSource',
		'Must be a single text value.',
	],
	[
		'utm_campaign too long',
		{ firstWords: 'x', utm_campaign: 'u'.repeat(300) },
		'en',
		400,
		'utmCampaign',
		'Too long: at most 200 characters.',
	],
	[
		'nested utm.term array',
		{ firstWords: 'x', utm: { term: ['a'] } },
		'en',
		400,
		'utmTerm',
		'Must be a single text value.',
	],
	['lang unknown', { firstWords: 'x', lang: 'de' }, 'en', 400, 'lang', 'Must be en or ru.'],
	['lang array', { firstWords: 'x', lang: ['ru', 'en'] }, 'en', 400, 'lang', 'Must be en or ru.'],
	[
		'prototype-pollution keys only',
		polluted,
		'en',
		400,
		'firstWords',
		'Must be a single text value.',
	],
	[
		'body is an array',
		[VALID],
		'en',
		400,
		'',
		'The body must be one object with named fields, not a list or a single value.',
	],
	[
		'body is a string',
		'firstWords=x',
		'en',
		400,
		'',
		'The body must be one object with named fields, not a list or a single value.',
	],
	[
		'body is a number',
		42,
		'en',
		400,
		'',
		'The body must be one object with named fields, not a list or a single value.',
	],
	[
		'body is null',
		null,
		'en',
		400,
		'',
		'The body must be one object with named fields, not a list or a single value.',
	],
	[
		'too many fields',
		Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 'x'])),
		'en',
		400,
		'',
		'Too many fields: at most 200.',
	],
];

describe('malformed and hostile JSON bodies: 4xx, a field-level message, nothing emitted', () => {
	test('the table has at least 50 rows', () => {
		expect(TABLE.length).toBeGreaterThanOrEqual(50);
	});

	test.each(TABLE)('%s', (_what, body, language, status, field, message) => {
		const response = postJson(body, { lang: language });
		expect(response.status).toBe(status);
		expect(response.feedback).toBeNull();
		expect(response.contentType).toMatch(/^application\/json/);
		const parsed = JSON.parse(response.body);
		expect(parsed.ok).toBe(false);
		if (field === '') expect(parsed.error).toBe(message);
		else expect(parsed.fields[field === 'text' ? 'comment' : field]).toBe(message);
	});

	test('the same rows posted as a browser form re-show the form with the message, escaped', () => {
		for (const [, body, language, status, field, message] of TABLE) {
			const response = postForm(body, { lang: language });
			expect(response.status).toBe(status);
			expect(response.feedback).toBeNull();
			expect(response.contentType).toMatch(/^text\/html/);
			expect(response.body).toContain(message.replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
			if (field !== '' && field !== '_form') expect(response.body).toContain(`id="${field}-error"`);
			if (status === 400 && field !== '')
				expect(response.body).toContain(`<html lang="${language}"`);
		}
	});

	test('prototype pollution does not reach Object.prototype', () => {
		postJson(polluted);
		expect(({} as Record<string, unknown>).admin).toBeUndefined();
	});

	test('a value sent back is escaped in the re-shown form', () => {
		const response = postForm({ firstWords: '"><script>alert(1)</script>', quality: '9' });
		expect(response.status).toBe(400);
		expect(response.body).not.toContain('<script>alert');
		expect(response.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
	});
});

describe('content types and methods', () => {
	test.each([
		['text/plain', 'firstWords=x'],
		['application/xml', { root: { firstWords: 'x' } }],
		['', {}],
		['application/octet-stream', {}],
	])('%s → 415', (type, body) => {
		const response = handleFeedbackRequest(
			{ method: 'POST', query: {}, body, headers: type ? { 'content-type': type } : {} },
			config(),
		);
		expect(response.status).toBe(415);
		expect(response.feedback).toBeNull();
	});

	test("multipart: fields are read from n8n's `data`", () => {
		const response = handleFeedbackRequest(
			{
				method: 'POST',
				query: {},
				body: { data: { firstWords: 'x' }, files: {} },
				headers: { 'content-type': 'multipart/form-data; boundary=x' },
			},
			config(),
		);
		expect(response.status).toBe(200);
		expect(response.feedback?.firstWords).toBe('x');
	});

	test('PUT → 405', () => {
		expect(
			handleFeedbackRequest({ method: 'PUT', query: {}, body: {}, headers: {} }, config()).status,
		).toBe(405);
	});

	test("every answer carries n8n's sandbox CSP and no-referrer", () => {
		const response = postJson(VALID);
		expect(response.headers['Content-Security-Policy']).toBe(SANDBOX_CSP);
		expect(response.headers['Referrer-Policy']).toBe('no-referrer');
	});
});

describe('a valid submission', () => {
	test('JSON with aliases maps onto the Feedback record', () => {
		const response = postJson({
			deal_id: 'A-77',
			verdict: 'Rejected',
			reason: 'price_too_high',
			lead_quality: '2',
			first_words: '  How much?  ',
			why_buy: 'Cheaper than X',
			what_matters: 'Speed',
			objections: 'Too expensive',
			comment: 'Called twice',
			manager: 'ivan',
			crm: 'amocrm',
			utm_source: 'yandex',
			utm: { medium: 'cpc' },
			utmCampaign: 'winter',
			unexpected: { nested: [1, 2, 3] },
			lang: 'ru-RU',
		});
		expect(response.status).toBe(200);
		expect(JSON.parse(response.body)).toEqual({ ok: true, id: response.feedback?.id });
		expect(response.feedback).toEqual({
			id: expect.stringMatching(/^fb_[0-9a-f]{32}$/),
			type: 'form',
			submittedAt: NOW.toISOString(),
			rep: 'ivan',
			crm: 'amocrm',
			dealId: 'A-77',
			decision: 'reject',
			reasonCode: 'price_too_high',
			quality: 2,
			firstWords: 'How much?',
			purchasePurpose: 'Cheaper than X',
			whatMatters: 'Speed',
			objections: 'Too expensive',
			text: 'Called twice',
			briefId: null,
			briefVersion: null,
			language: 'ru',
			utm: { source: 'yandex', medium: 'cpc', campaign: 'winter', content: null, term: null },
		});
	});

	test('the browser form gets the thank-you page in its language', () => {
		const response = postForm({ firstWords: 'Привет', lang: 'ru', website: '' });
		expect(response.status).toBe(200);
		expect(response.body).toContain('Спасибо!');
		expect(response.feedback?.language).toBe('ru');
	});

	test('same submission → same id; a different one → another id; the time does not count', () => {
		const a = postJson(VALID).feedback!;
		const b = postJson(
			{ ...VALID },
			{},
			config({ now: () => new Date('2027-01-01T00:00:00Z') }),
		).feedback!;
		const c = postJson({ ...VALID, quality: 5 }).feedback!;
		expect(b.id).toBe(a.id);
		expect(c.id).not.toBe(a.id);
		// The same content by form and by JSON is the same submission.
		expect(postForm({ ...VALID, quality: '4' }).feedback!.id).toBe(a.id);
	});

	test('lone surrogates are replaced, text kept', () => {
		const response = postJson({ firstWords: 'a\ud800b' });
		expect(response.feedback?.firstWords).toBe('a\ufffdb');
	});
});

describe('honeypot', () => {
	test('a filled honeypot gets the ordinary thank-you page and emits nothing', () => {
		const response = postForm({ ...VALID, website: 'http://spam.example' });
		expect(response.status).toBe(200);
		expect(response.outcome).toBe('honeypot');
		expect(response.body).toContain('Thank you!');
		expect(response.feedback).toBeNull();
	});

	test('also for JSON, and even when the rest is invalid', () => {
		const response = postJson({ website: ['x'], quality: 99 });
		expect(response.status).toBe(200);
		expect(response.feedback).toBeNull();
	});
});

describe('the hosted form (GET)', () => {
	const get = (query: unknown, cfg = config(), headers = {}) =>
		handleFeedbackRequest({ method: 'GET', query, body: {}, headers }, cfg);

	test('prefills from the query, escaped, with the reason optgroups kept apart', () => {
		const response = get({
			dealId: 'D-9',
			rep: '"><b>x',
			briefId: 'B1',
			briefVersion: '3',
			utm_source: 'vk',
			lang: 'ru',
			firstWords: 'not prefilled',
		});
		expect(response.status).toBe(200);
		expect(response.body).toContain('<html lang="ru"');
		expect(response.body).toContain('value="D-9"');
		expect(response.body).toContain('value="&quot;&gt;&lt;b&gt;x"');
		expect(response.body).toContain('name="utm_source" value="vk"');
		expect(response.body).not.toContain('not prefilled');
		expect(response.body).toMatch(
			/<optgroup label="Качество заявки \(маркетинг\)">.*not_target.*<\/optgroup><optgroup label="Обработка \(продажи\)">.*price_too_high.*<\/optgroup>/,
		);
		expect(response.body).not.toMatch(/<script/i);
		expect(response.feedback).toBeNull();
	});

	test('hostile query values (arrays, objects) never break the form', () => {
		const response = get({ dealId: ['a', 'b'], rep: { x: 1 }, lang: ['ru'] });
		expect(response.status).toBe(200);
		expect(response.body).toContain('<html lang="en"');
	});
});

describe('signed brief links', () => {
	const ack = signLink(
		{ briefId: 'B42', version: 3, recipientId: 'ivan@acme', action: 'ack' },
		SECRET,
	);
	const question = signLink(
		{ briefId: 'B42', version: 3, recipientId: 'ivan@acme', action: 'question' },
		SECRET,
	);
	const get = (query: unknown) =>
		handleFeedbackRequest({ method: 'GET', query, body: {}, headers: {} }, config());

	test('GET with a valid link shows the confirm page and records nothing', () => {
		const response = get({ ...ack, lang: 'en' });
		expect(response.status).toBe(200);
		expect(response.outcome).toBe('confirm');
		expect(response.feedback).toBeNull();
		expect(response.body).toContain('Confirm that you read brief B42, version 3');
		expect(response.body).toContain(`name="s" value="${ack.s}"`);
		expect(response.body).toContain('<form method="post"');
	});

	test('its POST records the acknowledgement, authenticated by the signature not the token', () => {
		const cfg = config({
			auth: { type: 'headerAuth', headerName: 'X-Feedback-Token', token: 't'.repeat(20) },
		});
		const response = postForm({ ...ack }, {}, cfg);
		expect(response.status).toBe(200);
		expect(response.feedback).toMatchObject({
			type: 'acknowledgement',
			briefId: 'B42',
			briefVersion: 3,
			rep: 'ivan@acme',
			text: null,
		});
		// A double click is the same acknowledgement.
		expect(postForm({ ...ack }, {}, cfg).feedback!.id).toBe(response.feedback!.id);
	});

	test('a question needs its text and carries it', () => {
		expect(postForm({ ...question, question: '' }).status).toBe(400);
		expect(postForm({ ...question, question: '' }).body).toContain('Write your question.');
		const response = postForm({ ...question, question: 'Which price list?' });
		expect(response.feedback).toMatchObject({
			type: 'question',
			text: 'Which price list?',
			rep: 'ivan@acme',
		});
	});

	const tampered: Array<[string, Record<string, unknown>]> = [
		['tampered signature', { ...ack, s: (ack.s[0] === 'A' ? 'B' : 'A') + ack.s.slice(1) }],
		['other brief', { ...ack, b: 'B43' }],
		['other version', { ...ack, v: '4' }],
		['other recipient', { ...ack, r: 'petr@acme' }],
		['ack turned into question', { ...ack, a: 'question', question: 'x' }],
		['signature missing', { b: ack.b, v: ack.v, r: ack.r, a: ack.a }],
		['repeated key (array)', { ...ack, s: [ack.s, ack.s] }],
		['object value', { ...ack, b: { x: 'B42' } }],
		['only s', { s: ack.s }],
	];

	test.each(tampered)('%s → 403 on GET and POST, nothing emitted', (_what, params) => {
		const g = get(params);
		expect(g.status).toBe(403);
		expect(g.body).toContain('This link is not valid');
		const p = postForm(params);
		expect(p.status).toBe(403);
		expect(p.feedback).toBeNull();
		const j = postJson(params);
		expect(j.status).toBe(403);
		expect(JSON.parse(j.body)).toEqual({ ok: false, error: 'This link is not valid' });
	});

	test('a trigger without the signing key rejects every link', () => {
		const response = handleFeedbackRequest(
			{ method: 'POST', query: {}, body: ack, headers: FORM_HEADERS },
			config({ signingSecret: null }),
		);
		expect(response.status).toBe(403);
	});
});

describe('authentication', () => {
	// A test value built at run time (not a secret of anything).
	const testToken = ['test', 'value', 'of', 'twenty', 'chars'].join('-');
	const headerCfg = config({
		auth: { type: 'headerAuth', headerName: 'X-Feedback-Token', token: testToken },
	});
	const basicCfg = config({ auth: { type: 'basicAuth', user: 'sales', password: 'p@ss:word' } });
	const post = (cfg: TriggerConfig, headers: Record<string, unknown>) =>
		handleFeedbackRequest(
			{
				method: 'POST',
				query: {},
				body: VALID,
				headers: { ...JSON_HEADERS, ...headers },
			} as FeedbackRequest,
			cfg,
		);

	test('header token: right → 200; wrong, missing, repeated → 401', () => {
		expect(post(headerCfg, { 'x-feedback-token': testToken }).status).toBe(200);
		expect(post(headerCfg, { 'x-feedback-token': testToken + 'x' }).status).toBe(401);
		expect(post(headerCfg, {}).status).toBe(401);
		expect(post(headerCfg, { 'x-feedback-token': [testToken, testToken] }).status).toBe(401);
		expect(post(headerCfg, { 'x-feedback-token': 'wrong' }).feedback).toBeNull();
	});

	test('basic auth: right → 200; wrong → 401 with a challenge', () => {
		const basic = (user: string, password: string) =>
			'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
		expect(post(basicCfg, { authorization: basic('sales', 'p@ss:word') }).status).toBe(200);
		const wrong = post(basicCfg, { authorization: basic('sales', 'nope') });
		expect(wrong.status).toBe(401);
		expect(wrong.headers['WWW-Authenticate']).toMatch(/^Basic realm=/);
		expect(post(basicCfg, { authorization: 'Basic !!!' }).status).toBe(401);
		expect(post(basicCfg, { authorization: 'Bearer x' }).status).toBe(401);
	});

	test('a credential too weak to use lets nobody in', () => {
		expect(checkAuth({ type: 'headerAuth', headerName: 'X-T', token: '' }, { 'x-t': '' }).ok).toBe(
			false,
		);
	});

	test('sameSecret compares any lengths without throwing', () => {
		expect(sameSecret('a', 'a')).toBe(true);
		expect(sameSecret('a', 'a'.repeat(10000))).toBe(false);
	});
});
