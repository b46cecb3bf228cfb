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
	/** Display name for a key without a deal (a spend row with no deals): the channel name given, else the key. */
	nameOf(key: string): string | null;
}

/** Dimensions whose values are channel keys (vk_ads), named by the "Channel Names" option. */
export const CHANNEL_DIMENSIONS: readonly DimensionKey[] = ['channel', 'utmSource', 'source'];

/** "Channel Names" are matched on the key trimmed and lower-cased, like spend. */
export function channelNameKey(key: string): string {
	return key.trim().toLowerCase();
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

/**
 * Reads one dimension of a deal. `channelNames` (lower-cased key → display name) names the groups of the channel
 * dimensions (channel, UTM source, CRM source); the group key stays the raw value.
 */
export function createDimensionReader(
	dimension: DimensionKey,
	timezone: string,
	channelNames?: ReadonlyMap<string, string>,
): DimensionReader {
	const reader = baseReader(dimension, timezone);
	if (channelNames === undefined || channelNames.size === 0) return reader;
	if (!CHANNEL_DIMENSIONS.includes(dimension)) return reader;
	const nameOf = (key: string): string | null =>
		key === '' ? null : (channelNames.get(channelNameKey(key)) ?? key);
	return { ...reader, label: (_deal, key) => nameOf(key), nameOf };
}

function baseReader(dimension: DimensionKey, timezone: string): DimensionReader {
	const withName = (
		key: (deal: Deal, createdMs: number) => string,
		label: DimensionReader['label'] = sameAsKey,
	): DimensionReader => ({
		dimension,
		key,
		label,
		nameOf: (value) => (value === '' ? null : value),
	});
	switch (dimension) {
		case 'channel':
			return withName((deal) => channelOf(deal));
		case 'utmSource':
			return withName((deal) => text(deal.utm?.source));
		case 'utmMedium':
			return withName((deal) => text(deal.utm?.medium));
		case 'utmCampaign':
			return withName((deal) => text(deal.utm?.campaign));
		case 'source':
			return withName((deal) => text(deal.source));
		case 'owner':
			// Grouped by id (names can repeat or change), shown by name.
			return withName(
				(deal) => text(deal.owner?.id) || text(deal.owner?.name),
				(deal, key) => (key === '' ? null : text(deal.owner?.name) || key),
			);
		case 'pipeline':
			return withName(
				(deal) => text(deal.pipeline?.id) || text(deal.pipeline?.name),
				(deal, key) => (key === '' ? null : text(deal.pipeline?.name) || key),
			);
		case 'month': {
			const months = new MonthKeyer(timezone);
			return withName((_deal, createdMs) => months.key(createdMs));
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
