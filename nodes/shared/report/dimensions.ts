import type { Deal } from '../model/deal';
import { MonthKeyer } from './dates';
import type { DimensionKey } from './types';

/** Reads the group of a deal for one dimension: a key to group on and, for the first deal of a group, its label. */
export interface DimensionReader {
	dimension: DimensionKey;
	/** `''` when the deal has no value for this dimension. */
	key(deal: Deal, createdMs: number): string;
	/** Display name for a key, taken from the first deal seen in the group; null when the key is `''`. */
	label(deal: Deal, key: string): string | null;
}

function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return String(value);
	return '';
}

export function channelOf(deal: Deal): string {
	return text(deal.utm?.source) || text(deal.source);
}

const sameAsKey = (_deal: Deal, key: string): string | null => (key === '' ? null : key);

export function createDimensionReader(dimension: DimensionKey, timezone: string): DimensionReader {
	switch (dimension) {
		case 'channel':
			return { dimension, key: (deal) => channelOf(deal), label: sameAsKey };
		case 'utmSource':
			return { dimension, key: (deal) => text(deal.utm?.source), label: sameAsKey };
		case 'utmMedium':
			return { dimension, key: (deal) => text(deal.utm?.medium), label: sameAsKey };
		case 'utmCampaign':
			return { dimension, key: (deal) => text(deal.utm?.campaign), label: sameAsKey };
		case 'source':
			return { dimension, key: (deal) => text(deal.source), label: sameAsKey };
		case 'owner':
			// Grouped by id (names can repeat or change), shown by name.
			return {
				dimension,
				key: (deal) => text(deal.owner?.id) || text(deal.owner?.name),
				label: (deal, key) => (key === '' ? null : text(deal.owner?.name) || key),
			};
		case 'pipeline':
			return {
				dimension,
				key: (deal) => text(deal.pipeline?.id) || text(deal.pipeline?.name),
				label: (deal, key) => (key === '' ? null : text(deal.pipeline?.name) || key),
			};
		case 'month': {
			const months = new MonthKeyer(timezone);
			return { dimension, key: (_deal, createdMs) => months.key(createdMs), label: sameAsKey };
		}
	}
}

/** Group rows are sorted by size, but months read best in calendar order. */
export function compareGroups<T extends { groupKey: string; group: string | null }>(
	dimension: DimensionKey,
	size: (row: T) => number,
): (a: T, b: T) => number {
	if (dimension === 'month') {
		return (a, b) => {
			if (a.groupKey === '') return 1;
			if (b.groupKey === '') return -1;
			return a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0;
		};
	}
	return (a, b) => {
		const bySize = size(b) - size(a);
		if (bySize !== 0) return bySize;
		// Deals without a value go last among equals; then alphabetical for a stable order.
		if (a.groupKey === '' && b.groupKey !== '') return 1;
		if (b.groupKey === '' && a.groupKey !== '') return -1;
		return (a.group ?? '').localeCompare(b.group ?? '');
	};
}
