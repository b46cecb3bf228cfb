import { escapeHtml } from './escape';

export interface BarSeries {
	label: string;
	/** CSS colour, e.g. `#2e7d32`. */
	color: string;
	/** One value per category; negative values are drawn as 0. */
	values: number[];
}

export interface BarChartSpec {
	title: string;
	categories: string[];
	/** Stacked left to right in this order. */
	series: BarSeries[];
	/** Optional text shown right of each bar (e.g. "win rate 12%"). */
	annotations?: string[];
	width?: number;
}

const ROW_HEIGHT = 26;
const BAR_HEIGHT = 16;
const LABEL_WIDTH = 190;
const ANNOTATION_WIDTH = 120;
const TOP = 64;
const FONT = 'font-family="Helvetica,Arial,sans-serif"';

function niceStep(maximum: number): number {
	if (maximum <= 0) return 1;
	const rough = maximum / 5;
	const magnitude = 10 ** Math.floor(Math.log10(rough));
	const normalized = rough / magnitude;
	const nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
	return Math.max(1, nice * magnitude);
}

function shorten(text: string, maxChars: number): string {
	const chars = Array.from(text.replace(/\s+/g, ' '));
	return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, maxChars - 1).join('')}…`;
}

function formatTick(value: number): string {
	if (value >= 1e6) return `${value / 1e6}M`;
	if (value >= 1e3) return `${value / 1e3}k`;
	return String(value);
}

/**
 * A horizontal stacked bar chart as a standalone SVG document. All text is XML-escaped, so category names taken from
 * user data (campaign names) cannot inject markup.
 */
export function renderBarChartSvg(spec: BarChartSpec): string {
	const width = spec.width ?? 760;
	const plotWidth = width - LABEL_WIDTH - ANNOTATION_WIDTH - 16;
	const rows = spec.categories.length;
	const height = TOP + Math.max(1, rows) * ROW_HEIGHT + 36;
	const totals = spec.categories.map((_category, index) =>
		spec.series.reduce((sum, series) => sum + Math.max(0, series.values[index] ?? 0), 0),
	);
	const step = niceStep(Math.max(0, ...totals));
	const axisMax = Math.max(step, Math.ceil(Math.max(0, ...totals) / step) * step);
	const scale = plotWidth / axisMax;
	const parts: string[] = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(spec.title)}">`,
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		`<text x="16" y="24" ${FONT} font-size="16" font-weight="bold" fill="#111827">${escapeHtml(shorten(spec.title, 90))}</text>`,
	);
	let legendX = 16;
	for (const series of spec.series) {
		const label = shorten(series.label, 30);
		parts.push(
			`<rect x="${legendX}" y="36" width="12" height="12" fill="${escapeHtml(series.color)}"/>`,
			`<text x="${legendX + 16}" y="46" ${FONT} font-size="12" fill="#374151">${escapeHtml(label)}</text>`,
		);
		legendX += 28 + Array.from(label).length * 7;
	}
	for (let tick = 0; tick <= axisMax; tick += step) {
		const x = LABEL_WIDTH + tick * scale;
		parts.push(
			`<line x1="${x.toFixed(1)}" y1="${TOP - 4}" x2="${x.toFixed(1)}" y2="${TOP + rows * ROW_HEIGHT}" stroke="#e5e7eb"/>`,
			`<text x="${x.toFixed(1)}" y="${TOP + rows * ROW_HEIGHT + 16}" ${FONT} font-size="11" fill="#6b7280" text-anchor="middle">${formatTick(tick)}</text>`,
		);
	}
	spec.categories.forEach((category, index) => {
		const y = TOP + index * ROW_HEIGHT;
		parts.push(
			`<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT - 3}" ${FONT} font-size="12" fill="#111827" text-anchor="end">${escapeHtml(shorten(category, 26))}</text>`,
		);
		let x = LABEL_WIDTH;
		for (const series of spec.series) {
			const value = Math.max(0, series.values[index] ?? 0);
			const barWidth = value * scale;
			if (barWidth > 0) {
				parts.push(
					`<rect x="${x.toFixed(1)}" y="${y}" width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}" fill="${escapeHtml(series.color)}"><title>${escapeHtml(`${category}: ${series.label} ${value}`)}</title></rect>`,
				);
			}
			x += barWidth;
		}
		const annotation = spec.annotations?.[index];
		if (annotation !== undefined && annotation !== '') {
			parts.push(
				`<text x="${(x + 6).toFixed(1)}" y="${y + BAR_HEIGHT - 3}" ${FONT} font-size="12" fill="#374151">${escapeHtml(shorten(annotation, 24))}</text>`,
			);
		}
	});
	parts.push('</svg>');
	return parts.join('\n');
}
