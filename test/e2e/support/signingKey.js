'use strict';
/**
 * The "Sales Bridge Signing Key" credential the real-n8n suite imports (through n8n's CLI, like the CRM credentials),
 * for case workflows with a Sales Brief (and later the Sales Feedback Trigger). The key is a test value: it signs only
 * links to example.com in this suite.
 */
const SIGNING_CREDENTIAL_ID = 'e2eSigningKey001';
/** A key one character too short: the credential test and the node must refuse it. */
const SHORT_SIGNING_CREDENTIAL_ID = 'e2eSigningKey002';
const E2E_SIGNING_KEY = `e2e-${'s'.repeat(16)}-0123456789abcdef`;

const signingCredentials = () => [
	{
		id: SIGNING_CREDENTIAL_ID,
		name: 'E2E Sales Bridge Signing Key',
		type: 'salesBridgeSigningKeyApi',
		data: { secret: E2E_SIGNING_KEY },
	},
	{
		id: SHORT_SIGNING_CREDENTIAL_ID,
		name: 'E2E Sales Bridge Signing Key (too short)',
		type: 'salesBridgeSigningKeyApi',
		data: { secret: 'k'.repeat(31) },
	},
];

module.exports = {
	E2E_SIGNING_KEY,
	SHORT_SIGNING_CREDENTIAL_ID,
	SIGNING_CREDENTIAL_ID,
	signingCredentials,
};
