import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { composeBriefDocument } from '../shared/brief/compose';
import { diffBriefs } from '../shared/brief/diff';
import type { BriefInput } from '../shared/brief/input';
import { BriefInputError, validateBriefInput } from '../shared/brief/input';
import type { TelegramButtonMode } from '../shared/brief/messages';
import { buildBriefMessages } from '../shared/brief/messages';
import { checkSecret, claimsProblem } from '../shared/brief/signing';
import type { BriefRecipient } from '../shared/brief/types';

const CREDENTIAL = 'salesBridgeSigningKeyApi';

/** An error of one input item: the message, and how to fix it. */
class ItemError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

const FIX_RECIPIENTS =
	'Each recipient needs an ID of up to 32 characters: letters, digits, ".", "_", "@", "-" (e.g. anna.smirnova or a Telegram chat ID such as -1001234567890). Name, telegramChatId, slackUser and email are optional.';

function optionalText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const text = String(value).trim();
	return text === '' ? null : text;
}

function entries<T>(collection: unknown): T[] {
	const list = (collection as { entries?: T[] } | undefined)?.entries;
	return Array.isArray(list) ? list : [];
}

/** One recipient from the parameter list or an input field; `where` names it in errors. */
function readRecipient(raw: unknown, where: string): BriefRecipient {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new ItemError(`${where} is not an object with an ID`, FIX_RECIPIENTS);
	}
	const record = raw as IDataObject;
	const id = optionalText(record.id);
	const recipient: BriefRecipient = {
		id: id ?? '',
		name: optionalText(record.name),
		telegramChatId: optionalText(record.telegramChatId ?? record.chatId),
		slackUser: optionalText(record.slackUser),
		email: optionalText(record.email),
	};
	const problem =
		id === null
			? 'has no ID'
			: claimsProblem({ briefId: 'x', version: 1, recipientId: id, action: 'ack' }) === null
				? null
				: `has the ID "${id.slice(0, 40)}", which cannot be signed`;
	if (problem !== null) throw new ItemError(`${where} ${problem}`, FIX_RECIPIENTS);
	return recipient;
}

function readRecipients(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	index: number,
): BriefRecipient[] {
	const source = context.getNodeParameter('recipientsSource', index, 'none') as string;
	let list: unknown[] = [];
	let label = 'Recipient';
	if (source === 'parameter') {
		list = entries<IDataObject>(context.getNodeParameter('recipients', index, {}));
	} else if (source === 'field') {
		const field = String(context.getNodeParameter('recipientsField', index, 'recipients')).trim();
		const value = item.json[field];
		label = `Recipient in "${field}"`;
		if (!Array.isArray(value)) {
			throw new ItemError(
				`The input field "${field}" is not a list of recipients`,
				`Give each input item a field "${field}" holding an array such as [{"id": "anna", "telegramChatId": "123456789"}], or set "Recipients Field" to the field that has it. ${FIX_RECIPIENTS}`,
			);
		}
		list = value;
	}
	const recipients = list.map((raw, position) => readRecipient(raw, `${label} ${position + 1}`));
	const seen = new Set<string>();
	for (const recipient of recipients) {
		if (seen.has(recipient.id)) {
			throw new ItemError(
				`Two recipients have the ID "${recipient.id}"`,
				'Each person needs their own ID: their acknowledgement is recorded under it.',
			);
		}
		seen.add(recipient.id);
	}
	return recipients;
}

function readFeedbackUrl(context: IExecuteFunctions, index: number): string {
	const raw = String(context.getNodeParameter('feedbackUrl', index, '') ?? '').trim();
	let url: URL | null = null;
	try {
		url = new URL(raw);
	} catch {
		url = null;
	}
	if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new ItemError(
			raw === ''
				? 'The Feedback Trigger URL is empty'
				: `The Feedback Trigger URL must start with http:// or https:// (got "${raw.slice(0, 60)}")`,
			'Add a Sales Feedback Trigger node to a workflow, copy its Production URL and paste it here. The buttons of the brief open it.',
		);
	}
	return raw;
}

