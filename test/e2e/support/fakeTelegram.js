'use strict';
/**
 * A local fake of the Telegram Bot API for the e2e suite: n8n's Telegram credential has a "Base URL" field
 * (n8n-nodes-base TelegramApi.credentials: requests go to `${baseUrl}/bot${accessToken}/${method}`), so pointing it
 * here makes n8n's own Telegram node and Telegram Trigger talk to this server.
 *
 * Wire format from https://core.telegram.org/bots/api:
 *   - "Making requests": GET or POST to /bot<token>/<METHOD_NAME>; parameters in the query string,
 *     application/x-www-form-urlencoded, application/json or multipart/form-data. The answer is JSON with `ok`;
 *     on success `result`, on failure `error_code` and a human-readable `description`. Method names are
 *     case-insensitive.
 *   - An invalid token is answered 401 "Unauthorized"; an unknown method 404 "Not Found".
 *   - sendMessage: `chat_id` (Integer or String) and `text` ("1-4096 characters after entities parsing") are
 *     required; `parse_mode`; `link_preview_options` or the older `disable_web_page_preview`; `reply_markup`
 *     (an InlineKeyboardMarkup object, or its JSON serialisation when sent form-encoded). Error wordings as Telegram
 *     gives them: "Bad Request: message text is empty", "Bad Request: message is too long",
 *     "Bad Request: can't parse entities: …", "Bad Request: BUTTON_DATA_INVALID".
 *   - InlineKeyboardButton: `text` plus exactly one of the optional action fields; `callback_data` is
 *     "1-64 bytes"; a `url` must be http(s) or tg://.
 *   - answerCallbackQuery: `callback_query_id` required; `text` 0-200 characters; `show_alert`.
 *   - setWebhook: `url`, `secret_token` ("1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed"),
 *     `allowed_updates`, `drop_pending_updates`. Telegram then POSTs each Update as JSON with the header
 *     "X-Telegram-Bot-Api-Secret-Token" carrying the secret. Real Telegram wants an HTTPS URL on port 443, 80, 88
 *     or 8443; the n8n under test listens on plain HTTP on loopback, so this fake also accepts http://127.0.0.1 and
 *     http://localhost URLs — and nothing else.
 *   - getWebhookInfo → WebhookInfo { url, has_custom_certificate, pending_update_count, allowed_updates };
 *     deleteWebhook → true; getMe → User { id, is_bot: true, first_name, username }.
 *   - Update / CallbackQuery / Message objects: update_id; callback_query { id, from, message, chat_instance, data };
 *     message { message_id, from, chat { id, type }, date, text }.
 *
 * HTML text is checked by the strict checker in test/support/telegramHtml.js (stricter than Telegram where Telegram
 * is lenient), so a message n8n delivers here would also be accepted by Telegram.
 */

const http = require('node:http');

const { checkTelegramHtml, TELEGRAM_MESSAGE_LIMIT } = require('../../support/telegramHtml');

const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{1,100}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
const BUTTON_ACTIONS = [
	'url',
	'callback_data',
	'web_app',
	'login_url',
	'switch_inline_query',
	'switch_inline_query_current_chat',
	'switch_inline_query_chosen_chat',
	'copy_text',
	'callback_game',
	'pay',
];

