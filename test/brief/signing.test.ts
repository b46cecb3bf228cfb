import {
	CALLBACK_MAX_BYTES,
	RESERVED_CALLBACK_PREFIX,
	canonicalClaims,
	checkSecret,
	claimsProblem,
	hmacSha256,
	isBriefCallback,
	signCallback,
	signLink,
	verifyCallback,
	verifyLink,
} from '../../nodes/shared/brief/signing';
import type { BriefClaims, LinkParams } from '../../nodes/shared/brief/signing';

const SECRET = 'k'.repeat(16) + '0123456789abcdef';
const OTHER_SECRET = 'z'.repeat(16) + '0123456789abcdef';

const claims: BriefClaims = {
	briefId: 'a1B2c3D4e5F6',
	version: 3,
	recipientId: 'ivan.petrov@acme',
	action: 'ack',
};

const longest: BriefClaims = {
	briefId: 'Z'.repeat(12),
	version: 999,
	recipientId: 'r'.repeat(32),
	action: 'question',
};

/** Every field changed to another valid value, one at a time. */
const moved: Array<[string, BriefClaims]> = [
	['briefId', { ...claims, briefId: 'a1B2c3D4e5F7' }],
	['version', { ...claims, version: 4 }],
	['recipientId', { ...claims, recipientId: 'maria.ivanova@acme' }],
	['action', { ...claims, action: 'question' }],
];

const hostile: unknown[] = [
	undefined,
	null,
	'',
	0,
	42,
	true,
	Symbol('x'),
	[],
	['sb1'],
	{},
	'x'.repeat(10_000_000),
	'sb1' + 'a'.repeat(1_000_000),
	'\u{1F600}'.repeat(16),
	'sb1a\u{1F600}',
	'\ud800\udfff\ud800',
	RESERVED_CALLBACK_PREFIX + 'approve',
	{ toString: () => 'sb1' },
	() => 'sb1',
];

describe('HMAC-SHA256 primitive', () => {
	it('matches RFC 4231 test case 2', () => {
		expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});
});

describe('checkSecret', () => {
	it('accepts 32 characters and more', () => {
		expect(() => checkSecret('x'.repeat(32))).not.toThrow();
		expect(() => checkSecret('x'.repeat(200))).not.toThrow();
	});

	it('rejects shorter, empty and non-string keys with the fix in the message', () => {
		expect(() => checkSecret('x'.repeat(31))).toThrow(/too short \(31 characters\).*at least 32/);
		expect(() => checkSecret('')).toThrow(/no Signing Key.*at least 32/);
		expect(() => checkSecret(undefined)).toThrow(/Sales Bridge Signing Key/);
		expect(() => checkSecret(12345)).toThrow(Error);
	});

	it('counts characters, not UTF-16 units', () => {
		expect(() => checkSecret('\u{1F511}'.repeat(31))).toThrow(/31 characters/);
	});

	it('is enforced by every sign and verify function', () => {
		const short = 'short';
		expect(() => signLink(claims, short)).toThrow(/too short/);
		expect(() => signCallback(claims, short)).toThrow(/too short/);
		expect(() => verifyLink(signLink(claims, SECRET), short)).toThrow(/too short/);
		expect(() => verifyCallback(signCallback(claims, SECRET), short)).toThrow(/too short/);
	});
});