function readInput(context: IExecuteFunctions, index: number): BriefInput {
	const get = (name: string, fallback: unknown = '') =>
		context.getNodeParameter(name, index, fallback);
	const scope = get('scope', {}) as IDataObject;
	const options = get('options', {}) as IDataObject;
	const ackRequired = get('ackRequired', true) === true;
	return {
		assetType: get('assetType', 'salesScript'),
		title: get('title'),
		version: get('version', 1),
		changedBecause: get('changedBecause'),
		cause: get('cause'),
		evidenceUrl: get('evidenceUrl'),
		change: get('change'),
		expectedEffect: {
			metric: get('metric', 'winRate'),
			baseline: get('baseline'),
			target: get('target'),
			reviewDate: get('reviewDate'),
			currency: get('currency'),
			scope: { pipeline: scope.pipeline, channel: scope.channel, owner: scope.owner },
		},
		howToUse: get('howToUse'),
		objections: entries(get('objections', {})),
		links: entries(get('links', {})),
		audience: get('audience'),
		ackRequired,
		deadline: ackRequired ? get('deadline') : '',
		language: get('language', 'en'),
		previous: options.previousBrief === '' ? undefined : options.previousBrief,
	};
}

function briefItems(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	index: number,
	secret: string | null,
): INodeExecutionData[] {
	const timezone = context.getTimezone();
	const { brief, previous } = validateBriefInput(readInput(context, index), {
		now: new Date(),
		timezone,
	});
	const changes = previous === null ? [] : diffBriefs(previous, brief, brief.language, timezone);
	const feedbackUrl = readFeedbackUrl(context, index);
	const recipients = readRecipients(context, item, index);
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	const customTemplate = optionalText(options.customTemplate);
	const telegramButtons: TelegramButtonMode =
		options.telegramButtons === 'callback' ? 'callback' : 'url';
	const targets: Array<BriefRecipient | null> = recipients.length > 0 ? recipients : [null];
	return targets.map((recipient) => {
		const document = composeBriefDocument(brief, {
			changes,
			feedbackFormUrl: feedbackUrl,
			recipient: recipient === null ? null : { id: recipient.id, name: recipient.name },
			customTemplate,
			timezone,
		});
		const messages = buildBriefMessages(brief, document, recipient, {
			feedbackUrl,
			secret,
			telegramButtons,
		});
		const out: INodeExecutionData = {
			json: {
				brief,
				changes,
				recipient,
				messages,
				signed: secret !== null,
			} as unknown as IDataObject,
			pairedItem: { item: index },
		};
		if (item.binary !== undefined) out.binary = item.binary;
		return out;
	});
}

function toNodeError(
	context: IExecuteFunctions,
	error: unknown,
	index: number,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof BriefInputError || error instanceof ItemError) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex: index,
			description: error.description || undefined,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex: index });
}

/**
 * The signing key, or null when the node has no Sales Bridge Signing Key credential: then the node renders a preview
 * (so an example workflow runs from "Execute workflow" before anything is set up) whose links carry no signature —
 * the Sales Feedback Trigger refuses them — and says so in an execution hint and in `signed: false` on every item.
 */
async function readSecret(
	context: IExecuteFunctions,
): Promise<{ secret: string | null; keyProblem: string | null }> {
	if (!context.getNode().credentials?.[CREDENTIAL]) return { secret: null, keyProblem: null };
	const credentials = await context.getCredentials(CREDENTIAL);
	try {
		checkSecret(credentials.secret);
	} catch (error) {
		return { secret: null, keyProblem: (error as Error).message };
	}
	return { secret: credentials.secret as string, keyProblem: null };
}

export const PREVIEW_HINT =
	'Preview: this node has no Sales Bridge Signing Key credential, so the buttons and links are not signed and the Sales Feedback Trigger will refuse them. Add the credential (a random key of at least 32 characters) before sending the brief.';

export async function executeBrief(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const { secret, keyProblem } = await readSecret(context);
	if (secret === null && keyProblem === null) {
		context.addExecutionHints({ message: PREVIEW_HINT, type: 'warning', location: 'outputPane' });
	}
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		let failure: NodeOperationError | null = null;
		try {
			if (keyProblem !== null) {
				throw new ItemError(
					keyProblem,
					'Sales Brief signs its buttons with this key; the Sales Feedback Trigger checks them with the same credential.',
				);
			}
			out.push(...briefItems(context, items[index], index, secret));
		} catch (error) {
			failure = toNodeError(context, error, index);
		}
		if (failure === null) continue;
		if (context.continueOnFail()) {
			out.push({
				json: { error: failure.message, description: failure.description ?? null },
				pairedItem: { item: index },
			});
			continue;
		}
		throw failure;
	}
	return [out];
}
