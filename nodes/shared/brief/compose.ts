/**
 * A validated Brief as a channel-neutral RenderDocument, written for salespeople:
 * greeting → what changed since the last version → what we saw (cause) → what changes → what we expect (metric,
 * baseline → target by the review date) → how to use → objections → links → audience / confirmation → the three
 * questions to sales with the prefilled feedback form link. Every value is plain text in the model; the renderers in
 * nodes/shared/render escape it per channel. The acknowledge / question buttons are added by the node per channel.
 */
import type { Block, RenderDocument } from '../render/document';
import { parseCustomTemplate, renderCustomTemplate } from './customTemplate';
import type { BriefParts, ComposeOptions } from './parts';
import { briefParts } from './parts';
import { briefTexts } from './templates/common';
import type { Brief } from './types';

export type { BriefParts, BriefRecipientRef, ComposeOptions } from './parts';
export { briefDocumentTitle, briefParts, feedbackFormLink } from './parts';

function builtIn(brief: Brief, parts: BriefParts): RenderDocument {
	const t = briefTexts(brief.language);
	const blocks: Block[] = [];
	if (parts.greeting !== null) blocks.push({ kind: 'paragraph', text: parts.greeting });
	blocks.push({ kind: 'paragraph', text: parts.intro });

	if (parts.changesHeading !== null) {
		blocks.push({ kind: 'heading', text: parts.changesHeading, level: 2 });
		if (parts.changedBecause !== '') {
			blocks.push({
				kind: 'paragraph',
				text: [{ text: t.changedBecause, bold: true }, parts.changedBecause],
			});
		}
		if (parts.changeItems.length > 0) {
			blocks.push({ kind: 'paragraph', text: t.changesCount(parts.changeItems.length) });
			blocks.push({ kind: 'list', items: parts.changeItems });
		}
	}

	blocks.push({ kind: 'heading', text: t.whatWeSaw, level: 2 });
	blocks.push({ kind: 'paragraph', text: parts.cause });
	if (parts.evidence !== null) blocks.push({ kind: 'paragraph', text: [parts.evidence] });

	blocks.push({ kind: 'heading', text: parts.changeHeading, level: 2 });
	blocks.push({ kind: 'paragraph', text: parts.change });

	blocks.push({ kind: 'heading', text: t.whatWeExpect, level: 2 });
	blocks.push({ kind: 'paragraph', text: { text: parts.effect, bold: true } });
	const detail = [parts.metricMeaning, parts.scope].filter((text) => text !== '').join(' ');
	blocks.push({ kind: 'note', text: detail });
	if (parts.review !== null) blocks.push({ kind: 'paragraph', text: parts.review });

	if (parts.howToUse.length > 0) {
		blocks.push({ kind: 'heading', text: parts.howToUseHeading, level: 2 });
		blocks.push({ kind: 'list', ordered: true, items: parts.howToUse });
	}
	if (parts.objections.length > 0) {
		blocks.push({ kind: 'heading', text: t.objectionsHeading, level: 2 });
		blocks.push({ kind: 'list', items: parts.objections });
	}
	if (parts.links.length > 0) {
		blocks.push({ kind: 'heading', text: t.linksHeading, level: 2 });
		blocks.push({ kind: 'list', items: parts.links });
	}

	const footer: string[] = [];
	if (parts.audience !== '') footer.push(t.audience(parts.audience));
	if (parts.ack !== null) footer.push(parts.ack);
	else if (brief.deadline !== null && parts.deadline !== '') {
		footer.push(t.deadline(parts.deadline, parts.daysLeft));
	}
	if (footer.length > 0) blocks.push({ kind: 'paragraph', text: footer.join('\n') });

	blocks.push(...parts.questionBlocks);
	return { title: parts.documentTitle, language: brief.language, blocks };
}

export function composeBriefDocument(brief: Brief, options: ComposeOptions): RenderDocument {
	const custom = options.customTemplate;
	// Validate the template before anything else is computed: a typo in it is the user's first problem to fix.
	const template =
		custom === undefined || custom === null || custom.trim() === ''
			? null
			: parseCustomTemplate(custom);
	const parts = briefParts(brief, options);
	return template === null ? builtIn(brief, parts) : renderCustomTemplate(template, brief, parts);
}
