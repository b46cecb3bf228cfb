import { readInputItem } from '../../nodes/shared/report/input';
import { deal } from './fixtures';

describe('readInputItem', () => {
	it('passes a normalized deal through without copying it', () => {
		const record = deal({ status: 'won', amount: 10 });
		const reading = readInputItem(record, false);
		expect(reading.kind).toBe('deal');
		expect(reading.kind === 'deal' && reading.deal).toBe(record);
	});

	it('accepts a deal with only a status and converts spreadsheet-style amounts on a copy', () => {
		expect(readInputItem({ status: 'open' }, false).kind).toBe('deal');
		const reading = readInputItem({ status: 'won', amount: '1 200,50' }, false);
		expect(reading.kind === 'deal' && reading.deal.amount).toBe(1200.5);
		const blank = readInputItem({ status: 'won', amount: '' }, false);
		expect(blank.kind === 'deal' && blank.deal.amount).toBeNull();
	});

	it.each([
		[null, '(item)', 'must be an object with deal fields (got null)'],
		[{ id: '1' }, 'status', 'must be "open", "won" or "lost" (got nothing)'],
		[{ status: 'closed' }, 'status', 'must be "open", "won" or "lost" (got "closed")'],
		[{ status: 'won', amount: 'a lot' }, 'amount', 'must be a number or null (got "a lot")'],
		[
			{ status: 'won', createdAt: 'yesterday' },
			'createdAt',
			'must be an ISO-8601 date such as "2026-11-03T09:15:00Z" or null (got "yesterday")',
		],
		[
			{ status: 'won', firstContactAt: 1700000000 },
			'firstContactAt',
			'must be an ISO-8601 date such as "2026-11-03T09:15:00Z" or null (got number 1700000000)',
		],
		[
			{ status: 'won', owner: 'Anna' },
			'owner',
			'must be an object { id, name } or null (got "Anna")',
		],
		[{ status: 'won', utm: { source: 5 } }, 'utm.source', 'must be text or null (got number 5)'],
		[{ status: 'lost', lostReason: ['a'] }, 'lostReason', 'must be text or null (got a list)'],
	])('names the field that is wrong: %j', (json, field, problem) => {
		expect(readInputItem(json, false)).toEqual({ kind: 'invalid', field, problem });
	});

	it('reads spend rows only when spend comes from items, and says what to switch otherwise', () => {
		expect(readInputItem({ channel: ' vk_ads ', spend: '1500', currency: 'rub' }, true)).toEqual({
			kind: 'spend',
			spend: { channel: 'vk_ads', amount: 1500, currency: 'RUB' },
		});
		expect(readInputItem({ channel: 'vk_ads', spend: 1500 }, false)).toEqual({
			kind: 'invalid',
			field: 'status',
			problem:
				'is missing; this looks like a spend row ({ channel, spend }) — set "Spend" to "From Input Items" to use it',
		});
		expect(readInputItem({ channel: '', spend: 5 }, true)).toMatchObject({
			kind: 'invalid',
			field: 'channel',
		});
		expect(readInputItem({ channel: 'a', spend: -5 }, true)).toMatchObject({
			kind: 'invalid',
			field: 'spend',
		});
	});
});

describe('money and number text: only unambiguous numbers', () => {
	it.each([
		['1234.5', 1234.5],
		['1234,50', 1234.5],
		['-12.5', -12.5],
		['1 234,5', 1234.5],
		['1\u00a0234,5', 1234.5],
		['1\u202f234,5', 1234.5],
		['12 345 678', 12345678],
		['1,234.56', 1234.56],
		['1.234,56', 1234.56],
		['1,234,567', 1234567],
		['1.234.567', 1234567],
		['0,125', 0.125],
		['1234,567', 1234.567],
		['  42 ', 42],
	])('reads %j as %d', (text, expected) => {
		const reading = readInputItem({ status: 'won', amount: text }, false);
		expect(reading.kind === 'deal' && reading.deal.amount).toBe(expected);
	});

	it.each(['1,234', '1.234', '-5,000', '999.999'])(
		'refuses %j as ambiguous, saying how to write it',
		(text) => {
			const reading = readInputItem({ status: 'won', amount: text }, false);
			expect(reading).toMatchObject({ kind: 'invalid', field: 'amount' });
			const problem = reading.kind === 'invalid' ? reading.problem : '';
			expect(problem).toContain(`"${text}"`);
			expect(problem).toMatch(/ambiguous/);
			expect(reading.kind === 'invalid' && reading.fix).toMatch(/thousands separator/);
		},
	);

	it.each([
		'1,2,3',
		'1 2 3',
		'12 34',
		'1,234.567.8',
		'1.234,56,7',
		'1e5',
		'0x10',
		'Infinity',
		'--5',
		'5,',
	])('refuses %j as not a number', (text) => {
		expect(readInputItem({ status: 'won', amount: text }, false)).toMatchObject({
			kind: 'invalid',
			field: 'amount',
		});
	});

	it('applies the same rule to spend rows', () => {
		expect(readInputItem({ channel: 'vk', spend: '1,234' }, true)).toMatchObject({
			kind: 'invalid',
			field: 'spend',
			problem: expect.stringMatching(/ambiguous/),
		});
		expect(readInputItem({ channel: 'vk', spend: '1 234,5' }, true)).toMatchObject({
			kind: 'spend',
			spend: { amount: 1234.5 },
		});
	});
});
