import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { classifyText, prepareUserRules, reasonClassOfText } from '../../shared/feedback/classify';
import type { CategoryMatch, PreparedUserRule, UserRule } from '../../shared/feedback/classify';
import { fromFormTrigger, isFormTriggerItem } from '../../shared/feedback/fromFormTrigger';
import { fromFeedback, fromJson, isFeedbackRecord } from '../../shared/feedback/fromJson';
import type { FieldMapping } from '../../shared/feedback/fromJson';
import {
	fromTelegram,
	isTelegramUpdate,
	MissingSigningKeyError,
} from '../../shared/feedback/fromTelegram';
import { feedbackMessage } from '../../shared/feedback/message';
import { verdictNote } from '../../shared/feedback/note';
import { feedbackRow } from '../../shared/feedback/row';
import { reasonClass } from '../../shared/feedback/reasons';
import type { ReasonCode } from '../../shared/feedback/reasons';
import { completeFeedback } from '../../shared/feedback/routed';
import type { Draft, RoutedFeedback } from '../../shared/feedback/routed';
import { FEEDBACK_CATEGORIES } from '../../shared/feedback/types';
import type { FeedbackCategory } from '../../shared/feedback/types';
import { catalogueFrom, signingKey } from './shared';

type InputFormat = 'auto' | 'feedback' | 'formTrigger' | 'json' | 'telegram';

interface RouteSettings {
	format: InputFormat;
	rules: PreparedUserRule[];
	mapping: FieldMapping[];
	catalogue: Map<string, ReasonCode>;
	allMatching: boolean;
	checkRecipient: boolean;
	defaultLanguage: 'en' | 'ru';
	secret: string | null;
}

function draftOf(json: IDataObject, settings: RouteSettings): Draft {
	const format =
		settings.format !== 'auto'
			? settings.format
			: isTelegramUpdate(json)
				? 'telegram'
				: isFormTriggerItem(json)
					? 'formTrigger'
					: isFeedbackRecord(json)
						? 'feedback'
						: 'json';
	switch (format) {
		case 'telegram':
			return fromTelegram(json, {
				secret: settings.secret,
				checkRecipient: settings.checkRecipient,
			});
		case 'formTrigger':
			return fromFormTrigger(json, settings.mapping, settings.catalogue);
		case 'feedback':
			return fromFeedback(json);
		default:
			return fromJson(json, settings.mapping, settings.catalogue);
	}
}

/** Categories in decision order: fixed (signature / input type), structure, then text rules; `other` if none. */
function categoriesOf(draft: Draft, settings: RouteSettings): CategoryMatch[] {
	if (draft.fixedCategory !== null) {
		return [{ ...draft.fixedCategory, matchedText: null }];
	}
	const f = draft.fields;
	const found: CategoryMatch[] = [];
	if (f.decision) {
		found.push({ category: 'leadVerdict', rule: 'structured:decision', matchedText: null });
	}
	if (f.firstWords || f.purchasePurpose || f.whatMatters || f.objections) {
		found.push({ category: 'customerVoice', rule: 'structured:voice', matchedText: null });
	}
	for (const match of classifyText(f.text ?? null, settings.rules)) {
		if (!found.some((m) => m.category === match.category)) found.push(match);
	}
	if (found.length === 0) found.push({ category: 'other', rule: 'default', matchedText: null });
	return found;
}

function routed(draft: Draft, match: CategoryMatch, settings: RouteSettings, now: string) {
	const fields = { ...draft.fields };
	// A text verdict ("нецелевой лид", "good lead") sets the decision it states.
	if (match.category === 'leadVerdict' && !fields.decision && match.decision) {
		fields.decision = match.decision;
		fields.type = fields.type === 'message' || !fields.type ? 'verdict' : fields.type;
	}
	const feedback = completeFeedback({ ...draft, fields }, now, settings.defaultLanguage);
	const isVerdict = match.category === 'leadVerdict';
	const cls = !isVerdict
		? null
		: feedback.reasonCode !== null
			? reasonClass(feedback.reasonCode, settings.catalogue)
			: feedback.decision === 'reject'
				? reasonClassOfText(feedback.text)
				: null;
	const noteText = isVerdict
		? verdictNote(
				{
					decision: feedback.decision,
					rep: feedback.rep,
					reasonCode: feedback.reasonCode,
					reasonClass: cls,
					quality: feedback.quality,
					comment: feedback.text,
					language: feedback.language ?? settings.defaultLanguage,
				},
				settings.catalogue,
			)
		: null;
	const routedFields: Omit<RoutedFeedback, 'row' | 'message'> = {
		...feedback,
		category: match.category,
		matchedRule: match.rule,
		matchedText: match.matchedText,
		reasonClass: cls,
		source: draft.source,
		signature: draft.signature,
		signatureProblem: draft.signatureProblem,
		telegram: draft.telegram,
		noteText,
		noteReady: noteText !== null && feedback.dealId !== null && feedback.crm !== null,
	};
	const result: RoutedFeedback = {
		...routedFields,
		row: feedbackRow(routedFields),
		message: feedbackMessage(routedFields),
	};
	return result;
}

