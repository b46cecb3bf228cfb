import {
	CALLBACK_MAX_BYTES,
	RESERVED_CALLBACK_PREFIX,
	canonicalVerdictClaims,
	hmacSha256,
	isBriefCallback,
	isVerdictCallback,
	signCallback,
	signVerdictCallback,
	verdictClaimsProblem,
	verifyCallback,
	verifyVerdictCallback,
} from '../../nodes/shared/brief/signing';
import type { VerdictClaims } from '../../nodes/shared/brief/signing';

/** docs/brief-links.md, "Lead-verdict buttons (sb2)": the format these tests hold the code to. */
const SECRET = 'k'.repeat(16) + '0123456789abcdef';
const OTHER_SECRET = 'z'.repeat(16) + '0123456789abcdef';

const reject: VerdictClaims = {
	crm: 'amocrm',
	dealId: '17657',
	decision: 'reject',
	reasonCode: 'not_target',
};
const accept: VerdictClaims = { crm: 'bitrix24', dealId: '4521', decision: 'accept', quality: 4 };
const longest: VerdictClaims = {
	crm: 'hubspot',
	dealId: 'D'.repeat(25),
	decision: 'reject',
	reasonCode: 'r'.repeat(20),
};

describe('sb2 verdict callback data', () => {
	it('has the documented layout and round-trips accept and reject', () => {
		const data = signVerdictCallback(reject, SECRET);
		expect(data).toMatch(/^sb2r[0-9A-Za-z_-]{12}m:17657:not_target$/);
		expect(verifyVerdictCallback(data, SECRET)).toEqual({ ok: true, claims: reject });
		const a = signVerdictCallback(accept, SECRET);
		expect(a).toMatch(/^sb2a[0-9A-Za-z_-]{12}b:4521:4$/);
		expect(verifyVerdictCallback(a, SECRET)).toEqual({ ok: true, claims: accept });
		const noScore: VerdictClaims = { ...accept, quality: null };
		const n = signVerdictCallback(noScore, SECRET);
		expect(n.endsWith(':4521:')).toBe(true);
		expect(verifyVerdictCallback(n, SECRET)).toEqual({ ok: true, claims: noScore });
	});

	it('signs the canonical message with the first 9 bytes of HMAC-SHA256', () => {
		expect(canonicalVerdictClaims(reject)).toBe(
			'sales-bridge/verdict/2\nreject\namocrm\n17657\nnot_target',
		);
		const tag = hmacSha256(SECRET, canonicalVerdictClaims(reject))
			.subarray(0, 9)
			.toString('base64url');
		expect(signVerdictCallback(reject, SECRET)).toBe(`sb2r${tag}m:17657:not_target`);
	});

	it('fits 64 bytes with the longest claims and never starts like n8n or sb1 buttons', () => {
		const data = signVerdictCallback(longest, SECRET);
		expect(Buffer.byteLength(data, 'utf8')).toBe(CALLBACK_MAX_BYTES);
		expect(data.startsWith(RESERVED_CALLBACK_PREFIX)).toBe(false);
		expect(isBriefCallback(data)).toBe(false);
		expect(isVerdictCallback(data)).toBe(true);
		expect(verifyVerdictCallback(data, SECRET)).toEqual({ ok: true, claims: longest });
	});

	it('rejects every changed claim, another key and an sb1 tag', () => {
		const data = signVerdictCallback(reject, SECRET);
		const sig = data.slice(4, 16);
		const swaps = [
			`sb2r${sig}m:17658:not_target`, // other deal
			`sb2r${sig}b:17657:not_target`, // other CRM
			`sb2r${sig}m:17657:spam`, // other reason
			`sb2a${sig}m:17657:`, // reject turned into accept
		];
		for (const forged of swaps) {
			expect(verifyVerdictCallback(forged, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
		expect(verifyVerdictCallback(data, OTHER_SECRET)).toEqual({
			ok: false,
			reason: 'bad-signature',
		});
		// One flipped tag character.
		const flipped = data.slice(0, 6) + (data[6] === 'A' ? 'B' : 'A') + data.slice(7);
		expect(verifyVerdictCallback(flipped, SECRET).ok).toBe(false);
		// A brief button is not a verdict and the other way round.
		const brief = signCallback(
			{ briefId: 'b1', version: 1, recipientId: '42', action: 'ack' },
			SECRET,
		);
		expect(verifyVerdictCallback(brief, SECRET)).toEqual({ ok: false, reason: 'malformed' });
		expect(verifyCallback(data, SECRET)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('answers missing / malformed for hostile data and never throws', () => {
		const data = signVerdictCallback(accept, SECRET);
		const cases: Array<[unknown, string]> = [
			[undefined, 'missing'],
			[null, 'missing'],
			['', 'missing'],
			[42, 'malformed'],
			[{}, 'malformed'],
			[data + 'x'.repeat(64), 'malformed'], // oversize
			[data.replace(/:4$/, ':6'), 'malformed'], // quality 6
			[data.replace(/:4$/, ':0'), 'malformed'],
			[data.replace(/:4$/, ':44'), 'malformed'],
			[data.replace('sb2a', 'sb2x'), 'malformed'],
			[data.replace('b:', 'x:'), 'malformed'], // unknown CRM code
			[data.replace(':4521:', '::'), 'malformed'], // empty deal id
			[data.replace(':4521:', ':45 21:'), 'malformed'],
			[data + ':extra', 'malformed'],
			['nhitl1|approve', 'malformed'],
			['sb2', 'malformed'],
			[`sb2r${'A'.repeat(12)}m:1:Not_Target`, 'malformed'], // upper-case reason
			[`sb2r${'A'.repeat(12)}m:1:`, 'malformed'], // reject without reason
			[`sb2r${'A'.repeat(12)}m:1:1bad`, 'malformed'], // reason must start with a letter
			[`sb2r${'A'.repeat(12)}m:1:ок`, 'malformed'], // non-ASCII
		];
		for (const [input, reason] of cases) {
			expect([input, verifyVerdictCallback(input, SECRET)]).toEqual([input, { ok: false, reason }]);
		}
	});

	it('refuses to sign claims outside the rules, with the reason', () => {
		const bad: Array<[unknown, RegExp]> = [
			[null, /object/],
			[{ ...reject, crm: 'salesforce' }, /crm must be one of demo, amocrm/],
			[{ ...reject, dealId: 'x'.repeat(26) }, /dealId/],
			[{ ...reject, dealId: '12/34' }, /dealId/],
			[{ ...reject, reasonCode: 'offer_not_explained_at_all' }, /reasonCode/],
			[{ ...accept, quality: 0 }, /quality/],
			[{ ...accept, quality: 2.5 }, /quality/],
			[{ ...reject, decision: 'maybe' }, /decision/],
		];
		for (const [claims, message] of bad) {
			expect(verdictClaimsProblem(claims)).toMatch(message);
			expect(() => signVerdictCallback(claims as VerdictClaims, SECRET)).toThrow(message);
		}
		expect(verdictClaimsProblem(reject)).toBeNull();
		expect(() => signVerdictCallback(reject, 'short')).toThrow(/too short/);
		expect(() => verifyVerdictCallback('sb2', 'short')).toThrow(/too short/);
	});

	it('keeps every built-in reason code signable', async () => {
		const { BUILT_IN_REASONS } = await import('../../nodes/shared/feedback/reasons');
		for (const reason of BUILT_IN_REASONS) {
			const claims: VerdictClaims = { ...longest, reasonCode: reason.code };
			expect(verifyVerdictCallback(signVerdictCallback(claims, SECRET), SECRET)).toEqual({
				ok: true,
				claims,
			});
		}
	});
});
