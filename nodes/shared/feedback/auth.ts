/**
 * Authentication of the Sales Feedback Trigger's form endpoint: none (a public form), a header token, or HTTP Basic
 * auth (RFC 7617), with the "Sales Feedback Auth API" credential. Secrets are compared in constant time: both sides are
 * hashed with SHA-256 first, so the comparison has a fixed length whatever the client sends, and then compared with
 * crypto.timingSafeEqual. Signed brief links are not checked here (their signature is their authentication).
 */
import { createHash, timingSafeEqual } from 'crypto';

export type FeedbackAuthType = 'none' | 'headerAuth' | 'basicAuth';

export interface FeedbackAuthConfig {
	type: FeedbackAuthType;
	headerName?: string;
	token?: string;
	user?: string;
	password?: string;
}

export const DEFAULT_TOKEN_HEADER = 'X-Feedback-Token';
export const MIN_TOKEN_LENGTH = 16;

export type Headers = Record<string, unknown>;

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time equality of two strings of any length. */
export function sameSecret(expected: string, given: string): boolean {
	return timingSafeEqual(digest(expected), digest(given));
}

/** A header's single value; repeated headers (arrays) and anything else count as absent. */
function header(headers: Headers, name: string): string | null {
	const value = Object.prototype.hasOwnProperty.call(headers, name.toLowerCase())
		? headers[name.toLowerCase()]
		: undefined;
	return typeof value === 'string' ? value : null;
}

/** Why the credential cannot be used for `type`, or null. Shown by the credential test and on activation. */
export function authConfigProblem(config: FeedbackAuthConfig): string | null {
	if (config.type === 'headerAuth') {
		if (!/^[A-Za-z0-9-]{1,64}$/.test(config.headerName ?? '')) {
			return 'Header Name must be 1–64 letters, digits or "-".';
		}
		if ((config.token ?? '').length < MIN_TOKEN_LENGTH) {
			return `Token must be at least ${MIN_TOKEN_LENGTH} characters.`;
		}
	}
	if (config.type === 'basicAuth') {
		if (!config.user || config.user.includes(':'))
			return 'User must be set and must not contain ":".';
		if (!config.password) return 'Password must be set.';
	}
	return null;
}

export type AuthOutcome = { ok: true } | { ok: false; challenge: string | null };

export function checkAuth(config: FeedbackAuthConfig, headers: Headers): AuthOutcome {
	if (config.type === 'none') return { ok: true };
	// A misconfigured credential never lets anyone in.
	const usable = authConfigProblem(config) === null;
	if (config.type === 'headerAuth') {
		const given = header(headers, config.headerName ?? DEFAULT_TOKEN_HEADER);
		const ok = usable && given !== null && sameSecret(config.token ?? '', given);
		return ok ? { ok: true } : { ok: false, challenge: null };
	}
	const challenge = 'Basic realm="Sales feedback", charset="UTF-8"';
	const authorization = header(headers, 'authorization');
	const match =
		authorization === null ? null : /^Basic +([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization);
	if (!usable || match === null) return { ok: false, challenge };
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return { ok: false, challenge };
	// Both compared, always, so the time does not tell which one was wrong.
	const userOk = sameSecret(config.user ?? '', decoded.slice(0, colon));
	const passwordOk = sameSecret(config.password ?? '', decoded.slice(colon + 1));
	return userOk && passwordOk ? { ok: true } : { ok: false, challenge };
}
