import { composeBriefDocument, feedbackFormLink } from '../../nodes/shared/brief/compose';
import { diffBriefs } from '../../nodes/shared/brief/diff';
import { BriefInputError, validateBriefInput } from '../../nodes/shared/brief/input';
import { ASSET_TYPE_TEXTS } from '../../nodes/shared/brief/templates/assetTypes';
import { briefTexts } from '../../nodes/shared/brief/templates/common';
import { metricLabel } from '../../nodes/shared/brief/templates/metrics';
import type { Brief } from '../../nodes/shared/brief/types';
import { ASSET_TYPES } from '../../nodes/shared/brief/types';
import type { Block, RenderDocument, RichText } from '../../nodes/shared/render';
import {
	plainText,
	renderAllChannels,
	SLACK_MAX_BLOCKS,
	SLACK_SECTION_TEXT_LIMIT,
	TELEGRAM_MESSAGE_LIMIT,
} from '../../nodes/shared/render';
import { OPTIONS, sampleInput } from './fixtures';
import { assertNoMarkupLeak, HOSTILE, HOSTILE_URL } from './hostile';

const FORM = 'https://n8n.example/form/sales-feedback';
const TZ = OPTIONS.timezone;

function blockTexts(block: Block): RichText[] {
	switch (block.kind) {
		case 'heading':
		case 'paragraph':
		case 'note':
			return [block.text];
		case 'list':
			return block.items;
		case 'keyValue':
			return block.pairs.flatMap((pair) => [pair.key, pair.value]);
		case 'table':
			return block.rows.flat();
		case 'divider':
			return [];
	}
}

function docText(doc: RenderDocument): string {
	return [doc.title, ...doc.blocks.flatMap(blockTexts).map(plainText)].join('\n');
}

function hrefs(doc: RenderDocument): string[] {
	return doc.blocks
		.flatMap(blockTexts)
		.flatMap((text) => (Array.isArray(text) ? text : [text]))
		.flatMap((part) => (typeof part === 'object' && part.href ? [part.href] : []));
}

function brief(overrides: Parameters<typeof sampleInput>[0] = {}): Brief {
	return validateBriefInput(sampleInput(overrides), OPTIONS).brief;
}

describe('composeBriefDocument: every asset type in both languages', () => {
	const cases = ASSET_TYPES.flatMap((assetType) =>
		(['en', 'ru'] as const).map((language) => [assetType, language] as const),
	);

	test.each(cases)('%s / %s', (assetType, language) => {
		const b = brief({
			assetType,
			language,
			cause: `Cause for ${assetType}: 38% lost as not our client.`,
			change: `Change for ${assetType}.`,
		});
		const doc = composeBriefDocument(b, { changes: [], feedbackFormUrl: FORM, timezone: TZ });
		const text = docText(doc);
		const a = ASSET_TYPE_TEXTS[assetType][language];
		const t = briefTexts(language);
		expect(doc.title).toBe(`${a.label}: Cold call opener`);
		expect(doc.language).toBe(language);
		expect(text).toContain(a.introNew);
		expect(text).toContain(a.changeHeading);
		expect(text).toContain(a.howToUseHeading);
		expect(text).toContain(`Cause for ${assetType}: 38% lost as not our client.`);
		expect(text).toContain(`Change for ${assetType}.`);
		expect(text).toContain(metricLabel('winRate', language));
		expect(text).toContain(
			language === 'en' ? 'from 21% to 27% by 15 Jan 2027' : 'с 21% до 27% к 15 янв. 2027',
		);
		for (const question of t.questions) expect(text).toContain(question);
		expect(text).toContain(t.questionsHeading);
		const link = hrefs(doc).find((href) => href.startsWith(FORM));
		expect(link).toBe(`${FORM}?briefId=${b.id}&briefVersion=1&lang=${language}`);
		// The questions come last: nothing follows the form link.
		expect(plainText((doc.blocks[doc.blocks.length - 1] as { text: RichText }).text)).toBe(
			t.formLink,
		);
	});
});

