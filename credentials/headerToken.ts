import type { IAuthenticate } from 'n8n-workflow';

/**
 * Authentication that puts a token field of the credential into one request header.
 *
 * A function, not n8n's declarative `={{$credentials.…}}` form: n8n evaluates a declarative header in its expression
 * sandbox on every request (n8n `CredentialsHelper.authenticate`), 12 % of the Report's time in a 100,000-deal pull
 * (README "Deals: Pull From the CRM"); a function is one plain call. n8n calls either form the same way, also for the
 * credential test and for the HTTP Request node's predefined credential types.
 */
export function headerToken(
	header: string,
	field: string,
	format: (token: string) => string = (token) => token,
): IAuthenticate {
	return async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, [header]: format(String(credentials[field] ?? '')) },
	});
}
