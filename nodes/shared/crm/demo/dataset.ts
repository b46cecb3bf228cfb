import type {
	CrmUser,
	Deal,
	DealStatus,
	LossReason,
	NamedRef,
	Pipeline,
	Stage,
	Utm,
} from '../../model/deal';

/**
 * The Demo CRM's data: a made-up company selling a B2B subscription, with six reps, two pipelines and six
 * marketing channels over the last 180 days. Every example workflow and report runs on it without an account,
 * so it carries two findings the reports must surface (DEMO_TRUTHS) under ordinary noise.
 *
 * Deterministic: a seeded PRNG drives everything, and `now` is first truncated to the UTC hour, so two runs with
 * the same options within the same UTC hour produce byte-identical output (a workflow re-run a few minutes later
 * shows the same numbers). The language only changes texts and the currency, never a random draw, so the English
 * and Russian datasets describe the same deals.
 */

export type DemoLanguage = 'en' | 'ru';

export interface DemoDatasetOptions {
	now: Date;
	language: DemoLanguage;
	/** Number of deals; leads come on top (one per eight deals). */
	size?: number;
	seed?: number;
	/** Base of `Deal.url`. */
	uiUrl?: string;
}

export interface DemoDataset {
	deals: Deal[];
	leads: Deal[];
	pipelines: Pipeline[];
	users: CrmUser[];
	lossReasons: LossReason[];
}

/** What the demo data is built to show: the reports should find exactly these. */
export const DEMO_TRUTHS = { leadQualityChannel: 'vk_ads', slowRepId: 'u5' } as const;

/**
 * The planted brief release, for the Brief Impact report: 90 days before the dataset's clock (`now` truncated to the
 * UTC hour) a new sales script goes out for Telegram leads, and from then on 60 % of the Telegram deals that would
 * have been lost are won instead (whatever their lost reason, so the loss-class mix and the verdicts stay as they
 * were). Win rate of Telegram deals closed after the release rises from about a third to well over a half; every
 * other channel is untouched (`controlChannel` is the one the tests use to show no effect is found where there is
 * none). 90 days is also the report's default window cap, so the two windows cover the whole 180-day dataset.
 * The flip draws from its own random stream, so the main stream — and every other record — is the same as without it.
 */
export const DEMO_BRIEF_RELEASE = {
	daysBeforeNow: 60,
	channel: 'telegram',
	controlChannel: 'seo',
	metric: 'winRate',
	savedLossShare: 0.6,
} as const;

/** The planted release instant for a dataset built with this `now`. */
export function demoBriefReleaseAt(now: Date): Date {
	return new Date(truncateToUtcHour(now).getTime() - DEMO_BRIEF_RELEASE.daysBeforeNow * DAY_MS);
}

export const DEMO_UI_URL = 'https://demo-crm.sales-marketing-bridge.invalid';
export const DEMO_DEFAULT_SIZE = 2400;
export const DEMO_DEFAULT_SEED = 20240917;
export const DEMO_WINDOW_DAYS = 180;
/** Leads per deal: 300 leads next to the default 2,400 deals. */
const LEADS_PER_DEAL = 1 / 8;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const FIRST_DEAL_ID = 100001;
/** Rough RUB per USD, only so that Russian amounts look like Russian amounts. */
const RUB_PER_USD = 90;