describe('composeBriefDocument: the parts of a brief', () => {
	test('order: cause → change → expected effect → how to use → objections → links → questions', () => {
		const text = docText(
			composeBriefDocument(brief(), { changes: [], feedbackFormUrl: FORM, timezone: TZ }),
		);
		const order = [
			'What we saw',
			'In October 38%',
			'What you say differently',
			'What we expect',
			'Win rate: from 21% to 27% by 15 Jan 2027.',
			'This counts won deals out of all deals closed',
			'Only for pipeline SMB, channel Google Ads.',
			'How to use it on a call',
			'Ask how many people will use it.',
			'If the client says…',
			'“Too expensive” — Compare it with one lost deal a month.',
			'Links',
			'Script in Docs',
			'For: SMB sales team',
			'Please confirm that you have read this by 4 Dec 2026 (3 days left).',
			'Three questions for you',
		];
		const positions = order.map((part) => text.indexOf(part));
		expect(positions.every((position) => position >= 0)).toBe(true);
		expect([...positions].sort((x, y) => x - y)).toEqual(positions);
	});

	test('how to use is a numbered list; evidence and links are links', () => {
		const doc = composeBriefDocument(brief(), { changes: [], feedbackFormUrl: null, timezone: TZ });
		const steps = doc.blocks.find(
			(block) => block.kind === 'list' && block.ordered && block.items.length === 3,
		);
		expect(steps).toBeDefined();
		expect(hrefs(doc)).toEqual([
			'https://reports.example.com/lost-reasons?period=2026-10',
			'https://docs.example.com/script',
		]);
	});

	test('greets the recipient by name and adds rep= to the form link', () => {
		const b = brief({ language: 'ru' });
		const doc = composeBriefDocument(b, {
			changes: [],
			feedbackFormUrl: FORM,
			recipient: { id: 'ivan.petrov@acme', name: 'Иван' },
			timezone: TZ,
		});
		expect(plainText((doc.blocks[0] as { text: RichText }).text)).toBe('Иван, здравствуйте!');
		expect(hrefs(doc)).toContain(
			`${FORM}?briefId=${b.id}&briefVersion=1&lang=ru&rep=ivan.petrov%40acme`,
		);
		const noName = composeBriefDocument(b, {
			changes: [],
			feedbackFormUrl: FORM,
			recipient: { id: 'u1', name: null },
			timezone: TZ,
		});
		expect(plainText((noName.blocks[0] as { text: RichText }).text)).toBe('Здравствуйте!');
		// A recipient list built from e-mail addresses only: "Hi anna@acme.example!" reads like a machine wrote it.
		const addressOnly = composeBriefDocument(b, {
			changes: [],
			feedbackFormUrl: FORM,
			recipient: { id: 'u2', name: ' anna.ivanova@acme.example ' },
			timezone: TZ,
		});
		expect(plainText((addressOnly.blocks[0] as { text: RichText }).text)).toBe('Здравствуйте!');
	});

	test('without a recipient: no greeting; without a form URL: the questions without a link', () => {
		const doc = composeBriefDocument(brief(), { changes: [], feedbackFormUrl: null, timezone: TZ });
		const text = docText(doc);
		expect(text).not.toContain('Hi');
		for (const question of briefTexts('en').questions) expect(text).toContain(question);
		expect(text).not.toContain(briefTexts('en').formLink);
		expect(hrefs(doc).some((href) => href.includes('briefId='))).toBe(false);
	});

	test('no acknowledgement asked: the deadline alone; no optional parts: no empty sections', () => {
		const doc = composeBriefDocument(
			brief({
				ackRequired: false,
				howToUse: '',
				objections: [],
				links: [],
				evidenceUrl: '',
				audience: '',
			}),
			{ changes: [], feedbackFormUrl: null, timezone: TZ },
		);
		const text = docText(doc);
		expect(text).toContain('Deadline: 4 Dec 2026 (3 days left).');
		expect(text).not.toContain('Please confirm');
		for (const heading of [
			'How to use it on a call',
			'If the client says…',
			'Links',
			'See the data',
			'For:',
		]) {
			expect(text).not.toContain(heading);
		}
	});

	test('version 2: "What changed since version 1", why, and the changes field by field', () => {
		const v1 = brief();
		const { brief: v2 } = validateBriefInput(
			sampleInput({
				version: 2,
				changedBecause: 'Clients asked about the price before the demo.',
				expectedEffect: { ...sampleInput().expectedEffect!, target: 30 },
				previous: v1,
			}),
			OPTIONS,
		);
		const changes = diffBriefs(v1, v2, 'en', TZ);
		const doc = composeBriefDocument(v2, { changes, feedbackFormUrl: FORM, timezone: TZ });
		const text = docText(doc);
		expect(doc.title).toBe('Sales script: Cold call opener (version 2)');
		expect(text).toContain('The call script is updated to version 2.');
		expect(text).toContain('What changed since version 1');
		expect(text).toContain('Why we changed it: Clients asked about the price before the demo.');
		expect(text).toContain('1 change:');
		expect(text).toContain('Target: 27% → 30%');
		const withSteps = composeBriefDocument(v2, {
			changes: [
				{ field: 'howToUse[3]', label: 'Step 4', before: null, after: 'Book the demo.' },
				{ field: 'links[0]', label: 'Link', before: 'Docs (https://d.example)', after: null },
			],
			feedbackFormUrl: null,
			timezone: TZ,
		});
		expect(docText(withSteps)).toContain('Step 4 (added): Book the demo.');
		expect(docText(withSteps)).toContain('Link (removed): Docs (https://d.example)');
		expect(text.indexOf('What changed since version 1')).toBeLessThan(text.indexOf('What we saw'));
		expect(hrefs(doc)).toContain(`${FORM}?briefId=${v2.id}&briefVersion=2&lang=en`);
	});

	test('Russian version 3 with several changes uses the plural form', () => {
		const v2 = brief({ language: 'ru', version: 2, changedBecause: 'x' });
		const v3 = brief({
			language: 'ru',
			version: 3,
			changedBecause: 'Клиенты просят рассрочку.',
			cause: 'Новая причина.',
			change: 'Новое изменение.',
		});
		const text = docText(
			composeBriefDocument(v3, {
				changes: diffBriefs(v2, v3, 'ru', TZ),
				feedbackFormUrl: null,
				timezone: TZ,
			}),
		);
		expect(text).toContain('Что изменилось с версии 2');
		expect(text).toContain('Почему изменили: Клиенты просят рассрочку.');
		expect(text).toContain('2 изменения:');
		expect(text).toContain('Что мы увидели: ');
	});
});

