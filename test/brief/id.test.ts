import { createHash } from 'crypto';

import {
	BRIEF_ID_LENGTH,
	briefId,
	briefSeriesId,
	normaliseTitle,
} from '../../nodes/shared/brief/id';
import { claimsProblem } from '../../nodes/shared/brief/signing';

describe('briefId', () => {
	test('12 characters of [0-9A-Za-z], valid as a signed-link claim', () => {
		for (let version = 1; version <= 999; version += 37) {
			const id = briefId(`Brief ${version} «Ёлка» & <b>`, version);
			expect(id).toMatch(/^[0-9A-Za-z]{12}$/);
			expect(id).toHaveLength(BRIEF_ID_LENGTH);
			expect(claimsProblem({ briefId: id, version, recipientId: 'r1', action: 'ack' })).toBeNull();
		}
	});

	test('a re-run gives the same id; case, Unicode form and spaces of the title do not matter', () => {
		expect(briefId('Cold call opener', 2)).toBe(briefId('Cold call opener', 2));
		expect(briefId('  cold   CALL opener ', 2)).toBe(briefId('Cold call opener', 2));
		// "é" as one code point and as "e" + combining accent; full-width digits.
		expect(briefId('Caf\u00e9 offer １', 1)).toBe(briefId('Cafe\u0301 offer 1', 1));
	});

	test('different versions and different titles give different ids', () => {
		const ids = new Set<string>();
		for (let version = 1; version <= 999; version++) ids.add(briefId('Cold call opener', version));
		expect(ids.size).toBe(999);
		expect(briefId('Cold call opener', 1)).not.toBe(briefId('Cold call opener!', 1));
		expect(briefId('Cold call opener', 1)).not.toBe(briefSeriesId('Cold call opener'));
	});

	test('is the documented hash: base62 of the first 9 bytes of SHA-256("sales-brief/id/1\\n<title>\\n<version>")', () => {
		const digest = createHash('sha256').update('sales-brief/id/1\ncold call opener\n1').digest();
		let value = BigInt(`0x${digest.subarray(0, 9).toString('hex')}`);
		const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
		let expected = '';
		for (let i = 0; i < 12; i++) {
			expected = alphabet[Number(value % BigInt(62))] + expected;
			value /= BigInt(62);
		}
		expect(briefId('Cold call opener', 1)).toBe(expected);
		// Pinned: changing the formula would give existing briefs new ids and orphan their feedback.
		expect(briefId('Cold call opener', 1)).toBe('53Kv8zqMBH3S');
	});

	test('series id is the same for every version of a title', () => {
		expect(briefSeriesId('Cold call opener')).toBe(briefSeriesId(' COLD call opener'));
		expect(briefSeriesId('Cold call opener')).toMatch(/^[0-9A-Za-z]{12}$/);
		expect(normaliseTitle('  A \t B\n')).toBe('a b');
	});
});
