/**
 * Rendering of a RenderDocument to every delivery channel, written once for all nodes of the package.
 */
import type { RenderDocument } from './document';
import { renderEmailHtml, renderPlainText } from './email';
import { renderMarkdown } from './markdown';
import type { SlackMessage } from './slack';
import { renderSlack } from './slack';
import { renderTelegram } from './telegram';

export * from './document';
export * from './escape';
export { renderEmailHtml, renderPlainText } from './email';
export { renderMarkdown } from './markdown';
export type {
	SlackActionsBlock,
	SlackBlock,
	SlackButton,
	SlackMessage,
	SlackTextObject,
} from './slack';
export {
	renderSlack,
	slackActionsBlock,
	SLACK_BUTTON_TEXT_LIMIT,
	SLACK_BUTTON_URL_LIMIT,
	SLACK_HEADER_TEXT_LIMIT,
	SLACK_MAX_BLOCKS,
	SLACK_SECTION_TEXT_LIMIT,
} from './slack';
export { renderTelegram, TELEGRAM_MESSAGE_LIMIT } from './telegram';
export { renderBarChartSvg } from './svgChart';
export type { BarChartSpec, BarSeries } from './svgChart';

export interface RenderedChannels {
	markdown: string;
	/** One or more messages, each within Telegram's 4,096-character limit. */
	telegram: string[];
	slack: SlackMessage;
	email: { subject: string; html: string; text: string };
}

export interface RenderOptions {
	/** Text of the Slack block shown when blocks had to be dropped (in the document's language). */
	slackOmittedNote?: (omittedBlocks: number) => string;
	/** Blocks per Slack message; Slack's limit is 50. */
	slackMaxBlocks?: number;
}

export function renderAllChannels(
	document: RenderDocument,
	options: RenderOptions = {},
): RenderedChannels {
	return {
		markdown: renderMarkdown(document),
		telegram: renderTelegram(document),
		slack: renderSlack(document, options.slackOmittedNote, options.slackMaxBlocks),
		email: {
			subject: document.title.replace(/\s*[\r\n]+\s*/g, ' '),
			html: renderEmailHtml(document),
			text: renderPlainText(document),
		},
	};
}