describe('feedbackFormLink', () => {
	test('keeps the form URL’s own query and replaces our parameters', () => {
		const b = brief();
		expect(
			feedbackFormLink('https://f.example/form?x=1&briefId=old#top', b, { id: 'u 1', name: null }),
		).toBe(`https://f.example/form?x=1&briefId=${b.id}&briefVersion=1&lang=en&rep=u+1#top`);
	});

	test('a form URL that is not http(s) is refused', () => {
		expect(() => feedbackFormLink('javascript:alert(1)', brief())).toThrow(BriefInputError);
		expect(() =>
			composeBriefDocument(brief(), { changes: [], feedbackFormUrl: 'nope', timezone: TZ }),
		).toThrow('The feedback form URL must start with http:// or https://');
	});
});

describe('hostile strings stay plain text in every channel', () => {
	const hostileInput = sampleInput({
		title: `Opener ${HOSTILE}`.slice(0, 200).replace(/\n/g, ' '),
		version: 2,
		changedBecause: HOSTILE,
		cause: HOSTILE,
		evidenceUrl: HOSTILE_URL,
		change: HOSTILE,
		expectedEffect: {
			metric: 'winRate',
			baseline: 21,
			target: 27,
			reviewDate: '2027-01-15',
			scope: { pipeline: HOSTILE, channel: HOSTILE, owner: HOSTILE },
		},
		howToUse: [HOSTILE, `- ${HOSTILE}`],
		objections: [{ objection: HOSTILE, answer: HOSTILE }],
		links: [{ title: HOSTILE, url: HOSTILE_URL }],
		audience: HOSTILE.replace(/\n/g, ' '),
	});

	test.each(['en', 'ru'] as const)('built-in template (%s)', (language) => {
		const v1 = brief({ language });
		const { brief: b } = validateBriefInput({ ...hostileInput, language }, OPTIONS);
		const doc = composeBriefDocument(b, {
			changes: diffBriefs(v1, b, language, TZ),
			feedbackFormUrl: FORM,
			recipient: { id: 'u1', name: HOSTILE },
			timezone: TZ,
		});
		assertNoMarkupLeak(renderAllChannels(doc));
	});
});

describe('the largest brief the validation lets through fits every channel', () => {
	test('Telegram messages ≤ 4,096 characters, Slack ≤ 50 blocks of ≤ 3,000 characters, the questions whole in Telegram', () => {
		const long = (seed: string, length: number) =>
			`${seed} `
				.repeat(Math.ceil(length / (seed.length + 1)))
				.slice(0, length)
				.trim();
		const { brief: b } = validateBriefInput(
			sampleInput({
				language: 'ru',
				title: long('Заголовок', 200),
				version: 2,
				changedBecause: long('потому что', 4000),
				cause: long('причина & <b>', 4000),
				change: long('изменение', 4000),
				howToUse: Array.from({ length: 30 }, (_, i) => long(`шаг${i}`, 1000)),
				objections: Array.from({ length: 20 }, (_, i) => ({
					objection: long(`возр${i}`, 1000),
					answer: long('ответ', 2000),
				})),
				links: Array.from({ length: 20 }, (_, i) => ({
					title: long(`ссылка${i}`, 200),
					url: `https://d.example/${i}`,
				})),
				audience: long('отдел', 200),
			}),
			OPTIONS,
		);
		const doc = composeBriefDocument(b, {
			changes: [],
			feedbackFormUrl: FORM,
			recipient: { id: 'u1', name: 'Мария' },
			timezone: TZ,
		});
		const channels = renderAllChannels(doc);
		expect(channels.telegram.length).toBeGreaterThan(5);
		for (const message of channels.telegram)
			expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
		expect(channels.slack.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
		for (const block of channels.slack.blocks) {
			if (block.type === 'section')
				expect(block.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_LIMIT);
		}
		// The questions and the form link reach Telegram whole, in the last message.
		const last = channels.telegram[channels.telegram.length - 1];
		for (const question of briefTexts('ru').questions) expect(last).toContain(question);
		expect(last).toContain(`briefId=${b.id}`);
	});
});
