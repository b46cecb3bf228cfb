import { composeBriefDocument } from '../../nodes/shared/brief/compose';
import {
	parseCustomTemplate,
	PLACEHOLDER_NAMES,
	renderCustomTemplate,
} from '../../nodes/shared/brief/customTemplate';
import { diffBriefs } from '../../nodes/shared/brief/diff';
import { BriefInputError, validateBriefInput } from '../../nodes/shared/brief/input';
import { briefTexts } from '../../nodes/shared/brief/templates/common';
import type { Brief } from '../../nodes/shared/brief/types';
import type { RenderDocument } from '../../nodes/shared/render';
import { plainText, renderAllChannels } from '../../nodes/shared/render';
import { OPTIONS, sampleInput } from './fixtures';
import { assertNoMarkupLeak, HOSTILE, HOSTILE_URL } from './hostile';

const TZ = OPTIONS.timezone;
const FORM = 'https://n8n.example/form/sales-feedback';
const v1: Brief = validateBriefInput(sampleInput(), OPTIONS).brief;

function templateError(text: string): BriefInputError {
	let caught: unknown = null;
	try {
		parseCustomTemplate(text);
	} catch (error) {
		caught = error;
	}
	if (!(caught instanceof BriefInputError))
		throw new Error(`expected a BriefInputError, got ${String(caught)}`);
	return caught;
}

function render(
	template: string,
	brief: Brief = v1,
	feedbackFormUrl: string | null = FORM,
): RenderDocument {
	return composeBriefDocument(brief, {
		changes: [],
		feedbackFormUrl,
		recipient: { id: 'u1', name: 'Anna' },
		customTemplate: template,
		timezone: TZ,
	});
}

describe('parseCustomTemplate: checked before rendering', () => {
	test('an unknown placeholder is an error naming it, its line, and every known placeholder', () => {
		const error = templateError('# {{title}}\n\nWe expect {{metrc}} to move.');
		expect(error.field).toBe('customTemplate');
		expect(error.message).toBe(
			'The custom template uses an unknown placeholder {{metrc}} on line 3',
		);
		for (const name of PLACEHOLDER_NAMES) expect(error.description).toContain(`{{${name}}}`);
	});

	test('a wrong case or separator gets a suggestion', () => {
		expect(templateError('By {{review_date}}').message).toContain('(did you mean {{reviewDate}}?)');
		expect(templateError('{{Title}}').message).toContain('did you mean {{title}}?');
	});

	test('unclosed placeholders and block placeholders inside text are errors', () => {
		expect(templateError('Hello {{title').message).toContain(
			'unclosed or malformed placeholder on line 1',
		);
		expect(templateError('Steps: {{howToUse}}').message).toContain('must stand alone on its line');
		expect(templateError('- {{links}}').message).toContain('must stand alone on its line');
		expect(templateError('   ').message).toContain('empty');
		expect(templateError('{{questions}}\n\n{{questions}}').message).toContain(
			'{{questions}} a second time on line 3',
		);
	});

	test('the example in docs/brief-templates.md is valid', () => {
		const example = [
			'{{greeting}}',
			'# {{title}}',
			'{{cause}} {{evidenceLink}}',
			'',
			'What changes: {{change}}',
			'{{effect}}',
			'',
			'# On the call',
			'{{howToUse}}',
			'{{objections}}',
		].join('\n');
		const doc = render(example);
		expect(doc.blocks.map((block) => block.kind).slice(0, 6)).toEqual([
			'paragraph',
			'heading',
			'paragraph',
			'paragraph',
			'heading',
			'list',
		]);
	});

	test('spaces inside the braces are fine', () => {
		expect(() => parseCustomTemplate('{{ title }} and {{  cause }}')).not.toThrow();
	});

	test('composeBriefDocument refuses a bad template before composing anything', () => {
		expect(() => render('{{nope}}')).toThrow('unknown placeholder {{nope}}');
	});
});

