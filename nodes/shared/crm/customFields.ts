import type { Utm } from '../model/deal';

/** CRMs without UTM fields of their own (Pipedrive, HubSpot) keep them in custom fields the account names itself. */
export const UTM_KEYS: ReadonlyArray<keyof Utm> = [
	'source',
	'medium',
	'campaign',
	'content',
	'term',
];

/** "utm_source", "UTM Source", "utm-source", "utm source" all name the UTM source field. */
export function utmKeyOfName(name: unknown): keyof Utm | null {
	if (typeof name !== 'string') return null;
	const match = /^\s*utm[\s_.-]*(source|medium|campaign|content|term)\s*$/i.exec(name);
	return match ? (match[1].toLowerCase() as keyof Utm) : null;
}

/** Both CRMs store note bodies as HTML; a plain-text note keeps its line breaks and shows `<` literally. */
export function plainTextToHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/\r?\n/g, '<br>');
}
