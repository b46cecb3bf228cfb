import { renderBarChartSvg } from '../../render/svgChart';
import type { LeadQualityRow } from './compute';
import type { PresentContext } from '../present';
import type { LeadQualityTexts } from './texts';

/** Bars in the chart; more would not be readable. */
export const CHART_MAX_GROUPS = 12;

const COLORS = { won: '#2e7d32', lost: '#c62828', open: '#90a4ae' };

export interface LeadQualityChart {
	svg: string;
	/**
	 * Chart.js 2 config (what QuickChart renders by default): POST `{ "chart": <this> }` to quickchart.io/chart with an
	 * HTTP Request node, or paste it into any Chart.js page.
	 */
	chartJs: Record<string, unknown>;
	/** The same data shaped for n8n's QuickChart node: one dataset per item, labels from an array. */
	quickChart: {
		labels: string[];
		datasets: Array<{ label: string; data: number[]; backgroundColor: string }>;
	};
}

/** Stacked won / lost / open bars per group (largest groups first), with the win rate next to each bar. */
export function leadQualityChart(
	rows: LeadQualityRow[],
	title: string,
	t: LeadQualityTexts,
	ctx: PresentContext,
): LeadQualityChart {
	const shown = rows.slice(0, CHART_MAX_GROUPS).filter((row) => row.leads > 0);
	const labels = shown.map((row) => row.group ?? ctx.texts.notSet);
	const datasets = [
		{
			label: t.chartWon,
			data: shown.map((row) => row.won),
			backgroundColor: COLORS.won,
		},
		{
			label: t.chartLost,
			data: shown.map((row) => row.lost),
			backgroundColor: COLORS.lost,
		},
		{
			label: t.chartOpen,
			data: shown.map((row) => row.open),
			backgroundColor: COLORS.open,
		},
	];
	const svg = renderBarChartSvg({
		title,
		categories: labels,
		series: datasets.map((dataset) => ({
			label: dataset.label,
			color: dataset.backgroundColor,
			values: dataset.data,
		})),
		annotations: shown.map((row) =>
			row.winRatePct === null ? '' : t.chartWinRate(ctx.f.pct(row.winRatePct)),
		),
	});
	const chartJs = {
		type: 'horizontalBar',
		data: { labels, datasets },
		options: {
			title: { display: true, text: title },
			scales: {
				xAxes: [{ stacked: true, ticks: { beginAtZero: true } }],
				yAxes: [{ stacked: true }],
			},
		},
	};
	return { svg, chartJs, quickChart: { labels, datasets } };
}
