import {
	buildReport,
	computeAttributionHealth,
	createDimensionReader,
	renderReport,
	resolvePeriod,
} from '../../nodes/shared/report';
import { titleFingerprint } from '../../nodes/shared/report/attributionHealth';
import { deal, NOW } from './fixtures';

const ALL_TIME = resolvePeriod({ preset: 'allTime' }, NOW, 'UTC');
const byOwner = [createDimensionReader('owner', 'UTC')];

/** Five deals, one clean and four with the problems named next to them. */
function fixture() {
	return [
		// clean
		deal({
			title: 'Alpha',
			source: 'ads',
			utm: { source: 'vk', medium: 'cpc', campaign: 'c1' },
			ownerId: 'u1',
			ownerName: 'Anna',
			status: 'won',
			amount: 100,
			currency: 'RUB',
		}),
		// placeholder source, no UTM → no channel; no amount; repeats "Alpha"
		deal({ title: ' alpha ', source: 'unknown', ownerId: 'u1', ownerName: 'Anna' }),
		// no source but a UTM source without medium/campaign; no owner; won without amount
		deal({ source: null, utm: { source: 'vk' }, status: 'won' }),
		// CRM source only; amount without currency; lost without reason
		deal({
			title: 'Beta',
			source: 'ads',
			ownerId: 'u1',
			ownerName: 'Anna',
			status: 'lost',
			amount: 50,
		}),
		// Russian placeholder source and only a campaign tag → no channel; repeats "Beta"
		deal({
			title: 'Beta',
			source: 'Неизвестно',
			utm: { campaign: 'c' },
			ownerId: 'u2',
			ownerName: 'Boris',
			status: 'lost',
			lostReason: 'No answer',
			amount: 10,
			currency: 'RUB',
		}),
	];
}