function readSettings(ctx: IExecuteFunctions, secret: string | null): RouteSettings {
	const rulesParam = ctx.getNodeParameter('rules', 0, {}) as { rule?: UserRule[] };
	let rules: PreparedUserRule[] = [];
	let problem: string | null = null;
	try {
		rules = prepareUserRules(rulesParam.rule ?? []);
	} catch (error) {
		problem = (error as Error).message;
	}
	if (problem !== null) {
		throw new NodeOperationError(ctx.getNode(), problem, {
			description: 'Fix the rule under Rules, or remove it.',
		});
	}
	const options = ctx.getNodeParameter('options', 0, {}) as {
		allMatchingOutputs?: boolean;
		checkRecipient?: boolean;
		defaultLanguage?: string;
		fieldMapping?: { field?: FieldMapping[] };
	};
	return {
		format: ctx.getNodeParameter('inputFormat', 0, 'auto') as InputFormat,
		rules,
		mapping: (options.fieldMapping?.field ?? []).filter((m) => (m.source ?? '').trim() !== ''),
		catalogue: catalogueFrom(ctx, 'options.customReasons', 0),
		allMatching: options.allMatchingOutputs === true,
		checkRecipient: options.checkRecipient !== false,
		defaultLanguage: options.defaultLanguage === 'ru' ? 'ru' : 'en',
		secret,
	};
}

/** One item's routed copies (one, or one per matching category). Throws for a broken item. */
function routeItem(
	ctx: IExecuteFunctions,
	json: unknown,
	itemIndex: number,
	settings: RouteSettings,
	now: string,
): RoutedFeedback[] {
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new NodeOperationError(ctx.getNode(), 'The item is not a JSON object', { itemIndex });
	}
	const draft = draftOf(json as IDataObject, settings);
	const matches = categoriesOf(draft, settings);
	return (settings.allMatching ? matches : matches.slice(0, 1)).map((match) =>
		routed(draft, match, settings, now),
	);
}

function asNodeError(ctx: IExecuteFunctions, failure: unknown, itemIndex: number) {
	if (failure instanceof NodeOperationError) return failure;
	if (failure instanceof MissingSigningKeyError) {
		return new NodeOperationError(ctx.getNode(), failure.message, {
			itemIndex,
			description:
				'Select the same Sales Bridge Signing Key credential as in the node that made the buttons (Sales Brief or Build Verdict Buttons).',
		});
	}
	const message = failure instanceof Error ? failure.message : String(failure);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: INodeExecutionData[][] = FEEDBACK_CATEGORIES.map(() => []);
	const outputIndex = (category: FeedbackCategory) => FEEDBACK_CATEGORIES.indexOf(category);
	const secret = await signingKey(ctx);
	const settings = readSettings(ctx, secret);
	const now = new Date().toISOString();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let copies: RoutedFeedback[] = [];
		let failure: unknown = null;
		try {
			copies = routeItem(ctx, items[itemIndex].json, itemIndex, settings, now);
		} catch (error) {
			failure = error;
		}
		if (failure !== null) {
			const nodeError = asNodeError(ctx, failure, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			// n8n's error item; under "Continue (using error output)" n8n moves it to the Error output.
			outputs[outputIndex('other')].push({
				json: { error: nodeError.message },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		for (const copy of copies) {
			outputs[outputIndex(copy.category)].push({
				json: copy as unknown as IDataObject,
				pairedItem: { item: itemIndex },
			});
		}
	}
	return outputs;
}