class TelegramError extends Error {
	constructor(code, description) {
		super(description);
		this.code = code;
	}
}
const badRequest = (what) => new TelegramError(400, `Bad Request: ${what}`);

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** Parameters of a Bot API call, however they were sent (query string, JSON, form-encoded). */
function readParameters(url, contentType, raw) {
	const parameters = Object.fromEntries(url.searchParams.entries());
	if (!raw) return parameters;
	if (/application\/json/i.test(contentType)) {
		let parsed;
		try {
			parsed = JSON.parse(raw);
		} catch {
			throw badRequest("can't parse JSON body");
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('body must be a JSON object');
		return { ...parameters, ...parsed };
	}
	if (/application\/x-www-form-urlencoded/i.test(contentType)) {
		return { ...parameters, ...Object.fromEntries(new URLSearchParams(raw).entries()) };
	}
	throw badRequest(`unsupported content type ${contentType || '(none)'}`);
}

/** Form-encoded callers send objects as JSON strings; JSON callers send them as objects. Both are Telegram's way. */
function readObject(value, field) {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object') return value;
	try {
		return JSON.parse(String(value));
	} catch {
		throw badRequest(`can't parse ${field} JSON object`);
	}
}

function readBoolean(value) {
	return value === true || value === 'true' || value === 1 || value === '1';
}

function checkInlineKeyboard(markup) {
	if (markup === undefined) return;
	if (typeof markup !== 'object' || Array.isArray(markup)) throw badRequest('reply markup must be an object');
	if (!('inline_keyboard' in markup)) return; // reply keyboards, force reply, remove keyboard: not used by us
	const rows = markup.inline_keyboard;
	if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
	for (const row of rows) {
		if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
		for (const button of row) {
			if (!button || typeof button !== 'object') throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
			if (typeof button.text !== 'string' || button.text === '') throw badRequest('BUTTON_TEXT_INVALID');
			const actions = BUTTON_ACTIONS.filter((action) => button[action] !== undefined);
			if (actions.length !== 1) {
				throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
			}
			if (button.callback_data !== undefined) {
				const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
				if (typeof button.callback_data !== 'string' || bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
			}
			if (button.url !== undefined && !/^(https?|tg):\/\//i.test(String(button.url))) {
				throw badRequest('inline keyboard button URL is invalid');
			}
		}
	}
}

/**
 * Starts the fake on 127.0.0.1 (a free port).
 * @param {{ port?: number }} [options]
 */
async function startFakeTelegram({ port = 0 } = {}) {
	const state = {
		messages: [],
		rejected: [],
		callbackAnswers: [],
		calls: [],
		webhooks: new Map(),
		nextUpdateId: 100000,
		nextMessageId: new Map(),
		nextCallbackId: 1,
	};
	const botId = (token) => Number(token.split(':')[0]);
	const now = () => Math.floor(Date.now() / 1000);

	const methods = {
		getme: (token) => ({ id: botId(token), is_bot: true, first_name: 'Sales Bridge Test Bot', username: 'sales_bridge_test_bot' }),
		getwebhookinfo: (token) => {
			const hook = state.webhooks.get(token);
			return {
				url: hook ? hook.url : '',
				has_custom_certificate: false,
				pending_update_count: 0,
				...(hook && hook.allowedUpdates.length > 0 ? { allowed_updates: hook.allowedUpdates } : {}),
			};
		},
		setwebhook: (token, p) => {
			const url = String(p.url ?? '');
			if (url === '') {
				state.webhooks.delete(token);
				return true;
			}
			let parsed;
			try {
				parsed = new URL(url);
			} catch {
				throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
			}
			const loopback = parsed.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(parsed.hostname);
			if (parsed.protocol !== 'https:' && !loopback) throw badRequest('bad webhook: HTTPS url must be provided for webhook');
			if (p.secret_token !== undefined && !SECRET_PATTERN.test(String(p.secret_token))) {
				throw badRequest('bad webhook: secret token contains unallowed characters');
			}
			const allowed = readObject(p.allowed_updates, 'allowed_updates') ?? [];
			state.webhooks.set(token, {
				url,
				secretToken: p.secret_token === undefined ? undefined : String(p.secret_token),
				allowedUpdates: Array.isArray(allowed) ? allowed : [],
			});
			return true;
		},
		deletewebhook: (token) => {
			state.webhooks.delete(token);
			return true;
		},
		sendmessage: (token, p, body) => {
			if (p.chat_id === undefined || p.chat_id === '') throw badRequest('chat_id is empty');
			const text = p.text === undefined || p.text === null ? '' : String(p.text);
			const parseMode = p.parse_mode ? String(p.parse_mode) : undefined;
			let plain = text;
			if (parseMode !== undefined) {
				if (parseMode.toLowerCase() !== 'html') {
					// We only ever send HTML; other modes are real but not faked here (say so instead of guessing).
					throw badRequest(`unsupported parse_mode in this fake: ${parseMode}`);
				}
				const checked = checkTelegramHtml(text);
				// The checker also reports the length; Telegram words that one differently (below).
				const entityProblems = checked.problems.filter((problem) => !/after entity parsing/.test(problem));
				if (entityProblems.length > 0) throw badRequest(`can't parse entities: ${entityProblems[0]}`);
				plain = checked.text;
			}
			if (plain.trim() === '') throw badRequest('message text is empty');
			if (plain.length > TELEGRAM_MESSAGE_LIMIT) throw badRequest('message is too long');
			const replyMarkup = readObject(p.reply_markup, 'reply_markup');
			checkInlineKeyboard(replyMarkup);
			const chatKey = String(p.chat_id);
			const messageId = (state.nextMessageId.get(chatKey) ?? 0) + 1;
			state.nextMessageId.set(chatKey, messageId);
			const previews = readObject(p.link_preview_options, 'link_preview_options');
			const message = {
				token,
				chatId: chatKey,
				text,
				plainText: plain,
				parseMode,
				replyMarkup,
				disableWebPagePreview: readBoolean(p.disable_web_page_preview) || Boolean(previews && previews.is_disabled),
				messageId,
				body,
			};
			state.messages.push(message);
			return {
				message_id: messageId,
				from: methods.getme(token),
				chat: { id: Number.isFinite(Number(chatKey)) ? Number(chatKey) : chatKey, type: chatKey.startsWith('-') ? 'supergroup' : 'private' },
				date: now(),
				text: plain,
				...(replyMarkup ? { reply_markup: replyMarkup } : {}),
			};
		},
		answercallbackquery: (token, p) => {
			if (!p.callback_query_id) throw badRequest('query is too old and response timeout expired or query ID is invalid');
			const text = p.text === undefined ? undefined : String(p.text);
			if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
			state.callbackAnswers.push({ token, callbackQueryId: String(p.callback_query_id), text, showAlert: readBoolean(p.show_alert) });
			return true;
		},
	};

	const server = http.createServer(async (request, response) => {
		const answer = (status, payload) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(payload));
		};
		let call;
		try {
			const url = new URL(request.url, 'http://127.0.0.1');
			const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
			if (!match) throw new TelegramError(404, 'Not Found');
			const [, token, methodName] = match;
			const raw = await readBody(request);
			call = { method: methodName, token, body: raw };
			state.calls.push(call);
			if (!TOKEN_PATTERN.test(token)) throw new TelegramError(401, 'Unauthorized');
			const method = methods[methodName.toLowerCase()];
			if (!method) throw new TelegramError(404, 'Not Found');
			const parameters = readParameters(url, request.headers['content-type'], raw);
			call.parameters = parameters;
			answer(200, { ok: true, result: method(token, parameters, raw) });
		} catch (error) {
			const code = error instanceof TelegramError ? error.code : 500;
			if (call) state.rejected.push({ method: call.method, body: call.body, description: error.message });
			answer(code, { ok: false, error_code: code, description: error.message });
		}
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${server.address().port}`;

	/** The one webhook registered, or the one of `token`. */
	const webhookOf = (token) => {
		if (token !== undefined) return state.webhooks.get(token) ?? null;
		const all = [...state.webhooks.values()];
		if (all.length > 1) throw new Error('several bots registered webhooks: name the token');
		return all[0] ?? null;
	};

	const user = (id) => ({ id, is_bot: false, first_name: 'Sam', last_name: 'Seller', username: `seller${id}`, language_code: 'en' });

	return {
		baseUrl,
		port: server.address().port,
		get messages() {
			return state.messages;
		},
		get rejected() {
			return state.rejected;
		},
		get callbackAnswers() {
			return state.callbackAnswers;
		},
		get calls() {
			return state.calls;
		},
		webhook: webhookOf,
		/** n8n registers a trigger's webhook shortly AFTER it answers the activation request: wait for it. */
		async waitForWebhook(token, timeoutMs = 20000) {
			const deadline = Date.now() + timeoutMs;
			while (!webhookOf(token)) {
				if (Date.now() > deadline) throw new Error(`no setWebhook reached the fake Telegram within ${timeoutMs} ms`);
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			return webhookOf(token);
		},
		/** Delivers an Update to the registered webhook the way Telegram does: JSON POST with the secret header. */
		async deliverUpdate(update, token) {
			const hook = webhookOf(token);
			if (!hook) throw new Error('no webhook is registered with the fake Telegram (is the workflow published?)');
			const kind = Object.keys(update).find((key) => key !== 'update_id');
			if (hook.allowedUpdates.length > 0 && !hook.allowedUpdates.includes(kind)) {
				// Telegram does not deliver update kinds the bot did not ask for.
				return { status: null, text: '', skipped: true };
			}
			const headers = { 'content-type': 'application/json' };
			if (hook.secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = hook.secretToken;
			const response = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(update) });
			return { status: response.status, text: await response.text() };
		},
		messageUpdate({ text, chatId = 424242, fromId = 424242 }) {
			return {
				update_id: state.nextUpdateId++,
				message: { message_id: 1, from: user(fromId), chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' }, date: now(), text },
			};
		},
		callbackQueryUpdate({ data, chatId = 424242, fromId = 424242, messageId = 1, text = '' }) {
			return {
				update_id: state.nextUpdateId++,
				callback_query: {
					id: String(4000000000000000000n + BigInt(state.nextCallbackId++)),
					from: user(fromId),
					message: { message_id: messageId, from: methods.getme('1:x'), chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' }, date: now(), text },
					chat_instance: '-1234567890123456789',
					data,
				},
			};
		},
		reset() {
			state.messages.length = 0;
			state.rejected.length = 0;
			state.callbackAnswers.length = 0;
			state.calls.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startFakeTelegram };