describe('attribution health', () => {
	const result = computeAttributionHealth(fixture(), { readers: byOwner, period: ALL_TIME });

	it('counts each problem against its own base', () => {
		expect(result.totals).toEqual({
			deals: 5,
			won: 2,
			lost: 2,
			clean: 1,
			cleanPct: 20,
			unattributed: 2,
			unattributedPct: 40,
			noSource: 3,
			noSourcePct: 60,
			noUtm: 2,
			noUtmPct: 40,
			partialUtm: 1,
			partialUtmPct: 20,
			unknownOwner: 1,
			unknownOwnerPct: 20,
			wonWithoutAmount: 1,
			wonWithoutAmountPct: 50,
			missingAmount: 2,
			missingAmountPct: 40,
			missingCurrency: 1,
			missingCurrencyPct: 33.3,
			lostWithoutReason: 1,
			lostWithoutReasonPct: 50,
			duplicateTitle: 2,
			duplicateTitlePct: 40,
		});
	});

	it('lists the problems worst first, each with who should fix it', () => {
		expect(
			result.issues.map((issue) => [
				issue.issue,
				issue.count,
				issue.base,
				issue.pct,
				issue.fixOwner,
			]),
		).toEqual([
			['noSource', 3, 5, 60, 'crmAdmin'],
			['wonWithoutAmount', 1, 2, 50, 'salesReps'],
			['lostWithoutReason', 1, 2, 50, 'salesReps'],
			['unattributed', 2, 5, 40, 'marketing'],
			['noUtm', 2, 5, 40, 'marketing'],
			['missingAmount', 2, 5, 40, 'salesReps'],
			['duplicateTitle', 2, 5, 40, 'crmAdmin'],
			['missingCurrency', 1, 3, 33.3, 'crmAdmin'],
			['partialUtm', 1, 5, 20, 'marketing'],
			['unknownOwner', 1, 5, 20, 'headOfSales'],
		]);
		expect(result.topDuplicateTitles).toEqual([
			{ title: 'Alpha', count: 2 },
			{ title: 'Beta', count: 2 },
		]);
	});

	it('splits the counts per owner', () => {
		expect(
			result.rows.map((row) => [row.groupKey, row.group, row.deals, row.clean, row.duplicateTitle]),
		).toEqual([
			['u1', 'Anna', 3, 1, 1],
			['u2', 'Boris', 1, 0, 1],
			['', null, 1, 0, 0],
		]);
	});

	it('keeps only the five most repeated titles', () => {
		const deals = [
			'a',
			'a',
			'b',
			'b',
			'b',
			'c',
			'c',
			'd',
			'd',
			'e',
			'e',
			'f',
			'f',
			'f',
			'f',
			'g',
		].map((title) => deal({ title }));
		const titles = computeAttributionHealth(deals, {
			readers: byOwner,
			period: ALL_TIME,
		}).topDuplicateTitles;
		expect(titles).toEqual([
			{ title: 'f', count: 4 },
			{ title: 'b', count: 3 },
			{ title: 'a', count: 2 },
			{ title: 'c', count: 2 },
			{ title: 'd', count: 2 },
		]);
	});

	it('counts duplicates exactly among thousands of titles (the counting table grows as it fills)', () => {
		// 5,000 deals: titles 0…3,999 once, then 1,000 repeats of titles 0, 4, 8, … in other letter case.
		const deals = [
			...Array.from({ length: 4000 }, (_, i) => deal({ title: `Order ${i} — Acme` })),
			...Array.from({ length: 1000 }, (_, i) => deal({ title: ` ORDER ${i * 4}  —  acme ` })),
		];
		const result = computeAttributionHealth(deals, { readers: byOwner, period: ALL_TIME });
		expect(result.totals.duplicateTitle).toBe(1000);
		expect(result.topDuplicateTitles).toHaveLength(5);
		expect(result.topDuplicateTitles.every((entry) => entry.count === 2)).toBe(true);
	});

	it('takes a numeric owner id (from a sheet or an Edit Fields node) as an owner, as the grouping does', () => {
		const numericOwner = deal({ title: 'Numeric owner', source: 'ads', status: 'open' });
		numericOwner.owner = { id: 42 as unknown as string, name: null };
		const result = computeAttributionHealth([numericOwner], { readers: byOwner, period: ALL_TIME });
		expect(result.rows.map((row) => row.groupKey)).toEqual(['42']);
		expect(result.totals.unknownOwner).toBe(0);
	});

	it('reports a clean base as clean', () => {
		const clean = computeAttributionHealth([fixture()[0]], { readers: byOwner, period: ALL_TIME });
		expect(clean.issues).toEqual([]);
		expect(clean.totals.cleanPct).toBe(100);
		const text = renderReport(
			buildReport([fixture()[0]], { report: 'attributionHealth', now: NOW }),
		);
		expect(text.markdown).toContain('No data-quality problems found.');
	});

	it('tells who fixes what, in English and Russian', () => {
		const en = renderReport(buildReport(fixture(), { report: 'attributionHealth', now: NOW }));
		expect(en.markdown).toContain(
			'- **Won deals without an amount**: 1 of 2 won deals (50%) — *Sales reps*: fill in the amount before moving a deal to won; make the field required',
		);
		expect(en.markdown).toContain('Most repeated titles: `Alpha` ×2, `Beta` ×2');
		const ru = renderReport(
			buildReport(fixture(), { report: 'attributionHealth', now: NOW, language: 'ru' }),
		);
		expect(ru.markdown).toContain(
			'- **Успешные сделки без суммы**: 1 из 2 успешных сделок (50%) — *Менеджеры по продажам*: заполняйте сумму до перевода сделки в «Успешно»; сделайте поле обязательным',
		);
		expect(ru.markdown).toContain('**20% сделок (1 из 5) без критичных проблем с данными.**');
	});
});

