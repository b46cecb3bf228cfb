import { createHash } from 'crypto';

/**
 * "Skip If Already Written" for CRM Sales Data → Note → Create. A note written with the option ends with a marker
 * that names what it is about, `[sb:<key>]` (the key is e.g. the Feedback ID); before writing, the node reads the
 * deal's notes (the adapter's `listNotes`, each CRM's documented "list notes" endpoint) and writes nothing when one
 * already carries the marker. So running the same item twice — n8n's Retry of a crashed execution in queue mode,
 * a re-sent webhook — leaves one note on the deal, not two.
 *
 * Not a lock: two executions writing the same key at the very same moment can both find no marker. The marker guards
 * against a repeat after the first write, which is what a retry is.
 */

/** A note already on a deal, as far as the check needs it. */
export interface ExistingNote {
	id: string;
	text: string;
	/** ISO UTC, or null when the CRM did not say. */
	createdAt: string | null;
}

/** Characters a key keeps; anything else becomes "_", so the marker survives HTML escaping and CRM markup. */
const KEY_CHARS = /[^A-Za-z0-9_.:-]/g;
const MAX_KEY = 80;

/** The key for a note: the given one (cleaned), or, when empty, a digest of the text (same text = same note). */
export function writeKeyOf(text: string, key: string | undefined): string {
	const cleaned = String(key ?? '')
		.trim()
		.replace(KEY_CHARS, '_')
		.slice(0, MAX_KEY);
	if (cleaned !== '') return cleaned;
	return `text-${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16)}`;
}

export function noteMarker(key: string): string {
	return `[sb:${key}]`;
}

/** The text as written: the user's text, an empty line, the marker. */
export function markedText(text: string, key: string): string {
	return `${text}\n\n${noteMarker(key)}`;
}

/** The first note that carries the marker (its text contains it literally), if any. */
export function findMarked(notes: ExistingNote[], key: string): ExistingNote | undefined {
	const marker = noteMarker(key);
	return notes.find((note) => note.text.includes(marker));
}

/** Pages of a deal's notes the check reads at most (amoCRM: 10,000 notes; Pipedrive: 20,000; Bitrix24: 2,000). */
export const MAX_NOTE_PAGES = 40;

/** The deal has more notes than the check reads: it cannot tell whether the note is already there. */
export class TooManyNotesError extends Error {
	constructor(readonly dealId: string) {
		super(
			`Deal "${dealId}" has more notes than Skip If Already Written reads (${MAX_NOTE_PAGES} pages)`,
		);
	}
}

/**
 * Every note of a deal, page by page, for the adapters' `listNotes`: `readPage(cursor)` gives a page and the next
 * cursor (null on the last page). Stopping early would make the check miss a marker and write a second note, so a
 * deal with more pages than MAX_NOTE_PAGES fails instead.
 */
export async function readNotePages<C>(
	dealId: string,
	first: C,
	readPage: (cursor: C) => Promise<{ notes: ExistingNote[]; next: C | null }>,
): Promise<ExistingNote[]> {
	const all: ExistingNote[] = [];
	let cursor = first;
	for (let page = 0; page < MAX_NOTE_PAGES; page++) {
		const { notes, next } = await readPage(cursor);
		all.push(...notes);
		if (next === null) return all;
		cursor = next;
	}
	throw new TooManyNotesError(dealId);
}
