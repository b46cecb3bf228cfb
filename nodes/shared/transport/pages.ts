import { CrmPagingError } from './errors';

export interface Page<TItem, TCursor> {
	items: TItem[];
	next: TCursor | null;
	/** The CRM's own count of matching records, where it sends one (HubSpot `total`, Bitrix24 `total`). */
	total?: number | null;
}

export interface PagingOptions<TItem> {
	/** `null` = every record. */
	limit: number | null;
	/** The record's id: each id is handed out once, and a page of only known ids means the CRM is going round. */
	idOf?: (item: TItem) => string;
	/** Applied after de-duplication: filters a CRM cannot apply itself. */
	keep?: (item: TItem) => boolean;
	/** Records per full page, to bound the page count by the CRM's own total. */
	pageSize?: number;
	/** Ids already handed out by an earlier call of the same pull, when a pull is made of several listings. */
	seen?: Set<string>;
	onPage?: (collected: number) => void;
	/**
	 * Streaming: each page's new, kept records are handed here (awaited) instead of being collected, so a pull of a
	 * million records holds one page at a time; the returned list is then empty. Dedupe, limit and the loop checks
	 * are the same as without it.
	 */
	sink?: (items: TItem[]) => void | Promise<void>;
}

/** An id written as a plain whole number ("1042"): kept as a number, which the set holds without a string. */
const NUMERIC_ID = /^(0|[1-9]\d{0,14})$/;

/**
 * The ids a pull has handed out. A million-deal pull keeps a million of them; numeric ids (every CRM here but the
 * Pipedrive leads' UUIDs) are held as numbers, so the set does not keep each record's id text alive.
 */
class SeenIds {
	private readonly numbers = new Set<number>();
	private readonly texts = new Set<string>();

	/** Adds the id; false when it was handed out already. */
	add(id: string): boolean {
		if (NUMERIC_ID.test(id)) {
			const n = Number(id);
			if (this.numbers.has(n)) return false;
			this.numbers.add(n);
			return true;
		}
		if (this.texts.has(id)) return false;
		this.texts.add(id);
		return true;
	}
}

/** Room for records added while a pull runs before a page count beyond the CRM's total counts as a loop. */
const EXTRA_PAGES = 5;
/**
 * Pages in a row that bring nothing new before the loop gives up. One re-sent page is a glitch (Bitrix24 has been
 * seen to repeat a page once and go on): it is asked for again and its records dropped by id. Three in a row is a
 * CRM that ignores the cursor.
 */
const MAX_STALE_PAGES = 2;

/**
 * The one pagination loop. An adapter supplies how to fetch a page from a cursor; this loop stops at the user's
 * limit or when the CRM says there is no next page — and with an error when the CRM goes round in circles: a next
 * pointer it has already given, a page of records it has already sent, or more pages than its own total allows.
 * Every id is handed out once, whatever the CRM repeats.
 */
export async function collectPages<TItem, TCursor>(
	first: TCursor,
	fetchPage: (cursor: TCursor) => Promise<Page<TItem, TCursor>>,
	options: PagingOptions<TItem> | number | null,
): Promise<TItem[]> {
	const {
		limit,
		idOf,
		keep,
		pageSize,
		onPage,
		sink,
		seen: seenTexts,
	} = typeof options === 'object' && options !== null ? options : { limit: options };
	// Ids shared with an earlier call of the same pull go into that call's set, as text.
	const seen = seenTexts ? null : new SeenIds();
	const out: TItem[] = [];
	const cursors = new Set<string>();
	let cursor: TCursor | null = first;
	let pages = 0;
	let stale = 0;
	let maxPages = Infinity;
	/** Records handed out so far (collected, or passed to the sink). */
	let count = 0;
	while (cursor !== null) {
		const key = JSON.stringify(cursor);
		// Following a pointer again is only a retry of a page that brought nothing new; after fresh records it is a loop.
		if (cursors.has(key) && stale === 0) throw new CrmPagingError('repeatedCursor', pages);
		cursors.add(key);
		const page: Page<TItem, TCursor> = await fetchPage(cursor);
		pages++;
		let fresh = 0;
		const target: TItem[] = sink ? [] : out;
		let full = false;
		for (const item of page.items) {
			if (idOf) {
				const id = idOf(item);
				if (seen !== null) {
					if (!seen.add(id)) continue;
				} else if (seenTexts) {
					if (seenTexts.has(id)) continue;
					seenTexts.add(id);
				}
			}
			fresh++;
			if (keep && !keep(item)) continue;
			target.push(item);
			count++;
			if (limit !== null && count >= limit) {
				full = true;
				break;
			}
		}
		if (sink && target.length > 0) await sink(target);
		if (full) return out;
		if (idOf && page.items.length > 0 && fresh === 0) {
			if (++stale > MAX_STALE_PAGES) throw new CrmPagingError('repeatedPage', pages);
		} else stale = 0;
		if (pageSize && typeof page.total === 'number' && page.total >= 0) {
			maxPages = Math.min(maxPages, Math.ceil(page.total / pageSize) + EXTRA_PAGES);
		}
		if (page.next !== null && pages >= maxPages) throw new CrmPagingError('tooManyPages', pages);
		onPage?.(count);
		cursor = page.next;
	}
	return out;
}