/** Truncates to the start of the UTC hour; the dataset depends on `now` only through this. */
export function truncateToUtcHour(now: Date): Date {
	return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

/** mulberry32: tiny, fast, good enough for fake data, and the same on every JavaScript engine. */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Reference data. Texts come in pairs [en, ru].

type Texts = readonly [string, string];

function pick(texts: Texts, language: DemoLanguage): string {
	return language === 'en' ? texts[0] : texts[1];
}

type LossClass = 'quality' | 'handling' | 'other';

interface ReasonSpec {
	id: string;
	names: Texts;
	lossClass: LossClass;
	/** Relative weight inside its class. */
	weight: number;
}

/** The names are fixed: the report's lost-reason classifier is built against exactly these. */
const REASONS: readonly ReasonSpec[] = [
	{ id: '1', names: ['Not target audience', 'Не целевой'], lossClass: 'quality', weight: 35 },
	{ id: '2', names: ['No budget', 'Нет бюджета'], lossClass: 'quality', weight: 30 },
	{ id: '3', names: ['Spam / duplicate', 'Спам / дубль'], lossClass: 'quality', weight: 20 },
	{ id: '4', names: ['Wrong region', 'Не тот регион'], lossClass: 'quality', weight: 15 },
	{ id: '5', names: ['No answer', 'Не дозвонились'], lossClass: 'handling', weight: 45 },
	{
		id: '6',
		names: ['Could not reach after first contact', 'Не вышли на связь после первого контакта'],
		lossClass: 'handling',
		weight: 30,
	},
	{
		id: '7',
		names: ['Slow follow-up — client went elsewhere', 'Долго не перезванивали — ушёл к другим'],
		lossClass: 'handling',
		weight: 25,
	},
	{ id: '8', names: ['Chose a competitor', 'Выбрал конкурента'], lossClass: 'other', weight: 55 },
	{ id: '9', names: ['Postponed purchase', 'Отложил покупку'], lossClass: 'other', weight: 45 },
];
const NO_ANSWER_REASON = REASONS.findIndex((r) => r.id === '5');
const SLOW_FOLLOW_UP_REASON = REASONS.findIndex((r) => r.id === '7');

interface RepSpec {
	id: string;
	names: Texts;
	email: string;
	/** Share of deals assigned to this rep. */
	weight: number;
	/** Median minutes from creation to first contact. */
	medianContactMinutes: number;
	/** Share of deals this rep nevertheless answers quickly. */
	quickShare: number;
}

const REPS: readonly RepSpec[] = [
	{
		id: 'u1',
		names: ['Anna Ivanova', 'Анна Иванова'],
		email: 'anna.ivanova',
		weight: 18,
		medianContactMinutes: 3,
		quickShare: 0,
	},
	{
		id: 'u2',
		names: ['Dmitry Sokolov', 'Дмитрий Соколов'],
		email: 'dmitry.sokolov',
		weight: 17,
		medianContactMinutes: 4,
		quickShare: 0,
	},
	{
		id: 'u3',
		names: ['Maria Kuznetsova', 'Мария Кузнецова'],
		email: 'maria.kuznetsova',
		weight: 17,
		medianContactMinutes: 5,
		quickShare: 0,
	},
	{
		id: 'u4',
		names: ['Ivan Morozov', 'Иван Морозов'],
		email: 'ivan.morozov',
		weight: 16,
		medianContactMinutes: 6,
		quickShare: 0,
	},
	// The slow rep: usually hours late, sometimes quick when he happens to be at his desk.
	{
		id: 'u5',
		names: ['Oleg Petrov', 'Олег Петров'],
		email: 'oleg.petrov',
		weight: 16,
		medianContactMinutes: 150,
		quickShare: 0.15,
	},
	{
		id: 'u6',
		names: ['Elena Volkova', 'Елена Волкова'],
		email: 'elena.volkova',
		weight: 16,
		medianContactMinutes: 3.5,
		quickShare: 0,
	},
];
const SLOW_CONTACT_MINUTES = 60;

interface CampaignSpec {
	name: string;
	weight: number;
	/** Multiplies the channel's win share. */
	winFactor: number;
}

interface ChannelSpec {
	utmSource: string | null;
	utmMedium: string | null;
	/** The CRM's own "source" field, as a manager would see it. */
	sourceNames: Texts | null;
	weight: number;
	/** Share of closed deals that are won (before campaign and follow-up effects). */
	winShare: number;
	/** Class mix of loss reasons: [quality, handling, other]. */
	lossMix: readonly [number, number, number];
	campaigns: readonly CampaignSpec[];
	/** Share of deals with utm_content set. */
	contentShare: number;
	/** Search channels carry a keyword in utm_term now and then. */
	termShare: number;
	/** Share that goes to the Partners pipeline. */
	partnerShare: number;
}

const CHANNELS: readonly ChannelSpec[] = [
	{
		utmSource: 'yandex_direct',
		utmMedium: 'cpc',
		sourceNames: ['Yandex Direct', 'Яндекс Директ'],
		weight: 25,
		winShare: 0.38,
		lossMix: [0.3, 0.37, 0.33],
		campaigns: [
			{ name: 'ya_search_brand', weight: 30, winFactor: 1.2 },
			{ name: 'ya_search_generic', weight: 45, winFactor: 0.95 },
			{ name: 'ya_rsya_retargeting', weight: 25, winFactor: 0.85 },
		],
		contentShare: 0.5,
		termShare: 0.6,
		partnerShare: 0.06,
	},
	{
		// The lead-quality problem: cheap leads from broad targeting and lead forms, mostly not buyers.
		utmSource: 'vk_ads',
		utmMedium: 'paid_social',
		sourceNames: ['VK Ads', 'VK Реклама'],
		weight: 20,
		winShare: 0.2,
		lossMix: [0.85, 0.06, 0.09],
		campaigns: [
			{ name: 'vk_lead_forms', weight: 35, winFactor: 0.8 },
			{ name: 'vk_interests_broad', weight: 30, winFactor: 0.9 },
			{ name: 'vk_lookalike', weight: 20, winFactor: 1.15 },
			{ name: 'vk_retargeting', weight: 15, winFactor: 1.35 },
		],
		contentShare: 0.6,
		termShare: 0,
		partnerShare: 0.04,
	},
	{
		utmSource: 'google_ads',
		utmMedium: 'cpc',
		sourceNames: ['Google Ads', 'Google Ads'],
		weight: 12,
		winShare: 0.4,
		lossMix: [0.28, 0.37, 0.35],
		campaigns: [
			{ name: 'g_search_brand', weight: 40, winFactor: 1.15 },
			{ name: 'g_search_competitors', weight: 60, winFactor: 0.9 },
		],
		contentShare: 0.3,
		termShare: 0.6,
		partnerShare: 0.06,
	},
	{
		utmSource: 'seo',
		utmMedium: 'organic',
		sourceNames: ['Website (organic search)', 'Сайт (органический поиск)'],
		weight: 15,
		winShare: 0.42,
		lossMix: [0.22, 0.38, 0.4],
		campaigns: [],
		contentShare: 0,
		termShare: 0,
		partnerShare: 0.06,
	},
	{
		utmSource: 'telegram',
		utmMedium: 'social',
		sourceNames: ['Telegram', 'Telegram'],
		weight: 10,
		winShare: 0.34,
		lossMix: [0.32, 0.36, 0.32],
		campaigns: [
			{ name: 'tg_channel_posts', weight: 60, winFactor: 1 },
			{ name: 'tg_ads', weight: 40, winFactor: 0.95 },
		],
		contentShare: 0.4,
		termShare: 0,
		partnerShare: 0.08,
	},
	{
		utmSource: 'referral',
		utmMedium: 'referral',
		sourceNames: ['Referral', 'Рекомендация'],
		weight: 14,
		winShare: 0.5,
		lossMix: [0.15, 0.35, 0.5],
		campaigns: [],
		contentShare: 0,
		termShare: 0,
		partnerShare: 0.45,
	},
	{
		// Attribution gap: created by hand or lost on the way, no UTM and no source at all.
		utmSource: null,
		utmMedium: null,
		sourceNames: null,
		weight: 4,
		winShare: 0.34,
		lossMix: [0.28, 0.37, 0.35],
		campaigns: [],
		contentShare: 0,
		termShare: 0,
		partnerShare: 0.08,
	},
];

const CONTENTS = ['banner_a', 'banner_b', 'video_15s', 'carousel', 'text_v2'];
const TERMS: readonly Texts[] = [
	['crm for small business', 'crm для малого бизнеса'],
	['sales crm price', 'crm цена'],
	['buy crm', 'купить crm'],
	['crm software', 'crm система'],
];

interface StageSpec {
	id: string;
	names: Texts;
	status: DealStatus;
	/** Where open deals sit; later stages hold fewer of them. */
	openWeight: number;
}

interface PipelineSpec {
	id: string;
	names: Texts;
	isDefault: boolean;
	stages: readonly StageSpec[];
}

const SALES_PIPELINE: PipelineSpec = {
	id: '1',
	names: ['Sales', 'Продажи'],
	isDefault: true,
	stages: [
		{ id: '11', names: ['New request', 'Новая заявка'], status: 'open', openWeight: 30 },
		{ id: '12', names: ['Qualification', 'Квалификация'], status: 'open', openWeight: 25 },
		{ id: '13', names: ['Meeting scheduled', 'Назначена встреча'], status: 'open', openWeight: 20 },
		{ id: '14', names: ['Proposal sent', 'Отправлено КП'], status: 'open', openWeight: 15 },
		{ id: '15', names: ['Negotiation', 'Переговоры'], status: 'open', openWeight: 10 },
		{ id: '18', names: ['Closed won', 'Успешно реализовано'], status: 'won', openWeight: 0 },
		{ id: '19', names: ['Closed lost', 'Закрыто и не реализовано'], status: 'lost', openWeight: 0 },
	],
};

const PARTNERS_PIPELINE: PipelineSpec = {
	id: '2',
	names: ['Partners', 'Партнёры'],
	isDefault: false,
	stages: [
		{ id: '21', names: ['Application', 'Заявка'], status: 'open', openWeight: 35 },
		{
			id: '22',
			names: ['Terms agreement', 'Согласование условий'],
			status: 'open',
			openWeight: 30,
		},
		{ id: '23', names: ['Contract', 'Договор'], status: 'open', openWeight: 20 },
		{ id: '24', names: ['Onboarding', 'Подключение'], status: 'open', openWeight: 15 },
		{ id: '28', names: ['Partner signed', 'Партнёр подключён'], status: 'won', openWeight: 0 },
		{ id: '29', names: ['Declined', 'Отказ'], status: 'lost', openWeight: 0 },
	],
};

/** Leads live outside the pipelines, with the statuses a lead list has (new, in work, converted, junk). */
const LEAD_STAGES: readonly StageSpec[] = [
	{ id: 'NEW', names: ['New', 'Новый'], status: 'open', openWeight: 60 },
	{ id: 'IN_PROCESS', names: ['In progress', 'В работе'], status: 'open', openWeight: 40 },
	{ id: 'CONVERTED', names: ['Converted', 'Сконвертирован'], status: 'won', openWeight: 0 },
	{ id: 'JUNK', names: ['Junk', 'Некачественный'], status: 'lost', openWeight: 0 },
];

const PRODUCTS: readonly Texts[] = [
	['Annual subscription', 'Годовая подписка'],
	['Team plan', 'Командный тариф'],
	['Enterprise plan', 'Корпоративный тариф'],
	['Onboarding package', 'Пакет внедрения'],
	['Integration setup', 'Настройка интеграции'],
	['Consulting hours', 'Консультации'],
];

const COMPANIES: readonly Texts[] = [
	['Northwind', 'ООО «Северный ветер»'],
	['Bluefield Logistics', 'ТК «Синее поле»'],
	['Acme Retail', 'ООО «Акме Ритейл»'],
	['Greenleaf Foods', 'ООО «Зелёный лист»'],
	['Stonebridge Clinic', 'Клиника «Каменный мост»'],
	['Brightline Education', 'Школа «Светлая линия»'],
	['Harbor Realty', 'АН «Гавань»'],
	['Pinecrest Hotels', 'Отель «Сосновый бор»'],
	['Redwood Fitness', 'Фитнес-клуб «Секвойя»'],
	['Silverstone Auto', 'Автосалон «Серебряный камень»'],
	['Maple Dental', 'Стоматология «Клён»'],
	['Summit Consulting', 'ООО «Вершина Консалтинг»'],
	['Riverside Print', 'Типография «Набережная»'],
	['Oakwood Furniture', 'Мебельная фабрика «Дубрава»'],
	['Lighthouse Travel', 'Турагентство «Маяк»'],
	['Ironclad Security', 'ЧОП «Броня»'],
];

// ---------------------------------------------------------------------------------------------------------------
// Small helpers that work on the PRNG without allocating.

/** Cumulative weights, so a weighted draw is one random number and a short scan. */
function cumulative(weights: readonly number[]): number[] {
	const total = weights.reduce((sum, w) => sum + w, 0);
	let running = 0;
	return weights.map((w) => (running += w / total));
}

function drawIndex(cumulativeWeights: readonly number[], r: number): number {
	const last = cumulativeWeights.length - 1;
	for (let i = 0; i < last; i++) if (r < cumulativeWeights[i]) return i;
	return last;
}

/**
 * Standard normal draws by Box–Muller, which yields two per pair of uniforms; the second is kept for the next
 * call, halving the logarithms and cosines a million-deal dataset needs.
 */
function makeStandardNormal(random: () => number): () => number {
	let spare: number | null = null;
	return () => {
		if (spare !== null) {
			const value = spare;
			spare = null;
			return value;
		}
		const radius = Math.sqrt(-2 * Math.log(1 - random()));
		const angle = 2 * Math.PI * random();
		spare = radius * Math.sin(angle);
		return radius * Math.cos(angle);
	};
}

/** Log-normal: the usual shape of response times, deal sizes and sales cycles. */
function logNormal(normal: () => number, median: number, sigma: number): number {
	return median * Math.exp(sigma * normal());
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
/** `HH:MM:SS.000Z` per second of the day, filled on first use and shared by every dataset. */
const TIME_OF_DAY_SUFFIXES: Array<string | undefined> = new Array(24 * 60 * 60);

/**
 * ISO UTC at whole seconds, the same text as `Date#toISOString`, built from a cached date part and a cached
 * time part. A million deals need four million timestamps; this way each costs one small string join instead of
 * a full date formatting, which keeps the big benchmark datasets quick to build.
 */
function makeIsoFormatter(): (ms: number) => string {
	const datePrefixes = new Map<number, string>();
	return (ms) => {
		const day = Math.floor(ms / DAY_MS);
		let prefix = datePrefixes.get(day);
		if (prefix === undefined) {
			prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
			datePrefixes.set(day, prefix);
		}
		const second = Math.floor((ms - day * DAY_MS) / 1000);
		let suffix = TIME_OF_DAY_SUFFIXES[second];
		if (suffix === undefined) {
			const hours = Math.floor(second / 3600);
			const minutes = Math.floor((second % 3600) / 60);
			suffix = `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[second % 60]}.000Z`;
			TIME_OF_DAY_SUFFIXES[second] = suffix;
		}
		return prefix + suffix;
	};
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Everything that does not change from one record to the next, computed once per dataset. Records share the
 * small nested objects (pipeline, stage, owner, utm): they are frozen, so a consumer that tries to change one
 * fails loudly instead of silently changing thousands of deals. The adapter hands out copies.
 */
interface Prepared {
	currency: string;
	dealUrlPrefix: string;
	leadUrlPrefix: string;
	repCumulative: number[];
	channelCumulative: number[];
	campaignCumulative: number[][];
	lossMixCumulative: number[][];
	reasonPools: Record<LossClass, { indices: number[]; cumulative: number[] }>;
	openStagesOf: Map<readonly StageSpec[], { stages: StageSpec[]; cumulative: number[] }>;
	reasonNames: string[];
	sourceNames: Array<string | null>;
	termNames: string[];
	titles: string[];
	pipelineRefs: Map<PipelineSpec, NamedRef>;
	stageRefs: Map<StageSpec, NamedRef>;
	/** Won and lost stage of each stage list, so a closed record finds its stage without a search. */
	closedStages: Map<readonly StageSpec[], { won: NamedRef; lost: NamedRef }>;
	ownerRefs: NamedRef[];
	utmCache: Array<Utm | undefined>;
}

function frozenRef(id: string, name: string): NamedRef {
	return Object.freeze({ id, name });
}

function prepare(language: DemoLanguage, uiUrl: string): Prepared {
	const reasonPool = (lossClass: LossClass) => {
		const indices = REASONS.map((r, i) => (r.lossClass === lossClass ? i : -1)).filter(
			(i) => i >= 0,
		);
		return { indices, cumulative: cumulative(indices.map((i) => REASONS[i].weight)) };
	};
	const stageLists = [SALES_PIPELINE.stages, PARTNERS_PIPELINE.stages, LEAD_STAGES];
	const stageRefs = new Map<StageSpec, NamedRef>();
	for (const list of stageLists) {
		for (const stage of list)
			stageRefs.set(stage, frozenRef(stage.id, pick(stage.names, language)));
	}
	const closedStage = (list: readonly StageSpec[], status: DealStatus) =>
		stageRefs.get(list.find((s) => s.status === status)!)!;
	const productNames = PRODUCTS.map((p) => pick(p, language));
	const companyNames = COMPANIES.map((c) => pick(c, language));
	const base = uiUrl.replace(/\/+$/, '');
	return {
		currency: language === 'en' ? 'USD' : 'RUB',
		dealUrlPrefix: `${base}/deals/`,
		leadUrlPrefix: `${base}/leads/`,
		repCumulative: cumulative(REPS.map((r) => r.weight)),
		channelCumulative: cumulative(CHANNELS.map((c) => c.weight)),
		campaignCumulative: CHANNELS.map((c) => cumulative(c.campaigns.map((k) => k.weight))),
		lossMixCumulative: CHANNELS.map((c) => cumulative(c.lossMix)),
		reasonPools: {
			quality: reasonPool('quality'),
			handling: reasonPool('handling'),
			other: reasonPool('other'),
		},
		openStagesOf: new Map(
			stageLists.map((list) => {
				const open = list.filter((s) => s.status === 'open');
				return [list, { stages: open, cumulative: cumulative(open.map((s) => s.openWeight)) }];
			}),
		),
		reasonNames: REASONS.map((r) => pick(r.names, language)),
		sourceNames: CHANNELS.map((c) =>
			c.sourceNames === null ? null : pick(c.sourceNames, language),
		),
		termNames: TERMS.map((t) => pick(t, language)),
		titles: productNames.flatMap((product) =>
			companyNames.map((company) => `${product} — ${company}`),
		),
		pipelineRefs: new Map(
			[SALES_PIPELINE, PARTNERS_PIPELINE].map((p) => [p, frozenRef(p.id, pick(p.names, language))]),
		),
		stageRefs,
		closedStages: new Map(
			stageLists.map((list) => [
				list,
				{ won: closedStage(list, 'won'), lost: closedStage(list, 'lost') },
			]),
		),
		ownerRefs: REPS.map((r) => frozenRef(r.id, pick(r.names, language))),
		utmCache: [],
	};
}

/** One frozen Utm per combination actually drawn (a few hundred at most). */
function utmFor(
	p: Prepared,
	channelIndex: number,
	campaignIndex: number,
	contentIndex: number,
	termIndex: number,
): Utm {
	// Each index is -1 when the tag is absent; shift by one to get a dense cache key.
	const key = ((channelIndex * 6 + campaignIndex + 1) * 6 + contentIndex + 1) * 6 + termIndex + 1;
	let utm = p.utmCache[key];
	if (utm === undefined) {
		const channel = CHANNELS[channelIndex];
		utm = Object.freeze({
			source: channel.utmSource,
			medium: channel.utmMedium,
			campaign: campaignIndex >= 0 ? channel.campaigns[campaignIndex].name : null,
			content: contentIndex >= 0 ? CONTENTS[contentIndex] : null,
			term: termIndex >= 0 ? p.termNames[termIndex] : null,
		});
		p.utmCache[key] = utm;
	}
	return utm;
}

/** One generation run: the clock, the random streams and the prepared tables. */
interface Run {
	nowMs: number;
	random: () => number;
	/** The planted release's own stream (DEMO_BRIEF_RELEASE), apart from `random`. */
	releaseRandom: () => number;
	/** Draws added after the planted truths were fixed (open stage of deals decided after now), apart from `random`. */
	sideRandom: () => number;
	releaseMs: number;
	normal: () => number;
	prepared: Prepared;
	iso: (ms: number) => string;
}

const LOSS_CLASSES: readonly LossClass[] = ['quality', 'handling', 'other'];

/** Builds one deal or lead. `createdMs` is given; everything else is drawn here. */
function makeRecord(run: Run, kind: 'deal' | 'lead', id: number, createdMs: number): Deal {
	const { nowMs, random, normal, prepared: p, iso } = run;
	const channelIndex = drawIndex(p.channelCumulative, random());
	const channel = CHANNELS[channelIndex];
	const campaignIndex =
		channel.campaigns.length > 0 ? drawIndex(p.campaignCumulative[channelIndex], random()) : -1;
	const campaign = campaignIndex >= 0 ? channel.campaigns[campaignIndex] : null;

	// About 1 % arrive without an owner; nobody contacts those.
	const repIndex = random() < 0.01 ? -1 : drawIndex(p.repCumulative, random());
	const rep = repIndex >= 0 ? REPS[repIndex] : null;

	let contactMinutes: number | null = null;
	if (rep !== null && random() >= 0.02) {
		const quick = random() < rep.quickShare;
		// A few hour-long delays for everybody (meetings, lunch); the slow rep is slow by habit.
		const outlier = random() < 0.02;
		if (quick) contactMinutes = logNormal(normal, 8, 0.8);
		else if (outlier) contactMinutes = 60 + random() * 300;
		else contactMinutes = logNormal(normal, rep.medianContactMinutes, 0.9);
		contactMinutes = Math.max(0.25, contactMinutes);
	}
	const slowContact = contactMinutes !== null && contactMinutes > SLOW_CONTACT_MINUTES;
	let firstContactMs =
		contactMinutes === null ? null : createdMs + Math.round(contactMinutes * MINUTE_MS);
	if (firstContactMs !== null && firstContactMs > nowMs) firstContactMs = null;

	// Young deals are still open; older ones have mostly been decided.
	const ageDays = (nowMs - createdMs) / DAY_MS;
	let status: DealStatus;
	if (random() < 0.22 + 0.6 * Math.exp(-ageDays / 25)) {
		status = 'open';
	} else {
		const winShare =
			channel.winShare * (campaign ? campaign.winFactor : 1) * (slowContact ? 0.75 : 1);
		status = random() < winShare ? 'won' : 'lost';
	}

	let lossReasonIndex = -1;
	if (status === 'lost' && random() >= 0.03) {
		// Slow first contact turns into handling losses half of the time, whatever the channel.
		const lossClass =
			slowContact && random() < 0.5
				? 'handling'
				: LOSS_CLASSES[drawIndex(p.lossMixCumulative[channelIndex], random())];
		if (lossClass === 'handling' && slowContact && random() < 0.4) {
			lossReasonIndex = SLOW_FOLLOW_UP_REASON;
		} else {
			const pool = p.reasonPools[lossClass];
			lossReasonIndex = pool.indices[drawIndex(pool.cumulative, random())];
		}
		// "No answer" often means nobody ever got through.
		if (lossReasonIndex === NO_ANSWER_REASON && random() < 0.4) firstContactMs = null;
	}

	let closedMs: number | null = null;
	let decidedAfterNow = false;
	if (status !== 'open') {
		const quickDrop = lossReasonIndex >= 0 && REASONS[lossReasonIndex].lossClass === 'quality';
		const cycleDays =
			status === 'won' ? logNormal(normal, 12, 0.7) : logNormal(normal, quickDrop ? 1 : 5, 1);
		closedMs = createdMs + Math.round(cycleDays * DAY_MS);
		if (firstContactMs !== null) closedMs = Math.max(closedMs, firstContactMs + 10 * MINUTE_MS);
		if (closedMs > nowMs) {
			decidedAfterNow = true;
			// A deal whose decision falls after now is still open now. (It used to be pulled back to before now, which
			// piled long-cycle won deals into the last weeks and made every channel's recent win rate look higher.)
			// The draw is kept so the main random stream, and every other record, stays as it was.
			random();
			status = 'open';
			closedMs = null;
			lossReasonIndex = -1;
		} else if (firstContactMs !== null && firstContactMs > closedMs) firstContactMs = closedMs;
	}

	// The planted brief release: from it on, some Telegram deals that were going to be lost are won (own stream).
	if (
		kind === 'deal' &&
		status === 'lost' &&
		closedMs !== null &&
		closedMs >= run.releaseMs &&
		channel.utmSource === DEMO_BRIEF_RELEASE.channel &&
		run.releaseRandom() < DEMO_BRIEF_RELEASE.savedLossShare
	) {
		status = 'won';
		lossReasonIndex = -1;
	}

	const lastEventMs = Math.max(createdMs, firstContactMs ?? createdMs, closedMs ?? createdMs);
	const updatedMs =
		closedMs !== null
			? Math.min(nowMs, lastEventMs + Math.floor(random() * 2 * DAY_MS))
			: lastEventMs + Math.floor((nowMs - lastEventMs) * random());

	// Leads live outside the pipelines; deals go to Partners now and then, referrals often.
	const pipeline =
		kind === 'deal' ? (random() < channel.partnerShare ? PARTNERS_PIPELINE : SALES_PIPELINE) : null;
	const stageList = pipeline === null ? LEAD_STAGES : pipeline.stages;
	let stage: NamedRef;
	if (status === 'open') {
		const open = p.openStagesOf.get(stageList)!;
		const draw = decidedAfterNow ? run.sideRandom() : random();
		stage = p.stageRefs.get(open.stages[drawIndex(open.cumulative, draw)])!;
	} else {
		const closed = p.closedStages.get(stageList)!;
		stage = status === 'won' ? closed.won : closed.lost;
	}

	// Deal sizes: log-normal; partners are bigger. Leads mostly have no amount yet; 2 % of deals lack one too.
	const amountMissing = random() < (kind === 'lead' ? 0.6 : 0.02);
	const usd = logNormal(normal, pipeline === PARTNERS_PIPELINE ? 3000 : 1200, 0.7);
	const amount = amountMissing
		? null
		: p.currency === 'RUB'
			? Math.max(1000, Math.round((usd * RUB_PER_USD) / 1000) * 1000)
			: Math.max(50, Math.round(usd / 10) * 10);

	const contentDraw = random();
	const termDraw = random();
	const contentIndex =
		contentDraw < channel.contentShare
			? Math.floor((contentDraw / channel.contentShare) * CONTENTS.length)
			: -1;
	const termIndex =
		termDraw < channel.termShare ? Math.floor((termDraw / channel.termShare) * TERMS.length) : -1;
	// A campaign tag lost on the way: 3 % of campaign traffic arrives with source and medium only.
	const campaignLost = campaign !== null && random() < 0.03;
	const idText = String(id);
	// Real titles carry a number ("Website order — Acme #100231"); about 3 % are re-submitted forms that repeat a
	// bare title, the duplicates an attribution audit should find. Decided by a hash of the id, so the random
	// stream (and with it the planted truths) is unchanged.
	const baseTitle = p.titles[Math.floor(random() * p.titles.length)];
	const title = (Math.imul(id, 2654435761) >>> 0) % 100 < 3 ? baseTitle : `${baseTitle} #${idText}`;
	return {
		id: idText,
		crm: 'demo',
		kind,
		title,
		amount,
		currency: amount === null ? null : p.currency,
		pipeline: pipeline === null ? null : p.pipelineRefs.get(pipeline)!,
		stage,
		status,
		lostReason: lossReasonIndex >= 0 ? p.reasonNames[lossReasonIndex] : null,
		source: p.sourceNames[channelIndex],
		utm: utmFor(p, channelIndex, campaignLost ? -1 : campaignIndex, contentIndex, termIndex),
		owner: rep === null ? null : p.ownerRefs[repIndex],
		createdAt: iso(createdMs),
		updatedAt: iso(updatedMs),
		closedAt: closedMs === null ? null : iso(closedMs),
		firstContactAt: firstContactMs === null ? null : iso(firstContactMs),
		url: (kind === 'deal' ? p.dealUrlPrefix : p.leadUrlPrefix) + idText,
	};
}

/**
 * Records are spread evenly over the window, one per time slot with jitter inside it, so creation times rise
 * with the id as they do in a real CRM, and no sort is needed.
 */
function makeRecords(run: Run, kind: 'deal' | 'lead', count: number, firstId: number): Deal[] {
	const { nowMs, random } = run;
	const windowMs = DEMO_WINDOW_DAYS * DAY_MS;
	const startMs = nowMs - windowMs;
	const slotMs = count > 0 ? windowMs / count : 0;
	const records = new Array<Deal>(count);
	for (let i = 0; i < count; i++) {
		// Whole seconds, strictly after the window start and strictly before now.
		const createdMs = Math.max(
			startMs + 1000,
			Math.min(nowMs - 1000, Math.floor((startMs + (i + random()) * slotMs) / 1000) * 1000),
		);
		records[i] = makeRecord(run, kind, firstId + i, createdMs);
	}
	return records;
}

function makePipelines(language: DemoLanguage): Pipeline[] {
	return [SALES_PIPELINE, PARTNERS_PIPELINE].map((spec) => ({
		id: spec.id,
		name: pick(spec.names, language),
		isDefault: spec.isDefault,
		stages: spec.stages.map(
			(s, index): Stage => ({
				id: s.id,
				name: pick(s.names, language),
				status: s.status,
				sort: (index + 1) * 10,
			}),
		),
	}));
}

/**
 * Builds the Demo CRM's records. Deals come oldest first with rising ids; lead ids continue after them. The nested
 * pipeline, stage, owner and utm objects are shared between records and frozen: copy a record before changing it
 * (the adapter does).
 */
export function generateDemoDataset(options: DemoDatasetOptions): DemoDataset {
	const size = options.size ?? DEMO_DEFAULT_SIZE;
	if (!Number.isInteger(size) || size < 0) {
		throw new RangeError(
			`Demo dataset size must be a whole number ≥ 0, got ${String(options.size)}`,
		);
	}
	const nowMs = truncateToUtcHour(options.now).getTime();
	if (Number.isNaN(nowMs)) throw new RangeError('Demo dataset needs a valid "now" date');
	const language = options.language;
	const random = mulberry32(options.seed ?? DEMO_DEFAULT_SEED);
	const prepared = prepare(language, options.uiUrl ?? DEMO_UI_URL);
	const run: Run = {
		nowMs,
		random,
		releaseRandom: mulberry32((options.seed ?? DEMO_DEFAULT_SEED) ^ 0x5b1e_f00d),
		sideRandom: mulberry32((options.seed ?? DEMO_DEFAULT_SEED) ^ 0x0a11_5eed),
		releaseMs: nowMs - DEMO_BRIEF_RELEASE.daysBeforeNow * DAY_MS,
		normal: makeStandardNormal(random),
		prepared,
		iso: makeIsoFormatter(),
	};

	const deals = makeRecords(run, 'deal', size, FIRST_DEAL_ID);
	// Lead ids continue after the deals', so one id never names two records.
	const leads = makeRecords(run, 'lead', Math.round(size * LEADS_PER_DEAL), FIRST_DEAL_ID + size);

	return {
		deals,
		leads,
		pipelines: makePipelines(language),
		users: REPS.map((r) => ({
			id: r.id,
			name: pick(r.names, language),
			email: `${r.email}@demo-crm.sales-marketing-bridge.invalid`,
			active: true,
		})),
		lossReasons: REASONS.map((r, i) => ({ id: r.id, name: prepared.reasonNames[i] })),
	};
}
