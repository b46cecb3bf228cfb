import {
	Formatter,
	leadQualityTexts,
	lostReasonsTexts,
	ruPlural,
	speedToLeadTexts,
	textsFor,
	verdictTexts,
} from '../../nodes/shared/report';

describe('Formatter', () => {
	const en = new Formatter('en');
	const ru = new Formatter('ru');

	it('groups thousands and writes decimals per language', () => {
		expect(en.number(1234567.891, 2)).toBe('1,234,567.89');
		expect(ru.number(1234567.891, 2)).toBe('1\u00a0234\u00a0567,89');
		expect(en.number(-1234.5)).toBe('-1,234.5');
		expect(en.number(12.0)).toBe('12');
		expect(en.pct(35.94)).toBe('35.9%');
		expect(ru.pct(35.94)).toBe('35,9%');
		expect(en.pct(null)).toBe('—');
	});

	it('writes money in whole units from 100 up and keeps cents below', () => {
		expect(en.money(41666.67, 'USD')).toBe('41,667\u00a0USD');
		expect(ru.money(99.5, 'RUB')).toBe('99,5\u00a0RUB');
		expect(en.money(1500, null)).toBe('1,500');
		expect(en.money(null, 'USD')).toBe('—');
	});

	it('picks minutes, hours or days for durations', () => {
		expect(en.minutes(4.25)).toBe('4.3\u00a0min');
		expect(en.minutes(47)).toBe('47\u00a0min');
		expect(en.minutes(150)).toBe('2.5\u00a0h');
		expect(ru.minutes(150)).toBe('2,5\u00a0ч');
		expect(en.minutes(4320)).toBe('3\u00a0days');
		expect(en.days(1)).toBe('1\u00a0day');
		expect(ru.days(12.5)).toBe('12,5\u00a0дн.');
	});

	it('writes dates in the language and time zone', () => {
		const ms = Date.parse('2026-10-31T22:00:00Z');
		expect(en.date(ms, 'UTC')).toBe('31 Oct 2026');
		expect(en.date(ms, 'Europe/Moscow')).toBe('1 Nov 2026');
		expect(ru.date(ms, 'Europe/Moscow')).toBe('1 нояб. 2026');
		// A day and a month: Russian needs the month in the genitive ("30 июля"), not the standalone "июль".
		expect(ru.date(Date.UTC(2026, 6, 30, 12), 'UTC')).toBe('30 июл. 2026');
		expect(ru.date(Date.UTC(2026, 4, 3, 12), 'UTC')).toBe('3 мая 2026');
		expect(en.date(Date.UTC(2026, 4, 3, 12), 'UTC')).toBe('3 May 2026');
	});
});

describe('ruPlural', () => {
	it.each([
		[1, 'сделка'],
		[2, 'сделки'],
		[4, 'сделки'],
		[5, 'сделок'],
		[11, 'сделок'],
		[12, 'сделок'],
		[14, 'сделок'],
		[21, 'сделка'],
		[22, 'сделки'],
		[100, 'сделок'],
		[101, 'сделка'],
		[111, 'сделок'],
		[0, 'сделок'],
	])('%i → %s', (count, form) => {
		expect(ruPlural(count, 'сделка', 'сделки', 'сделок')).toBe(form);
	});
});

describe('texts that carry a count agree with it', () => {
	const en = new Formatter('en');
	const ru = new Formatter('ru');
	const RU = textsFor('ru');

	it('Slack overflow note in Russian: 1 блок не показан, 2 блока не показаны, 5 блоков не показано', () => {
		expect(RU.slackOmitted(1)).toMatch(/^…ещё 1 блок не показан;/);
		expect(RU.slackOmitted(2)).toMatch(/^…ещё 2 блока не показаны;/);
		expect(RU.slackOmitted(5)).toMatch(/^…ещё 5 блоков не показано;/);
		expect(RU.slackOmitted(21)).toMatch(/^…ещё 21 блок не показан;/);
	});

	it('Russian scope line: the verb agrees with the count of deals in the period', () => {
		expect(RU.scope(1, 5, ru)).toBe('1 из 5 сделок создана в этом периоде');
		expect(RU.scope(21, 100, ru)).toBe('21 из 100 сделок создана в этом периоде');
		expect(RU.scope(3, 5, ru)).toBe('3 из 5 сделок созданы в этом периоде');
	});

	it('verdict rule note: a minimum of one lost deal reads in the singular', () => {
		expect(verdictTexts('en').rule(1, 60)).toMatch(/^A verdict needs at least 1 lost deal;/);
		expect(verdictTexts('en').rule(5, 60)).toMatch(/^A verdict needs at least 5 lost deals;/);
		expect(verdictTexts('ru').rule(1, 60)).toMatch(
			/^Для вердикта нужно не меньше 1 проигранной сделки;/,
		);
		expect(verdictTexts('ru').rule(5, 60)).toMatch(
			/^Для вердикта нужно не меньше 5 проигранных сделок;/,
		);
	});

	it('a single deal left out reads in the singular in Russian', () => {
		expect(speedToLeadTexts('ru').contactBeforeCreation(1, ru)).toMatch(/; она не учтена\.$/);
		expect(speedToLeadTexts('ru').contactBeforeCreation(2, ru)).toMatch(/; они не учтены\.$/);
	});

	it('"day" follows the number as shown, not the unrounded value', () => {
		expect(en.days(0.96)).toBe('1\u00a0day');
		expect(en.days(1.04)).toBe('1\u00a0day');
		expect(en.days(1.06)).toBe('1.1\u00a0days');
	});

	it('headlines agree with their counts in Russian', () => {
		const lead = leadQualityTexts('ru');
		const d = { won: 1, winRate: '50%', revenue: '1\u00a0000 RUB', romi: null };
		expect(lead.headline({ ...d, leads: 1 }, ru)).toMatch(/^1 лид, /);
		expect(lead.headline({ ...d, leads: 3 }, ru)).toMatch(/^3 лида, /);
		expect(lead.headline({ ...d, leads: 11 }, ru)).toMatch(/^11 лидов, /);
		const shares = { leadQuality: '1%', handling: '2%', other: '3%', noReason: '4%' };
		expect(lostReasonsTexts('ru').headline(21, shares, ru)).toMatch(/^21 проигранная сделка: /);
		expect(lostReasonsTexts('en').headline(1, shares, en)).toMatch(/^1 lost deal: /);
	});
});
