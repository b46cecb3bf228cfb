import { z } from 'zod';

/**
 * Building blocks for the page envelopes the adapters check (`CrmCall.envelope`). Only the envelope is checked:
 * a list of records is "an array", not an array of validated records, so a 100,000-record pull pays for one check
 * per page; each record is then read by the strict readers in model/deal.ts.
 */
export const recordList = z.custom<unknown[]>((value) => Array.isArray(value), {
	message: 'Expected a list of records',
});

/** Any JSON object; its fields are read (and checked) by the adapter. */
export const jsonObject = z.object({}).passthrough();

export { z };
