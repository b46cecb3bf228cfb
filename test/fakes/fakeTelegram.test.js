'use strict';
/**
 * The fake Telegram Bot API refuses what Telegram refuses (https://core.telegram.org/bots/api, wordings in the
 * fake's header comment) and answers in Telegram's envelope. The e2e suites trust it to catch bad messages.
 */
const { startFakeTelegram } = require('../e2e/support/fakeTelegram');

const TOKEN = '123456:ABC-def_ghi';
let telegram;
beforeAll(async () => {
	telegram = await startFakeTelegram();
});
afterAll(() => telegram.close());
beforeEach(() => telegram.reset());

const call = async (method, body, { token = TOKEN, form = false } = {}) => {
	const response = await fetch(`${telegram.baseUrl}/bot${token}/${method}`, {
		method: 'POST',
		headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
		body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
	});
	return { status: response.status, json: await response.json() };
};

test('an accepted HTML message with an inline keyboard is kept and answered with a Message', async () => {
	const markup = { inline_keyboard: [[{ text: 'OK', callback_data: 'x'.repeat(64) }, { text: 'Open', url: 'https://example.com' }]] };
	const answer = await call('sendMessage', { chat_id: -100123, text: '<b>Hi</b> &amp; bye', parse_mode: 'HTML', reply_markup: markup });
	expect(answer).toMatchObject({ status: 200, json: { ok: true, result: { message_id: 1, text: 'Hi & bye', chat: { id: -100123 } } } });
	expect(telegram.messages).toMatchObject([{ chatId: '-100123', plainText: 'Hi & bye', replyMarkup: markup }]);
});

test('form-encoded calls carry reply_markup as JSON text, as Telegram allows', async () => {
	const markup = { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] };
	const answer = await call('sendMessage', { chat_id: '42', text: 'plain', reply_markup: JSON.stringify(markup) }, { form: true });
	expect(answer.status).toBe(200);
	expect(telegram.messages[0].replyMarkup).toEqual(markup);
});

test.each([
	['an unclosed tag', { text: '<b>bold', parse_mode: 'HTML' }, /^Bad Request: can't parse entities/],
	['a tag Telegram does not know', { text: '<div>x</div>', parse_mode: 'HTML' }, /^Bad Request: can't parse entities/],
	['text over 4,096 characters after parsing', { text: `<b>${'a'.repeat(4097)}</b>`, parse_mode: 'HTML' }, /^Bad Request: message is too long$/],
	['empty text', { text: '' }, /^Bad Request: message text is empty$/],
	['callback data over 64 bytes', { text: 'x', reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'ж'.repeat(33) }]] } }, /BUTTON_DATA_INVALID/],
	['a button with two actions', { text: 'x', reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'a', url: 'https://e.com' }]] } }, /can't parse inline keyboard button/],
	['a button with no action', { text: 'x', reply_markup: { inline_keyboard: [[{ text: 'B' }]] } }, /can't parse inline keyboard button/],
	['no chat', { chat_id: undefined, text: 'x' }, /chat_id is empty/],
])('sendMessage with %s is refused with 400 and not delivered', async (_what, body, description) => {
	const answer = await call('sendMessage', { chat_id: 1, ...body });
	expect(answer.status).toBe(400);
	expect(answer.json).toMatchObject({ ok: false, error_code: 400 });
	expect(answer.json.description).toMatch(description);
	expect(telegram.messages).toEqual([]);
	expect(telegram.rejected).toHaveLength(1);
});

test('a malformed token is 401 Unauthorized and an unknown method 404, in the envelope', async () => {
	expect(await call('getMe', {}, { token: 'not-a-token' })).toEqual({ status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
	expect((await call('sendSticker', {})).status).toBe(404);
});

test('setWebhook takes HTTPS or loopback HTTP, checks the secret token, and deliverUpdate sends it', async () => {
	expect((await call('setWebhook', { url: 'http://example.com/hook' })).json.description).toMatch(/HTTPS url must be provided/);
	expect((await call('setWebhook', { url: 'https://example.com/hook', secret_token: 'has space' })).status).toBe(400);

	let received;
	const http = require('node:http');
	const receiver = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			received = { secret: request.headers['x-telegram-bot-api-secret-token'], type: request.headers['content-type'], body: JSON.parse(body) };
			response.end('ok');
		});
	});
	await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	try {
		const url = `http://127.0.0.1:${receiver.address().port}/hook`;
		expect((await call('setWebhook', { url, secret_token: 's3cret_-X', allowed_updates: ['callback_query'] })).json).toEqual({ ok: true, result: true });
		expect((await call('getWebhookInfo', {})).json.result).toMatchObject({ url, allowed_updates: ['callback_query'] });
		expect(await telegram.deliverUpdate(telegram.messageUpdate({ text: 'hi' }))).toMatchObject({ skipped: true });
		const update = telegram.callbackQueryUpdate({ data: 'sb2|x' });
		expect(await telegram.deliverUpdate(update)).toEqual({ status: 200, text: 'ok' });
		expect(received).toEqual({ secret: 's3cret_-X', type: 'application/json', body: update });
	} finally {
		receiver.close();
	}
});

test('answerCallbackQuery needs the query id and keeps text up to 200 characters', async () => {
	expect((await call('answerCallbackQuery', { text: 'x' })).status).toBe(400);
	expect((await call('answerCallbackQuery', { callback_query_id: '7', text: 'y'.repeat(201) })).status).toBe(400);
	expect((await call('answerCallbackQuery', { callback_query_id: '7', text: 'Saved', show_alert: true })).status).toBe(200);
	expect(telegram.callbackAnswers).toEqual([{ token: TOKEN, callbackQueryId: '7', text: 'Saved', showAlert: true }]);
});
