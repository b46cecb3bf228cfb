/**
 * Credential fields that become part of an address. A subdomain such as `localhost:8990/` or `127。0。0。1`
 * (ideographic full stops, which URL parsers read as dots) would otherwise send the token to another host, so
 * every such field must be one plain DNS label before any request is made.
 */

/** One DNS label: letters, digits and inner hyphens, at most 63 characters (RFC 1035 §2.3.1); IDN as punycode. */
export const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Reads a subdomain-like field. Accepts the plain label (`mycompany`) and, since people paste addresses, the full
 * address of the account on one of the CRM's own domains (`https://mycompany.amocrm.ru/`). Anything else throws.
 */
export function plainLabel(
	value: unknown,
	options: { field: string; crm: string; example: string; domains: string[] },
): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value).trim().toLowerCase();
	if (text === '') return null;
	const domains = options.domains.map((d) => d.replace(/\./g, '\\.')).join('|');
	const pasted = new RegExp(`^(?:https?://)?([^./]+)\\.(?:${domains})/?$`).exec(text);
	const label = pasted ? pasted[1] : text;
	if (DNS_LABEL.test(label)) return label;
	throw new Error(
		`The ${options.crm} ${options.field} must be a plain name such as "${options.example}": letters, digits and hyphens only (got "${String(value).slice(0, 40)}")`,
	);
}

/**
 * The optional Base URL (for a proxy or a test server) stays free-form, but must be an http(s) address without a
 * user name or password in it (those would be sent to whatever host it names, and shown in logs).
 */
export function checkedBaseUrl(value: unknown, crm: string, what = 'Base URL'): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value).trim();
	if (text === '') return null;
	let url: URL | null = null;
	try {
		url = new URL(text);
	} catch {
		url = null;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new Error(
			`The ${crm} ${what} must be an http:// or https:// address such as https://proxy.example.com${what === 'Base URL' ? ' — or leave it empty' : ''}`,
		);
	}
	if (url.username || url.password) {
		throw new Error(
			`The ${crm} ${what} must not contain a user name or password: remove the "user:password@" part`,
		);
	}
	return text.replace(/\/+$/, '');
}
