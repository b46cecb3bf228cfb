/**
 * The brief content: from the marketer's input to a validated Brief record and a channel-neutral document.
 * The Sales Brief node adds the channel messages, buttons and signed links (signing.ts) on top.
 */
export type { BriefInput, BriefInputOptions } from './input';
export {
	BriefInputError,
	fieldName,
	TEXT_MAX_LENGTH,
	validateBriefInput,
	WHY_EXAMPLES,
	TITLE_MAX_LENGTH,
	MAX_VERSION,
} from './input';
export { briefId, briefSeriesId, normaliseTitle, BRIEF_ID_LENGTH } from './id';
export type { BriefChange } from './diff';
export { diffBriefs, formatBriefDate } from './diff';
export type { BriefParts, BriefRecipientRef, ComposeOptions } from './compose';
export { briefDocumentTitle, briefParts, composeBriefDocument, feedbackFormLink } from './compose';
export type { BlockPlaceholder, InlinePlaceholder, ParsedTemplate } from './customTemplate';
export {
	BLOCK_PLACEHOLDERS,
	CUSTOM_TEMPLATE_MAX_LENGTH,
	INLINE_PLACEHOLDERS,
	PLACEHOLDER_NAMES,
	parseCustomTemplate,
	renderCustomTemplate,
} from './customTemplate';
export type { MetricUnit } from './templates/metrics';
export {
	formatMetricValue,
	METRIC_HIGHER_IS_BETTER,
	METRIC_UNITS,
	metricLabel,
	metricMeaning,
	metricUnit,
} from './templates/metrics';
export type { AssetTypeTexts } from './templates/assetTypes';
export { assetTypeLabel, assetTypeTexts } from './templates/assetTypes';
export type { BriefTexts } from './templates/common';
export { briefTexts } from './templates/common';
export * from './types';
