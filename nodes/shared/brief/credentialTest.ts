import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { checkSecret } from './signing';

/**
 * Every node that signs or verifies with the Sales Bridge Signing Key names this test (`testedBy`, written out as a
 * literal there: n8n's lint reads it statically).
 */
export const SIGNING_KEY_TEST = 'salesBridgeSigningKeyTest';

/** The credential test: the key is only used to sign, so "works" means "long enough to sign with" (no HTTP). */
export async function testSigningKey(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		checkSecret(credential.data?.secret);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'The signing key is usable.' };
}
