import type { IDataObject } from 'n8n-workflow';

import { signCallback, signVerdictCallback } from '../../nodes/shared/brief/signing';
import { route, SECRET } from './routerHarness';

/**
 * Telegram updates as n8n's Telegram Trigger emits them: the raw Bot API Update object
 * (https://core.telegram.org/bots/api#update, #callbackquery, #message; shared/reference/n8n-builtins.md).
 */
interface TgUser {
	id: number;
	first_name: string;
	[key: string]: unknown;
}
const anna: TgUser = {
	id: 111222333,
	is_bot: false,
	first_name: 'Anna',
	last_name: 'Petrova',
	username: 'anna_sales',
	language_code: 'en',
};
const ivan: TgUser = {
	id: 444555666,
	is_bot: false,
	first_name: 'Иван',
	username: 'ivan_p',
	language_code: 'ru',
};

let updateId = 900000;
function press(data: string, from: TgUser = anna, chatId = from.id): IDataObject {
	return {
		update_id: ++updateId,
		callback_query: {
			id: `4382bfdwdsb323b2d${updateId}`,
			from,
			message: {
				message_id: 77,
				from: { id: 7000000001, is_bot: true, first_name: 'Sales Bridge' },
				chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
				date: 1764640000,
				text: 'New lead #17657',
			},
			chat_instance: '-5871234567890123456',
			data,
		},
	};
}

function text(message: string, from: TgUser = anna, extra: IDataObject = {}): IDataObject {
	return {
		update_id: ++updateId,
		message: {
			message_id: 78,
			from,
			chat: { id: from.id, type: 'private', first_name: from.first_name },
			date: 1764640100,
			text: message,
			...extra,
		},
	};
}

const reject = signVerdictCallback(
	{ crm: 'amocrm', dealId: '17657', decision: 'reject', reasonCode: 'not_target' },
	SECRET,
);
const accept = signVerdictCallback(
	{ crm: 'amocrm', dealId: '17657', decision: 'accept', quality: 4 },
	SECRET,
);
const ackForAnna = signCallback(
	{ briefId: 'a1B2c3D4e5F6', version: 3, recipientId: String(anna.id), action: 'ack' },
	SECRET,
);
const questionForAnna = signCallback(
	{ briefId: 'a1B2c3D4e5F6', version: 3, recipientId: String(anna.id), action: 'question' },
	SECRET,
);

