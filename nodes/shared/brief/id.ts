/**
 * The deterministic brief id: 12 characters of [0-9A-Za-z] from the normalised title and the version.
 *
 * Why the version is in the id: a Brief record is one version of a brief. The Feedback record carries only `briefId`
 * (shared/design.md, "Records"), the feedback form is prefilled with it, and the Brief impact report reads one release
 * date per brief; so each version needs its own id for feedback and impact to be told apart per version. A re-run of
 * the same title and version gives the same id, so it does not create a second brief. The brief's series (all versions
 * of one title) is `briefSeriesId(title)`, when someone needs to group versions.
 *
 * The title is normalised (Unicode NFKC, lower case, inner whitespace collapsed, trimmed), so "Cold call opener" and
 * " cold  call Opener " are one brief; any other difference in wording is a different brief.
 */
import { createHash } from 'crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const BRIEF_ID_LENGTH = 12;

export function normaliseTitle(title: string): string {
	return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** 12 base62 characters from the first 9 bytes (72 bits) of a SHA-256; 62^12 ≈ 2^71.5, so all 12 carry information. */
function base62Digest(message: string): string {
	const digest = createHash('sha256').update(message, 'utf8').digest();
	let value = BigInt(`0x${digest.subarray(0, 9).toString('hex')}`);
	const base = BigInt(62);
	let out = '';
	for (let index = 0; index < BRIEF_ID_LENGTH; index++) {
		out = ALPHABET[Number(value % base)] + out;
		value /= base;
	}
	return out;
}

export function briefId(title: string, version: number): string {
	return base62Digest(`sales-brief/id/1\n${normaliseTitle(title)}\n${version}`);
}

/** The same for every version of one title: groups versions of a brief. */
export function briefSeriesId(title: string): string {
	return base62Digest(`sales-brief/series/1\n${normaliseTitle(title)}`);
}
