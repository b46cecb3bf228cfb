'use strict';
/**
 * Signed Telegram buttons in a real n8n: "Build Verdict Buttons" signs the keyboard for Demo CRM deal 100001 with the
 * Sales Bridge Signing Key credential, a Set node turns two of its buttons into Telegram callback_query updates (as the
 * Telegram Trigger emits them) next to a tampered verdict button and a brief acknowledgement button signed for
 * Telegram user 42 (pressed once by 42 and once by 99). The router must count only the genuine ones, send the rest
 * to Other with the reason, and pass each callback_query.id through for "Answer Query".
 *
 * The credential is imported here (the shared fakes import only CRM credentials), then the workflow is run again:
 * only that second run is checked. The tampered and acknowledgement data in the workflow were signed with SECRET.
 */
const path = require('node:path');

const { signCallback, signVerdictCallback } = require(
	path.join(__dirname, '..', '..', '..', 'dist', 'nodes', 'shared', 'brief', 'signing.js'),
);

const workflow = 'feedback-router-signed.workflow.json';
const SECRET = 'e2e-feedback-router-signing-key-0123456789';

module.exports = {
	title: 'Feedback Router verifies signed Telegram verdict and brief buttons',
	workflow,
	async check({ n8n }) {
		await n8n.importCredentials([
			{
				id: 'e2eSigningKey003', // its own id: other tests import the shared key under e2eSigningKey001
				name: 'E2E Sales Bridge Signing Key',
				type: 'salesBridgeSigningKeyApi',
				data: { secret: SECRET },
			},
		]);
		const { nodeOutput } = require(path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'n8n'));
		const execution = await n8n.rest.execute(
			'e2eFeedbackRtr02',
			"When clicking 'Execute workflow'",
		);
		expect(execution.status).toBe('success');
		const out = (name) => nodeOutput(execution, `Out: ${name}`) ?? [];

		const [buttons] = nodeOutput(execution, 'Verdict buttons for the deal');
		const expected = signVerdictCallback(
			{ crm: 'demo', dealId: '100001', decision: 'reject', reasonCode: 'not_target' },
			SECRET,
		);
		expect(buttons.verdictButtons.callbackData.reject_not_target).toBe(expected);

		expect(
			out('Lead Verdict').map((item) => [item.decision, item.reasonCode, item.quality]),
		).toEqual([
			['reject', 'not_target', null],
			['accept', null, 4],
		]);
		expect(out('Lead Verdict')[0]).toMatchObject({
			signature: 'valid',
			noteText: 'Lead rejected by Anna: not our target customer (lead quality).',
			telegram: { callbackQueryId: 'cbq-2001', chatId: 42, messageId: 9 },
		});
		const ack = signCallback(
			{ briefId: 'a1B2c3D4e5F6', version: 3, recipientId: '42', action: 'ack' },
			SECRET,
		);
		expect(out('Acknowledgement')).toHaveLength(1);
		expect(out('Acknowledgement')[0]).toMatchObject({
			briefId: 'a1B2c3D4e5F6',
			briefVersion: 3,
			telegram: { callbackQueryId: 'cbq-2004', callbackData: ack },
		});
		expect(
			out('Other').map((item) => [item.telegram.callbackQueryId, item.signatureProblem]),
		).toEqual([
			['cbq-2003', 'bad-signature'],
			['cbq-2005', 'other-recipient'],
		]);
		const notes = nodeOutput(execution, 'Write the verdict to the CRM');
		expect(notes.map((note) => note.dealId)).toEqual(['100001', '100001']);
	},
};