describe('claims', () => {
	it('accepts the limits and rejects what lies beyond them', () => {
		expect(claimsProblem(claims)).toBeNull();
		expect(claimsProblem(longest)).toBeNull();
		expect(claimsProblem({ ...claims, briefId: 'Z'.repeat(13) })).toMatch(/briefId/);
		expect(claimsProblem({ ...claims, briefId: '' })).toMatch(/briefId/);
		expect(claimsProblem({ ...claims, briefId: 'ab-cd' })).toMatch(/briefId/);
		expect(claimsProblem({ ...claims, version: 0 })).toMatch(/version/);
		expect(claimsProblem({ ...claims, version: 1000 })).toMatch(/version/);
		expect(claimsProblem({ ...claims, version: 1.5 })).toMatch(/version/);
		expect(claimsProblem({ ...claims, version: '3' })).toMatch(/version/);
		expect(claimsProblem({ ...claims, recipientId: 'r'.repeat(33) })).toMatch(/recipientId/);
		expect(claimsProblem({ ...claims, recipientId: 'a:b' })).toMatch(/recipientId/);
		expect(claimsProblem({ ...claims, recipientId: 'a\nb' })).toMatch(/recipientId/);
		expect(claimsProblem({ ...claims, recipientId: 'Иван' })).toMatch(/recipientId/);
		expect(claimsProblem({ ...claims, action: 'read' })).toMatch(/action/);
		expect(claimsProblem(null)).toMatch(/object/);
	});

	it('refuses to sign invalid claims with a plain Error', () => {
		const bad = { ...claims, version: 0 };
		expect(() => signLink(bad, SECRET)).toThrow(/Cannot sign the link: version/);
		expect(() => signCallback(bad, SECRET)).toThrow(/Cannot sign the Telegram button: version/);
	});

	it('encodes claims unambiguously', () => {
		expect(canonicalClaims('ctx', claims)).toBe('ctx\nack\na1B2c3D4e5F6\n3\nivan.petrov@acme');
		// the two fields that could swap content (ids) are separated by a character neither may hold
		const a = canonicalClaims('ctx', { ...claims, briefId: 'ab', recipientId: 'c' });
		const b = canonicalClaims('ctx', { ...claims, briefId: 'a', recipientId: 'bc' });
		expect(a).not.toBe(b);
	});
});