describe('titleFingerprint', () => {
	it('treats case, ё/е and white space runs as the same title', () => {
		const same = [
			'Заявка с сайта — ЁЛКИ',
			'заявка с сайта — елки',
			'  Заявка\u00a0с  сайта —\tёлки ',
			'ЗАЯВКА С САЙТА — ЕЛКИ',
		];
		expect(new Set(same.map(titleFingerprint)).size).toBe(1);
		expect(titleFingerprint('Website Order #12')).toBe(titleFingerprint('website order #12'));
		expect(titleFingerprint('ÉCOLE Ltd')).toBe(titleFingerprint('école ltd'));
	});

	it('keeps different titles apart, including ones that differ only by a space or a digit', () => {
		const titles = ['Order 1', 'Order 2', 'Order1', 'Order 12', 'Orde r1', 'Заявка', 'Заявки'];
		expect(new Set(titles.map(titleFingerprint)).size).toBe(titles.length);
		const many = Array.from({ length: 100_000 }, (_, i) => `Deal #${i} — Acme`);
		expect(new Set(many.map(titleFingerprint)).size).toBe(many.length);
	});
});

describe('attribution health: hostile repeated titles stay text in every output', () => {
	const HOSTILE = [
		'Acme\n# heading <script>alert(1)</script>',
		'Beta\r\n- item\n<img src=x onerror=alert(1)>',
		'Gamma\n\n**bold** `tick` ``` <b>x</b> & "y"',
	];
	const deals = HOSTILE.flatMap((title) => [deal({ title }), deal({ title })]);
	const built = buildReport(deals, { report: 'attributionHealth', now: NOW, timezone: 'UTC' });
	const out = renderReport(built);
	const repeatedLine = (text: string, marker: string): string => {
		const line = text.split('\n').find((candidate) => candidate.includes(marker));
		expect(line).toBeDefined();
		return line as string;
	};

	it('Markdown: the list is one line, no heading, list or HTML comes out of a title', () => {
		const md = out.markdown;
		expect(md.match(/^#/gm)).toHaveLength(1); // only the report's own title
		expect(md).not.toMatch(/^\s*- item/m);
		expect(md).not.toMatch(/^<img/m);
		const line = repeatedLine(md, 'Most repeated titles');
		for (const title of ['Acme', 'Beta', 'Gamma', 'heading', 'onerror', 'bold']) {
			expect(line).toContain(title);
		}
		// Outside code spans nothing raw: every title sits in a code span that opens and closes on this line.
		const outsideCode = line.replace(/(`+)[\s\S]*?\1/g, '');
		expect(outsideCode).not.toMatch(/[<>*#]/);
	});

	it('Telegram: one line, every tag ours, the title’s markup escaped', () => {
		const telegram = out.telegram.join('\n');
		const line = repeatedLine(telegram, 'Most repeated titles');
		expect(line).toContain('&lt;script&gt;');
		expect(line).toContain('Gamma');
		expect(telegram).not.toContain('<script>');
		expect(telegram).not.toContain('<img');
		const tags = telegram.match(/<\/?[a-z]+[^>]*>/g) ?? [];
		expect(tags.every((tag) => /^<\/?(b|i|code)>$/.test(tag))).toBe(true);
	});

	it('Slack: one line of inline code per title, no raw <, no line that starts with a title’s markup', () => {
		const texts = out.slack.blocks.map((block) =>
			'text' in block ? block.text.text : 'elements' in block ? block.elements[0].text : '',
		);
		const section = texts.find((text) => text.includes('Most repeated titles')) as string;
		expect(section.split('\n')).toHaveLength(1);
		expect(section).not.toMatch(/<(?!!)/);
		expect(section).toContain('&lt;img');
	});

	it('E-mail: HTML escaped, and the plain text keeps the list on one line', () => {
		expect(out.email.html).not.toContain('<script>');
		expect(out.email.html).not.toContain('<img');
		expect(out.email.html).toContain('&lt;script&gt;');
		const line = repeatedLine(out.email.text, 'Most repeated titles');
		expect(line).toContain('Acme # heading');
		expect(line).toContain('Gamma');
	});
});