describe('renderCustomTemplate: the line syntax', () => {
	const template = [
		'{{greeting}}',
		'# Why: {{title}}',
		'{{cause}}',
		'Data: {{evidenceLink}}',
		'',
		'# What to do',
		'{{howToUse}}',
		'- Target: {{target}} (from {{baseline}}) by {{reviewDate}}',
		'- Metric: {{metric}}',
		'Why we changed it: {{changedBecause}}',
		'Reach us any time.',
	].join('\n');

	test('headings, paragraphs (lines kept together), lists and block placeholders', () => {
		const doc = render(template);
		expect(doc.title).toBe('Sales script: Cold call opener');
		const summary = doc.blocks.map((block) =>
			block.kind === 'list'
				? `${block.ordered ? 'ol' : 'ul'}:${block.items.map(plainText).join('|')}`
				: 'text' in block
					? `${block.kind}:${plainText(block.text)}`
					: block.kind,
		);
		const t = briefTexts('en');
		expect(summary).toEqual([
			'paragraph:Hi Anna!',
			'heading:Why: Cold call opener',
			`paragraph:${v1.cause}\nData: See the data`,
			'heading:What to do',
			`ol:${v1.howToUse.join('|')}`,
			'ul:Target: 27% (from 21%) by 15 Jan 2027|Metric: Win rate',
			// "Why we changed it: {{changedBecause}}" is left out in version 1: its only placeholder is empty.
			'paragraph:Reach us any time.',
			// The three questions are appended because the template does not place {{questions}}.
			'divider',
			`heading:${t.questionsHeading}`,
			`paragraph:${t.questionsIntro}`,
			`ol:${t.questions.join('|')}`,
			`paragraph:${t.formLink}`,
		]);
	});

	test('{{questions}} places the questions once, where the template says', () => {
		const doc = render('{{questions}}\n\nThanks, {{recipientName}}!');
		const text = doc.blocks
			.map((block) => ('text' in block ? plainText(block.text) : ''))
			.join('\n');
		expect(text.indexOf(briefTexts('en').questionsHeading)).toBeLessThan(
			text.indexOf('Thanks, Anna!'),
		);
		expect(text.split(briefTexts('en').questionsHeading)).toHaveLength(2);
	});

	test('{{feedbackLink}} and {{feedbackUrl}} carry the prefilled link; empty without a form URL', () => {
		const doc = render('Answer: {{feedbackLink}}\n\nOr open {{feedbackUrl}}\n\n{{questions}}');
		const spans = doc.blocks.flatMap((block) =>
			'text' in block && Array.isArray(block.text) ? block.text : [],
		);
		const links = spans.flatMap((span) =>
			typeof span === 'object' && span.href ? [span.href] : [],
		);
		const expected = `${FORM}?briefId=${v1.id}&briefVersion=1&lang=en&rep=u1`;
		expect(links.filter((href) => href === expected).length).toBeGreaterThanOrEqual(2);
		const noForm = render('Answer: {{feedbackLink}}\n\nOr open {{feedbackUrl}}\n\nEnd', v1, null);
		const texts = noForm.blocks.map((block) =>
			block.kind === 'list'
				? block.items.map(plainText).join('\n')
				: 'text' in block
					? plainText(block.text)
					: '',
		);
		expect(texts).not.toContain('Answer: ');
		expect(texts).toContain('End');
		for (const question of briefTexts('en').questions) expect(texts.join('\n')).toContain(question);
	});

	test('{{changes}} and {{changedBecause}} in a version 2 brief, in Russian', () => {
		const { brief: v2 } = validateBriefInput(
			sampleInput({
				language: 'ru',
				version: 2,
				changedBecause: 'Клиенты спрашивают про цену.',
				expectedEffect: { ...sampleInput().expectedEffect!, target: 30 },
			}),
			OPTIONS,
		);
		const doc = renderCustomTemplate(
			'Почему: {{changedBecause}}\n{{changes}}\nВерсия {{version}}, {{assetType}}',
			v2,
			{
				changes: diffBriefs({ ...v1, language: 'ru' }, v2, 'ru', TZ),
				feedbackFormUrl: null,
				timezone: TZ,
			},
		);
		const texts = doc.blocks.map((block) =>
			block.kind === 'list'
				? block.items.map(plainText).join('|')
				: 'text' in block
					? plainText(block.text)
					: '',
		);
		expect(texts.slice(0, 3)).toEqual([
			'Почему: Клиенты спрашивают про цену.',
			'Цель: 27% → 30%',
			'Версия 2, Скрипт продаж',
		]);
		expect(texts).toContain('Три вопроса к вам');
	});

	test('markup typed into the template or the brief stays text in every channel', () => {
		const { brief } = validateBriefInput(
			sampleInput({
				cause: HOSTILE,
				change: HOSTILE,
				evidenceUrl: HOSTILE_URL,
				howToUse: [HOSTILE],
				objections: [{ objection: HOSTILE, answer: HOSTILE }],
				links: [{ title: HOSTILE, url: HOSTILE_URL }],
			}),
			OPTIONS,
		);
		const template = `# <b>{{title}}</b> & <!channel>\n${HOSTILE.split('\n')[0]}\n{{cause}} {{evidenceLink}}\n{{change}}\n{{howToUse}}\n{{objections}}\n{{links}}`;
		const doc = composeBriefDocument(brief, {
			changes: [],
			feedbackFormUrl: FORM,
			recipient: { id: 'u1', name: HOSTILE },
			customTemplate: template,
			timezone: TZ,
		});
		assertNoMarkupLeak(renderAllChannels(doc));
	});
});
