/**
 * Fault class C: credential fields that steer the request to another host. With no Base URL the adapter builds the
 * host from the amoCRM subdomain (§3.1: "the exact address of your account, e.g. https://subdomain.kommo.com") or
 * the Pipedrive company domain; anything but a plain name must be refused before a single request goes out. A Base
 * URL must be http(s) and carry no user or password.
 */
import { adapterFor } from '../../nodes/shared/crm/registry';
import { CRMS, messageOf, runGetMany, useFaultMatrix } from './matrix';
import type { Crm, CrmId } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

/** No request reached any fake, and nothing tried to connect to the attacker. */
function nothingSent(): { proxied: number; attackerConnections: number } {
	return {
		proxied: CRMS.reduce((sum, id) => sum + h.crms[id].proxy.requests.length, 0),
		attackerConnections: h.attacker.connections,
	};
}

describe('C. an amoCRM subdomain that is not a plain name', () => {
	// `PORT` becomes the attacker's port: today several of these reach it (over TLS, so only a handshake here).
	const SUBDOMAINS = [
		'localhost:PORT/',
		'127。0。0。1:PORT/',
		'127。0。0。1',
		'evil.com/x',
		'a@b',
		'localhost:PORT#',
		'localhost:PORT?',
	];
	it.each(SUBDOMAINS)('subdomain %j → refused before any request', async (raw) => {
		const crm = h.crms.amocrm;
		const subdomain = raw.replace('PORT', String(h.attacker.port));
		const result = await runGetMany(crm, {
			credentials: { ...crm.credentials(), subdomain, baseUrl: '' },
		});
		const sent = nothingSent();
		expect(result.error).toBeDefined();
		expect(messageOf(result.error)).toMatch(/must be a plain name/i);
		expect(sent).toEqual({ proxied: 0, attackerConnections: 0 });
	});

	it('a punycode subdomain (xn--80ak6aa92e) is a plain name: accepted', async () => {
		const endpoints = adapterFor('amocrm')!.resolveEndpoints({
			subdomain: 'xn--80ak6aa92e',
			domain: 'amocrm.ru',
			accessToken: 't',
		});
		expect(endpoints.baseUrl).toBe('https://xn--80ak6aa92e.amocrm.ru');
		// Through the node it goes to DNS, which cannot resolve it here: any failure but the plain-name one.
		const crm = h.crms.amocrm;
		const result = await runGetMany(crm, {
			credentials: { ...crm.credentials(), subdomain: 'xn--80ak6aa92e', baseUrl: '' },
		});
		expect(messageOf(result.error)).not.toMatch(/plain name/i);
	});
});

describe('C. a Pipedrive company domain that is not a plain name', () => {
	const DOMAINS = [
		'localhost:PORT',
		'localhost:PORT/',
		'evil/x',
		'localhost:PORT?',
		'localhost:PORT#',
		'localhost:PORT\\',
	];
	it.each(DOMAINS)('company domain %j → refused before any request', async (raw) => {
		const crm = h.crms.pipedrive;
		const companyDomain = raw.replace('PORT', String(h.attacker.port));
		const result = await runGetMany(crm, {
			credentials: { ...crm.credentials(), companyDomain, baseUrl: '' },
		});
		const sent = nothingSent();
		expect(result.error).toBeDefined();
		expect(messageOf(result.error)).toMatch(/must be a plain name/i);
		expect(sent).toEqual({ proxied: 0, attackerConnections: 0 });
	});

	it('a punycode company domain is a plain name: accepted', () => {
		expect(
			adapterFor('pipedrive')!.resolveEndpoints({ apiToken: 't', companyDomain: 'xn--80ak6aa92e' })
				.uiUrl,
		).toBe('https://xn--80ak6aa92e.pipedrive.com');
	});
});

describe('C. a Base URL that is not plain http(s)', () => {
	const WITH_BASE_URL: CrmId[] = ['amocrm', 'hubspot', 'pipedrive'];
	const BASE_URLS = ['ftp://x', 'javascript:alert(1)', 'http://user:pass@127.0.0.1:PORT'];
	const cases: Array<[CrmId, string]> = WITH_BASE_URL.flatMap((crm) =>
		BASE_URLS.map((url): [CrmId, string] => [crm, url]),
	);
	const withBase = (crm: Crm, baseUrl: string) => ({ ...crm.credentials(), baseUrl });

	it.each(cases)('%s: Base URL %j → fails naming the Base URL, nothing sent', async (id, raw) => {
		const crm = h.crms[id];
		const baseUrl = raw.replace('PORT', String(h.attacker.port));
		const result = await runGetMany(crm, { credentials: withBase(crm, baseUrl) });
		const sent = nothingSent();
		expect(result.error).toBeDefined();
		expect(messageOf(result.error)).toMatch(/Base URL/);
		expect(sent).toEqual({ proxied: 0, attackerConnections: 0 });
	});

	it('bitrix24: a webhook URL with a user and password → refused, nothing sent', async () => {
		const crm = h.crms.bitrix24;
		const webhookUrl = `http://user:pass@127.0.0.1:${h.attacker.port}/rest/1/${crm.secret}/`;
		const result = await runGetMany(crm, { credentials: { webhookUrl } });
		const sent = nothingSent();
		expect(result.error).toBeDefined();
		// Bitrix24 has no Base URL field: the origin comes from the webhook URL (§4.1).
		expect(messageOf(result.error)).toMatch(/Base URL|webhook URL/);
		expect(messageOf(result.error)).not.toContain(crm.secret);
		expect(sent).toEqual({ proxied: 0, attackerConnections: 0 });
	});
});