describe('Feedback Router: Telegram updates', () => {
	it('routes a signed reject button to Lead Verdict with the CRM note fields and the callback query id', async () => {
		const update = press(reject);
		const { byOutput, landing, error } = await route([update]);
		expect(error).toBeUndefined();
		expect(landing).toEqual([['leadVerdict']]);
		const [item] = byOutput.leadVerdict;
		expect(item).toMatchObject({
			category: 'leadVerdict',
			matchedRule: 'signed:verdict',
			type: 'verdict',
			source: 'telegram',
			signature: 'valid',
			crm: 'amocrm',
			dealId: '17657',
			decision: 'reject',
			reasonCode: 'not_target',
			reasonClass: 'leadQuality',
			rep: 'Anna Petrova',
			language: 'en',
			noteText: 'Lead rejected by Anna Petrova: not our target customer (lead quality).',
			noteReady: true,
			telegram: {
				updateId: update.update_id,
				callbackQueryId: (update.callback_query as IDataObject).id,
				callbackData: reject,
				chatId: anna.id,
				messageId: 77,
				fromId: anna.id,
				fromUsername: 'anna_sales',
				fromName: 'Anna Petrova',
			},
		});
		expect(item.id).toMatch(/^fb_[0-9a-f]{20}$/);
	});

	it('writes the note in Russian for a Russian-speaking rep and keeps the accept score', async () => {
		const { byOutput } = await route([press(accept, ivan)]);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			decision: 'accept',
			quality: 4,
			reasonClass: null,
			language: 'ru',
			noteText: 'Лид принят (Иван), качество лида 4/5.',
		});
	});

	it('gives the same id to a double press by the same person and a different one for another person', async () => {
		const { byOutput } = await route([press(reject), press(reject), press(reject, ivan)]);
		const ids = byOutput.leadVerdict.map((item) => item.id);
		expect(ids[0]).toBe(ids[1]);
		expect(ids[2]).not.toBe(ids[0]);
	});

	it('routes signed brief buttons to Acknowledgement and Question', async () => {
		const { byOutput, landing } = await route([press(ackForAnna), press(questionForAnna)]);
		expect(landing).toEqual([['acknowledgement'], ['question']]);
		expect(byOutput.acknowledgement[0]).toMatchObject({
			type: 'acknowledgement',
			matchedRule: 'signed:ack',
			briefId: 'a1B2c3D4e5F6',
			briefVersion: 3,
			rep: String(anna.id),
			signature: 'valid',
		});
		expect(byOutput.question[0]).toMatchObject({
			type: 'question',
			matchedRule: 'signed:question',
		});
	});

	it('never counts a tampered, foreign-key, other-recipient or oversize button: Other, with the reason', async () => {
		const tampered = reject.replace(':17657:', ':17658:');
		const otherKey = signVerdictCallback(
			{ crm: 'amocrm', dealId: '17657', decision: 'reject', reasonCode: 'spam' },
			'z'.repeat(40),
		);
		const oversize = ackForAnna + 'x'.repeat(64);
		const flippedAck =
			ackForAnna.slice(0, 5) + (ackForAnna[5] === 'A' ? 'B' : 'A') + ackForAnna.slice(6);
		const { byOutput, landing } = await route([
			press(tampered),
			press(otherKey),
			press(ackForAnna, ivan), // Anna's button pressed by Ivan in his own chat
			press(oversize),
			press(flippedAck),
			press(ackForAnna.replace(':a1B2c3D4e5F6:', ':a1B2c3D4e5F7:')), // Anna's tag on another brief
		]);
		expect(landing).toEqual([['other'], ['other'], ['other'], ['other'], ['other'], ['other']]);
		expect(byOutput.other.map((item) => item.signatureProblem)).toEqual([
			'bad-signature',
			'bad-signature',
			'other-recipient',
			'malformed',
			'bad-signature',
			'bad-signature',
		]);
		for (const item of byOutput.other) {
			expect(item).toMatchObject({
				signature: 'invalid',
				category: 'other',
				decision: null,
				briefId: null,
			});
			expect((item.telegram as IDataObject).callbackQueryId).toEqual(expect.any(String));
		}
		expect(byOutput.acknowledgement).toEqual([]);
		expect(byOutput.leadVerdict).toEqual([]);
	});

	it('accepts a brief button pressed in the group chat it was sent to', async () => {
		const group = -1001234567890;
		const ackForGroup = signCallback(
			{ briefId: 'b7', version: 1, recipientId: String(group), action: 'ack' },
			SECRET,
		);
		const { landing } = await route([press(ackForGroup, ivan, group)]);
		expect(landing).toEqual([['acknowledgement']]);
		// With the check off, a button for someone else counts as theirs.
		const off = await route([press(ackForAnna, ivan)], { options: { checkRecipient: false } });
		expect(off.landing).toEqual([['acknowledgement']]);
	});

	it('sends other bots’ buttons to Other without a signature verdict', async () => {
		const { byOutput } = await route([press('menu:prices')]);
		expect(byOutput.other[0]).toMatchObject({
			matchedRule: 'telegram:foreignButton',
			signature: 'none',
			signatureProblem: null,
		});
	});

	it('classifies text replies and takes the deal from the verdict buttons of the message replied to', async () => {
		const reply = text('Нецелевой, ищет работу', ivan, {
			reply_to_message: {
				message_id: 77,
				from: { id: 7000000001, is_bot: true, first_name: 'Sales Bridge' },
				chat: { id: ivan.id, type: 'private' },
				date: 1764640000,
				text: 'New lead #17657',
				reply_markup: { inline_keyboard: [[{ text: '✅ 4', callback_data: accept }]] },
			},
		});
		const forged = text('нецелевой лид', ivan, {
			reply_to_message: {
				message_id: 79,
				chat: { id: ivan.id, type: 'private' },
				date: 1764640000,
				reply_markup: {
					inline_keyboard: [[{ text: '✅', callback_data: accept.replace(':17657:', ':99999:') }]],
				},
			},
		});
		const { byOutput, landing } = await route([
			reply,
			forged,
			text('Clients keep asking about installments'),
			text('Can you send the new deck?'),
			text('Got it 👍'),
			text('see you tomorrow'),
			{
				update_id: ++updateId,
				message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 1, sticker: {} },
			},
		]);
		expect(landing).toEqual([
			['leadVerdict'],
			['leadVerdict'],
			['customerVoice'],
			['question'],
			['acknowledgement'],
			['other'],
			['other'],
		]);
		expect(byOutput.leadVerdict[0]).toMatchObject({
			crm: 'amocrm',
			dealId: '17657',
			decision: 'reject',
			reasonCode: null,
			reasonClass: 'leadQuality',
			matchedRule: 'builtIn:verdictReject:ru',
			noteText: 'Лид отклонён (Иван): качество лида. Комментарий: Нецелевой, ищет работу.',
			noteReady: true,
			submittedAt: new Date(1764640100 * 1000).toISOString(),
		});
		// A forged keyboard in the replied message gives no deal.
		expect(byOutput.leadVerdict[1]).toMatchObject({ dealId: null, noteReady: false });
		expect(byOutput.question[0]).toMatchObject({ matchedRule: 'builtIn:contentRequest:en' });
	});

	it('fails with the item index when a signed button arrives and the node has no key', async () => {
		const { error } = await route([text('ok'), press(reject)], {}, { withKey: false });
		expect(error?.message).toMatch(/no Sales Bridge Signing Key credential/);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, puts the failed item on Other with the error and keeps going', async () => {
		const { byOutput, paired } = await route(
			[press(reject), text('ok')],
			{},
			{ withKey: false, continueOnFail: true },
		);
		expect(byOutput.other[0]).toEqual({
			error:
				'A signed Sales Bridge button was pressed, but the Feedback Router has no Sales Bridge Signing Key credential',
		});
		expect(byOutput.acknowledgement).toHaveLength(1);
		expect(paired).toEqual(expect.arrayContaining([{ item: 0 }, { item: 1 }]));
	});
});
