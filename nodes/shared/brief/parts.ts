/**
 * Every piece of a brief's text, computed once in the brief's language: the built-in layout (compose.ts) and a custom
 * template (customTemplate.ts) arrange the same pieces.
 */
import { DateTime } from 'luxon';

import type { Block, RichText, Span } from '../render/document';
import type { BriefChange } from './diff';
import { formatBriefDate } from './diff';
import { BriefInputError } from './input';
import { assetTypeTexts } from './templates/assetTypes';
import { briefTexts } from './templates/common';
import { formatMetricValue, metricLabel, metricMeaning } from './templates/metrics';
import type { Brief } from './types';

export interface BriefRecipientRef {
	id: string;
	name: string | null;
}

export interface ComposeOptions {
	/** diffBriefs(previous, brief); empty for version 1 or when the previous version is unknown. */
	changes: BriefChange[];
	/** The feedback form (the Sales Feedback Trigger's form URL); null leaves the questions without a link. */
	feedbackFormUrl: string | null;
	/** Greets by name and adds `rep=<id>` to the form link. */
	recipient?: BriefRecipientRef | null;
	/** Replaces the built-in template (customTemplate.ts); validated before rendering. */
	customTemplate?: string | null;
	timezone: string;
}

/** The feedback form address prefilled with the brief: `briefId`, `briefVersion`, `lang` and, per recipient, `rep`. */

/** The name to greet by: none when the list holds only an address ("Hi anna@acme.example!" reads like a machine). */
function greetingName(name: string | null | undefined): string | null {
	const trimmed = (name ?? '').trim();
	return trimmed === '' || /^\S+@\S+$/.test(trimmed) ? null : trimmed;
}
export function feedbackFormLink(
	feedbackFormUrl: string,
	brief: Pick<Brief, 'id' | 'version' | 'language'>,
	recipient?: BriefRecipientRef | null,
): string {
	let url: URL | null = null;
	try {
		url = new URL(feedbackFormUrl.trim());
	} catch {
		url = null;
	}
	if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new BriefInputError(
			'feedbackFormUrl',
			`The feedback form URL must start with http:// or https:// (got "${feedbackFormUrl.slice(0, 60)}")`,
			'Use the form URL of the Sales Feedback Trigger node (its production URL).',
		);
	}
	url.searchParams.set('briefId', brief.id);
	url.searchParams.set('briefVersion', String(brief.version));
	url.searchParams.set('lang', brief.language);
	if (recipient) url.searchParams.set('rep', recipient.id);
	else url.searchParams.delete('rep');
	return url.toString();
}

export function briefDocumentTitle(brief: Brief): string {
	const label = assetTypeTexts(brief.assetType, brief.language).label;
	const suffix =
		brief.version >= 2 ? ` (${briefTexts(brief.language).versionSuffix(brief.version)})` : '';
	return `${label}: ${brief.title}${suffix}`;
}

/** Calendar days from the release day to the deadline day in the timezone (0 = the same day); null if unknown. */
export function daysBetween(fromIso: string, toIso: string, timezone: string): number | null {
	const from = DateTime.fromISO(fromIso, { zone: timezone }).startOf('day');
	const to = DateTime.fromISO(toIso, { zone: timezone }).startOf('day');
	if (!from.isValid || !to.isValid || to < from) return null;
	return Math.round(to.diff(from, 'days').days);
}

/**
 * Every piece of a brief, already in the brief's language: the built-in template lays them out in its order, a custom
 * template places them where its placeholders are.
 */
export interface BriefParts {
	/** The document title: "Sales script: Cold call opener (version 2)". */
	documentTitle: string;
	/** The brief's own title. */
	title: string;
	greeting: string | null;
	intro: string;
	/** Version 2+: "What changed since version N", or null. */
	changesHeading: string | null;
	changedBecause: string;
	changeItems: RichText[];
	cause: string;
	evidence: Span | null;
	changeHeading: string;
	change: string;
	metric: string;
	baseline: string;
	target: string;
	reviewDate: string;
	effect: string;
	metricMeaning: string;
	scope: string;
	review: string | null;
	howToUseHeading: string;
	howToUse: RichText[];
	objections: RichText[];
	links: RichText[];
	audience: string;
	deadline: string;
	/** Calendar days from the release to the deadline, or null without a deadline. */
	daysLeft: number | null;
	/** The confirmation sentence, or null when no confirmation is asked. */
	ack: string | null;
	version: string;
	assetType: string;
	recipientName: string;
	feedbackUrl: string | null;
	feedbackLink: Span | null;
	questionBlocks: Block[];
}

