import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The key that signs Sales Brief links and Telegram buttons, and that the Sales Feedback Trigger and the Feedback
 * Router verify them with (docs/brief-links.md). The display name ends in "API" because n8n's lint requires it. It never leaves n8n: no request is made with it, so there is no
 * credential test; nodes check its length before they sign or verify.
 */
export class SalesBridgeSigningKeyApi implements ICredentialType {
	name = 'salesBridgeSigningKeyApi';

	displayName = 'Sales Bridge Signing Key API';

	icon: Icon = { light: 'file:../icons/signingKey.svg', dark: 'file:../icons/signingKey.dark.svg' };

	documentationUrl =
		'https://github.com/sales-marketing-bridge/n8n-nodes-sales-marketing-bridge/blob/main/docs/brief-links.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Key',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. the output of "openssl rand -base64 32"',
			description:
				'A random key of at least 32 characters. Use the same credential in Sales Brief and in the Sales Feedback Trigger / Feedback Router. Changing it makes every link and button already sent stop working.',
		},
	];
}
