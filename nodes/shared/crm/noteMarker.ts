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