export function briefParts(brief: Brief, options: ComposeOptions): BriefParts {
	const language = brief.language;
	const t = briefTexts(language);
	const a = assetTypeTexts(brief.assetType, language);
	const effect = brief.expectedEffect;
	const currency = effect.currency ?? null;
	const label = metricLabel(effect.metric, language);
	const baseline =
		effect.baseline === null
			? null
			: formatMetricValue(effect.metric, effect.baseline, language, currency);
	const target =
		effect.target === null
			? null
			: formatMetricValue(effect.metric, effect.target, language, currency);
	const reviewDate = formatBriefDate(effect.reviewDate, language, options.timezone);
	const scopeParts: string[] = [];
	if (effect.scope.pipeline) scopeParts.push(t.scopePipeline(effect.scope.pipeline));
	if (effect.scope.channel) scopeParts.push(t.scopeChannel(effect.scope.channel));
	if (effect.scope.owner) scopeParts.push(t.scopeOwner(effect.scope.owner));
	const deadline = formatBriefDate(brief.deadline, language, options.timezone);
	const daysLeft =
		brief.deadline === null
			? null
			: daysBetween(brief.releasedAt, brief.deadline, options.timezone);
	const recipient = options.recipient ?? null;
	const feedbackUrl =
		options.feedbackFormUrl === null || options.feedbackFormUrl.trim() === ''
			? null
			: feedbackFormLink(options.feedbackFormUrl, brief, recipient);
	const feedbackLink = feedbackUrl === null ? null : { text: t.formLink, href: feedbackUrl };

	const questionBlocks: Block[] = [
		{ kind: 'divider' },
		{ kind: 'heading', text: t.questionsHeading, level: 2 },
		{ kind: 'paragraph', text: t.questionsIntro },
		{ kind: 'list', ordered: true, items: [...t.questions] },
	];
	if (feedbackLink !== null) questionBlocks.push({ kind: 'paragraph', text: [feedbackLink] });

	const changeItems: RichText[] = options.changes.map((change) => {
		if (change.before === null) {
			return [{ text: `${change.label} (${t.added}): `, bold: true }, change.after ?? ''];
		}
		if (change.after === null) {
			return [{ text: `${change.label} (${t.removed}): `, bold: true }, change.before];
		}
		return [{ text: `${change.label}: `, bold: true }, `${change.before} → ${change.after}`];
	});

	return {
		documentTitle: briefDocumentTitle(brief),
		title: brief.title,
		greeting: recipient ? t.greeting(greetingName(recipient.name)) : null,
		intro: brief.version >= 2 ? a.introUpdate(brief.version) : a.introNew,
		changesHeading: brief.version >= 2 ? t.whatChangedHeading(brief.version - 1) : null,
		changedBecause: brief.changedBecause ?? '',
		changeItems,
		cause: brief.cause,
		evidence: brief.evidenceUrl === null ? null : { text: t.evidence, href: brief.evidenceUrl },
		changeHeading: a.changeHeading,
		change: brief.change,
		metric: label,
		baseline: baseline ?? '',
		target: target ?? '',
		reviewDate: reviewDate ?? '',
		effect: t.effect(label, baseline, target, reviewDate),
		metricMeaning: t.metricMeaning(metricMeaning(effect.metric, language)),
		scope: scopeParts.length === 0 ? '' : `${t.scopeIntro}${scopeParts.join(', ')}.`,
		review: reviewDate === null ? null : t.review(reviewDate),
		howToUseHeading: a.howToUseHeading,
		howToUse: [...brief.howToUse],
		objections: brief.objections.map((o) => [
			{ text: t.quote(o.objection), bold: true },
			` — ${o.answer}`,
		]),
		links: brief.links.map((link) => ({ text: link.title, href: link.url })),
		audience: brief.audience ?? '',
		deadline: deadline ?? '',
		daysLeft,
		ack: brief.ackRequired ? t.ack(deadline, daysLeft) : null,
		version: String(brief.version),
		assetType: a.label,
		recipientName: recipient?.name ?? '',
		feedbackUrl,
		feedbackLink,
		questionBlocks,
	};
}