describe('signed links', () => {
	it('round-trips', () => {
		for (const c of [claims, longest, ...moved.map(([, m]) => m)]) {
			expect(verifyLink(signLink(c, SECRET), SECRET)).toEqual({ ok: true, claims: c });
		}
	});

	it('has the documented shape', () => {
		const params = signLink(claims, SECRET);
		expect(Object.keys(params)).toEqual(['b', 'v', 'r', 'a', 's']);
		expect(params).toMatchObject({ b: 'a1B2c3D4e5F6', v: '3', r: 'ivan.petrov@acme', a: 'ack' });
		expect(params.s).toMatch(/^[0-9A-Za-z_-]{22}$/);
	});

	it('is deterministic', () => {
		expect(signLink(claims, SECRET)).toEqual(signLink({ ...claims }, SECRET));
		expect(signLink(claims, SECRET).s).not.toBe(signLink(claims, OTHER_SECRET).s);
	});

	it('survives a round trip through a URL query', () => {
		const url = new URL('https://n8n.example/webhook/feedback');
		for (const [k, v] of Object.entries(signLink(claims, SECRET))) url.searchParams.set(k, v);
		const query = Object.fromEntries(new URL(url.toString()).searchParams);
		expect(verifyLink(query, SECRET)).toEqual({ ok: true, claims });
	});

	it('rejects a tampered field', () => {
		const params = signLink(claims, SECRET);
		const tampered: Array<Partial<LinkParams>> = [
			{ b: 'a1B2c3D4e5F7' },
			{ v: '4' },
			{ r: 'maria.ivanova@acme' },
			{ a: 'question' },
		];
		for (const change of tampered) {
			expect(verifyLink({ ...params, ...change }, SECRET)).toEqual({
				ok: false,
				reason: 'bad-signature',
			});
		}
	});

	it('rejects a tampered signature, every character', () => {
		const params = signLink(claims, SECRET);
		for (let i = 0; i < params.s.length; i++) {
			const flipped = params.s[i] === 'A' ? 'B' : 'A';
			const s = params.s.slice(0, i) + flipped + params.s.slice(i + 1);
			expect(verifyLink({ ...params, s }, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
	});

	it('rejects a signature moved to another brief, version, recipient or action', () => {
		const { s } = signLink(claims, SECRET);
		for (const [, other] of moved) {
			const params = { ...signLink(other, SECRET), s };
			expect(verifyLink(params, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
	});

	it('rejects a link signed with another key', () => {
		expect(verifyLink(signLink(claims, OTHER_SECRET), SECRET)).toEqual({
			ok: false,
			reason: 'bad-signature',
		});
	});

	it('reports missing parameters', () => {
		const params = signLink(claims, SECRET);
		for (const key of Object.keys(params) as Array<keyof LinkParams>) {
			const rest: Partial<LinkParams> = { ...params };
			delete rest[key];
			expect(verifyLink(rest, SECRET)).toEqual({ ok: false, reason: 'missing' });
			expect(verifyLink({ ...params, [key]: '' }, SECRET)).toEqual({
				ok: false,
				reason: 'missing',
			});
		}
		expect(verifyLink(undefined, SECRET)).toEqual({ ok: false, reason: 'missing' });
		expect(verifyLink({}, SECRET)).toEqual({ ok: false, reason: 'missing' });
	});

	it('reports malformed parameters', () => {
		const params = signLink(claims, SECRET);
		const malformed: Array<Record<string, unknown>> = [
			{ b: [params.b, params.b] },
			{ s: [params.s] },
			{ v: { x: '1' } },
			{ v: 3 },
			{ v: '03' },
			{ v: '1000' },
			{ v: '3.0' },
			{ v: ' 3' },
			{ b: 'Z'.repeat(13) },
			{ b: 'a1B2c3D4e5F\u0436' },
			{ r: 'r'.repeat(33) },
			{ r: 'ivan petrov' },
			{ a: 'ACK' },
			{ a: 'a' },
			{ s: params.s + 'A' },
			{ s: params.s.slice(1) },
			{ s: params.s.slice(1) + '=' },
			{ s: 'x'.repeat(10_000_000) },
		];
		for (const change of malformed) {
			expect(verifyLink({ ...params, ...change }, SECRET)).toEqual({
				ok: false,
				reason: 'malformed',
			});
		}
		expect(verifyLink('b=1&v=1', SECRET)).toEqual({ ok: false, reason: 'malformed' });
		expect(verifyLink([params], SECRET)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('never throws on hostile input', () => {
		const params = signLink(claims, SECRET);
		const throwing = Object.defineProperty({ ...params }, 's', {
			enumerable: true,
			get() {
				throw new Error('boom');
			},
		});
		const inputs: unknown[] = [
			...hostile,
			...hostile.map((h) => ({ ...params, b: h })),
			...hostile.map((h) => ({ ...params, s: h })),
			throwing,
			Object.assign(Object.create(null), params),
			Object.create(params),
			JSON.parse('{"__proto__": {"b": "x"}}'),
		];
		for (const input of inputs) {
			let result: unknown;
			expect(() => {
				result = verifyLink(input, SECRET);
			}).not.toThrow();
			expect(result).toMatchObject({ ok: expect.any(Boolean) });
		}
		// inherited properties are not parameters
		expect(verifyLink(Object.create(params), SECRET)).toEqual({ ok: false, reason: 'missing' });
		expect(verifyLink(Object.assign(Object.create(null), params), SECRET)).toEqual({
			ok: true,
			claims,
		});
	});
});

describe('Telegram callback data', () => {
	it('round-trips', () => {
		for (const c of [claims, longest, ...moved.map(([, m]) => m), { ...claims, version: 1 }]) {
			expect(verifyCallback(signCallback(c, SECRET), SECRET)).toEqual({ ok: true, claims: c });
		}
	});

	it('has the documented shape', () => {
		const data = signCallback(claims, SECRET);
		expect(data).toMatch(/^sb1a[0-9A-Za-z_-]{12}3:a1B2c3D4e5F6:ivan\.petrov@acme$/);
		expect(signCallback({ ...claims, version: 999, action: 'question' }, SECRET)).toMatch(
			/^sb1q[0-9A-Za-z_-]{12}rr:/,
		);
		expect(isBriefCallback(data)).toBe(true);
		expect(isBriefCallback(RESERVED_CALLBACK_PREFIX + 'x')).toBe(false);
	});

	it('fits 64 bytes for the longest fields and never uses the n8n prefix', () => {
		const data = signCallback(longest, SECRET);
		expect(Buffer.byteLength(data, 'utf8')).toBe(64);
		expect(CALLBACK_MAX_BYTES).toBe(64);
		const samples: BriefClaims[] = [];
		for (const action of ['ack', 'question'] as const) {
			for (const version of [1, 9, 10, 35, 36, 99, 100, 500, 998, 999]) {
				for (const briefId of ['n', 'nhitl1', 'Z'.repeat(12)]) {
					for (const recipientId of ['1', 'nhitl1', '-1001234567890', 'r'.repeat(32)]) {
						samples.push({ action, version, briefId, recipientId });
					}
				}
			}
		}
		for (const sample of samples) {
			const d = signCallback(sample, SECRET);
			expect(Buffer.byteLength(d, 'utf8')).toBeGreaterThanOrEqual(1);
			expect(Buffer.byteLength(d, 'utf8')).toBeLessThanOrEqual(64);
			expect(d.startsWith(RESERVED_CALLBACK_PREFIX)).toBe(false);
			expect(d.startsWith('sb1')).toBe(true);
		}
	});

	it('is deterministic', () => {
		expect(signCallback(claims, SECRET)).toBe(signCallback({ ...claims }, SECRET));
		expect(signCallback(claims, SECRET)).not.toBe(signCallback(claims, OTHER_SECRET));
	});

	it('rejects a tampered field', () => {
		const data = signCallback(claims, SECRET);
		const tampered = [
			data.replace('sb1a', 'sb1q'),
			data.replace(/3:a1B2/, '4:a1B2'),
			data.replace('a1B2c3D4e5F6', 'a1B2c3D4e5F7'),
			data.replace('ivan.petrov', 'ivan.petroV'),
		];
		for (const t of tampered) {
			expect(t).not.toBe(data);
			expect(verifyCallback(t, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
	});

	it('rejects a tampered signature, every character', () => {
		const data = signCallback(claims, SECRET);
		for (let i = 4; i < 16; i++) {
			const flipped = data[i] === 'A' ? 'B' : 'A';
			const t = data.slice(0, i) + flipped + data.slice(i + 1);
			expect(verifyCallback(t, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
	});

	it('rejects a signature moved to another brief, version, recipient or action', () => {
		const sig = signCallback(claims, SECRET).slice(4, 16);
		for (const [, other] of moved) {
			const data = signCallback(other, SECRET);
			const forged = data.slice(0, 4) + sig + data.slice(16);
			expect(verifyCallback(forged, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		}
	});

	it('does not accept a link tag as a callback tag', () => {
		const linkSig = signLink(claims, SECRET).s.slice(0, 12);
		const data = signCallback(claims, SECRET);
		const forged = data.slice(0, 4) + linkSig + data.slice(16);
		expect(verifyCallback(forged, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('reports missing and malformed data', () => {
		const data = signCallback(claims, SECRET);
		expect(verifyCallback(undefined, SECRET)).toEqual({ ok: false, reason: 'missing' });
		expect(verifyCallback('', SECRET)).toEqual({ ok: false, reason: 'missing' });
		const malformed = [
			RESERVED_CALLBACK_PREFIX + 'abc',
			'sb2' + data.slice(3),
			data.replace('sb1a', 'sb1x'),
			data.replace('3:a1B2', '03:a1B2'),
			data.replace('3:a1B2', '0:a1B2'),
			data.replace('3:a1B2', 'rs:a1B2'), // 1000
			data.replace('3:a1B2', 'C:a1B2'), // upper-case base 36
			data + ':extra',
			data + 'x'.repeat(40),
			data.slice(0, 15) + data.slice(16),
			data.replace('ivan.petrov', 'ivan\u0000petrov'),
			[data],
		];
		for (const m of malformed) {
			expect(verifyCallback(m, SECRET)).toEqual({ ok: false, reason: 'malformed' });
		}
	});

	it('never throws on hostile input', () => {
		for (const input of hostile) {
			let result: unknown;
			expect(() => {
				result = verifyCallback(input, SECRET);
			}).not.toThrow();
			expect(result).toMatchObject({ ok: false });
		}
	});
});
