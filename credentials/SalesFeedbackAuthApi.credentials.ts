import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What callers of the Sales Feedback Trigger's form endpoint must present when the trigger's Authentication is
 * "Header Token" or "Basic Auth" (nodes/shared/feedback/auth.ts). It authenticates requests coming IN to n8n, so n8n
 * makes no request with it; the trigger's credential test (testedBy) checks its shape instead. The display name ends in
 * "API" because n8n's lint requires it.
 */
export class SalesFeedbackAuthApi implements ICredentialType {
	name = 'salesFeedbackAuthApi';

	displayName = 'Sales Feedback Auth API';

	icon: Icon = {
		light: 'file:../icons/feedbackAuth.svg',
		dark: 'file:../icons/feedbackAuth.dark.svg',
	};

	documentationUrl =
		'https://github.com/sales-marketing-bridge/n8n-nodes-sales-marketing-bridge/blob/main/docs/nodes/salesFeedbackTrigger.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Feedback-Token',
			description: 'For Header Token: the request header that carries the token',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For Header Token: a random value of at least 16 characters',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'For Basic Auth: the user name',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For Basic Auth: the password',
		},
	];
}
