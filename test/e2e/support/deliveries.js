'use strict';
/**
 * Real deliveries for example workflows in the e2e suite: starts the fake Telegram Bot API and the SMTP sink,
 * imports n8n credentials that point at them (n8n's own credential types `telegramApi` and `smtp`), and wires
 * a copy of a workflow to them — the senders the shipped file keeps switched off are switched on, the way the
 * sticky notes tell a user to do it.
 *
 *   const deliveries = await startDeliveries(n8n);
 *   const saved = await deliveries.importWired(workflow);     // created through n8n's REST API, inactive
 *   const execution = await n8n.rest.execute(saved.id, "When clicking 'Execute workflow'");
 *   deliveries.telegram.messages; deliveries.smtp.mails;
 *   await deliveries.close();
 */

const crypto = require('node:crypto');

const { startFakeTelegram } = require('./fakeTelegram');
const { startSmtpSink } = require('./smtpSink');

/** n8n-style ids (16 letters and digits): every call gets its own, so test files never share a credential id. */
const newId = () => crypto.randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(16, '0').slice(0, 16);

/** A token in Telegram's format ("<bot id>:<secret>"); the fake accepts any such token. */
const TELEGRAM_TOKEN = '7000000001:AAE2e-fake-token-for-the-sales-bridge';

const SENDER_TYPES = {
	'n8n-nodes-base.telegram': 'telegram',
	'n8n-nodes-base.telegramTrigger': 'telegram',
	'n8n-nodes-base.emailSend': 'smtp',
};

/**
 * @param {{ importCredentials: (c: object[]) => Promise<void>, rest: any }} n8n  from instance.connect()
 */
async function startDeliveries(n8n) {
	const telegram = await startFakeTelegram();
	const smtp = await startSmtpSink();
	const credentials = {
		telegram: {
			id: newId(),
			name: 'E2E fake Telegram',
			type: 'telegramApi',
			data: { accessToken: TELEGRAM_TOKEN, baseUrl: telegram.baseUrl },
		},
		smtp: {
			id: newId(),
			name: 'E2E SMTP sink',
			type: 'smtp',
			data: { user: 'e2e', password: 'e2e-password', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true },
		},
	};
	await n8n.importCredentials(Object.values(credentials));
	const reference = (credential) => ({ id: credential.id, name: credential.name });

	/**
	 * A copy of `workflow` with its senders on and pointed at the fakes: Telegram, Telegram Trigger and Send Email
	 * nodes, and HTTP Request nodes that use the Telegram credential. Schedule triggers stay as they are.
	 * @param {object} workflow
	 * @param {{ enable?: string[], keepDisabled?: string[], name?: string }} [options]  node names to switch on as well /
	 *   to leave off
	 */
	function wire(workflow, { enable = [], keepDisabled = [], name } = {}) {
		const copy = JSON.parse(JSON.stringify(workflow));
		copy.id = newId();
		copy.name = name ?? `${workflow.name} (e2e ${copy.id.slice(0, 4)})`;
		copy.active = false;
		for (const node of copy.nodes) {
			const viaTelegram =
				node.type === 'n8n-nodes-base.httpRequest' && node.parameters && node.parameters.nodeCredentialType === 'telegramApi';
			const kind = viaTelegram ? 'telegram' : SENDER_TYPES[node.type];
			if (kind) {
				node.credentials = {
					...(node.credentials || {}),
					[kind === 'telegram' ? 'telegramApi' : 'smtp']: reference(credentials[kind]),
				};
			}
			if ((kind || enable.includes(node.name)) && !keepDisabled.includes(node.name)) delete node.disabled;
		}
		// A webhook path is unique per instance: the copy gets its own so the shipped example stays importable.
		for (const node of copy.nodes) {
			if (node.webhookId) node.webhookId = crypto.randomUUID();
		}
		return copy;
	}

	/** Creates the wired copy through n8n's REST API (as the editor's import does) and returns the saved workflow. */
	async function importWired(workflow, options) {
		const copy = wire(workflow, options);
		const { id, name, nodes, connections, settings, pinData } = copy;
		return n8n.rest.expectOk('POST', '/rest/workflows', { id, name, nodes, connections, settings: settings ?? {}, pinData: pinData ?? {} });
	}

	return {
		telegram,
		smtp,
		credentials,
		wire,
		importWired,
		close: () => Promise.all([telegram.close(), smtp.close()]),
	};
}

module.exports = { startDeliveries, TELEGRAM_TOKEN };
