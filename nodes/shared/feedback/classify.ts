/**
 * The Feedback Router's classes: lead verdict, customer voice, acknowledgement, question / content request, other.
 * Order of evidence: a verified signature or the input's own structure (a decision, the three questions) decides
 * first; then the user's rules in their order; then the built-in English and Russian text rules. Text is normalized
 * and patterns are word-start stems exactly as in the lost-reason classifier (report/classifier.ts), which also
 * decides a lead verdict's reason class when no reason code says it.
 */
import { explainLostReason, normalizeReason, rule } from '../report/classifier';
import type { FeedbackCategory } from './types';

export interface CategoryMatch {
	category: FeedbackCategory;
	rule: string;
	matchedText: string | null;
	/** Text verdict rules say which way the verdict went. */
	decision?: 'accept' | 'reject';
}

export interface UserRule {
	/** `keywords`: comma-separated words or stems, any of them at a word start; `regex`: a JavaScript regex. */
	kind: 'keywords' | 'regex';
	pattern: string;
	category: FeedbackCategory;
}

interface BuiltInRule {
	id: string;
	category: FeedbackCategory;
	decision?: 'accept' | 'reject';
	patterns: RegExp[];
}

const r = (source: string) => rule(source);

/**
 * Evaluated in this order; the first that matches decides. Explicit requests for material come first (they are
 * questions even when they quote a client), then verdicts, then what clients say, then any other question, and
 * short confirmations last (so "ok, but where is the deck?" is a question).
 */
const BUILT_IN_RULES: BuiltInRule[] = [
	{
		id: 'contentRequest:en',
		category: 'question',
		patterns: [
			r(
				String.raw`(?:can|could|would|will)\s+(?:you|someone|somebody|marketing|the\s+team)\s+(?:please\s+)?(?:send|share|make|prepare|give|update|add|write)`,
			),
			r(String.raw`(?:please\s+)?send\s+(?:me|us|over)|share\s+(?:the|a|an)\s+\p{L}+`),
			r(
				String.raw`how\s+(?:should|do|can|to)\s+(?:we\s+|i\s+)?(?:answer|respond|reply|handle|explain|pitch)`,
			),
			r(
				String.raw`(?:need|want|looking\s+for|missing|is\s+there|do\s+we\s+have)\s+(?:a\s+|an\s+|the\s+|some\s+|more\s+|any\s+|new\s+|updated\s+)*(?:deck|presentation|case\s+stud|brochure|price\s*list|pricing\s+sheet|one[-\s]?pager|template|script|material|slides|video|datasheet|spec|landing|faq|answer\s+to)`,
			),
		],
	},
	{
		id: 'contentRequest:ru',
		category: 'question',
		patterns: [
			r(
				String.raw`(?:пришлите|пришли|скиньте|скинь|отправьте|отправь|дайте|дай|подготовьте|сделайте|обновите|нужн\p{L}*|нужен|есть\s+ли|где\s+(?:взять|найти)|не\s+хватает)[\s,]+(?:[\p{L}-]+[\s,]+){0,3}?(?:презентац|кейс|материал|прайс|брошюр|буклет|скрипт|шаблон|пример|видео|коммерческ|кп(?!\p{L})|лендинг|описани|инструкц|отзыв|faq|ответ\p{L}*\s+на)`,
			),
			r(
				String.raw`как\s+(?:нам\s+|мне\s+)?(?:отвечать|ответить|объяснить|объяснять|обработать|презентовать)`,
			),
		],
	},
	{
		id: 'verdictReject:en',
		category: 'leadVerdict',
		decision: 'reject',
		patterns: [
			r(String.raw`reject(?:ed|ing)?\s+(?:the\s+|this\s+|that\s+)?lead`),
			r(
				String.raw`lead\s+(?:is\s+|was\s+)?(?:rejected|bad|junk|useless|garbage|fake|spam|unqualified|not\s+qualified|not\s+(?:a\s+)?(?:fit|target))`,
			),
			r(String.raw`(?:bad|junk|garbage|poor|useless|fake|spam|dead|cold|wrong)\s+lead`),
			r(String.raw`not\s+(?:a\s+)?(?:real|valid|genuine)\s+lead|disqualif`),
		],
	},
	{
		id: 'verdictReject:ru',
		category: 'leadVerdict',
		decision: 'reject',
		patterns: [
			r(String.raw`отклоня\p{L}*|(?:лид|заявк)\p{L}*\s+отклон`),
			r(String.raw`не\s*целев|нецелев`),
			r(
				String.raw`(?:плох|мусорн|лев|некачествен|бракован|пуст|фейков|мертв)\p{L}*\s+(?:лид|заявк)`,
			),
			r(
				String.raw`(?:лид|заявк)\p{L}*\s+(?:плох|мусор|левый|левая|брак|пустышк|фейк)|брак(?!\p{L})`,
			),
		],
	},
	{
		id: 'verdictAccept:en',
		category: 'leadVerdict',
		decision: 'accept',
		patterns: [
			r(String.raw`accept(?:ed|ing)?\s+(?:the\s+|this\s+|that\s+)?lead`),
			r(
				String.raw`lead\s+(?:is\s+|was\s+|looks\s+)?(?:accepted|good|great|qualified|hot|valid|solid)`,
			),
			r(String.raw`(?:good|great|hot|qualified|solid|perfect|excellent)\s+lead`),
		],
	},
	{
		id: 'verdictAccept:ru',
		category: 'leadVerdict',
		decision: 'accept',
		patterns: [
			r(String.raw`(?:принима\p{L}*|принял\p{L}*|беру)\s+(?:лид|заявк)`),
			r(
				String.raw`(?:лид|заявк)\p{L}*\s+(?:принят|хорош|целев|отличн|горяч|квалифицир|качествен|норм)`,
			),
			r(String.raw`(?:хорош|отличн|целев|горяч|качествен|теплы|тепл)\p{L}*\s+(?:лид|заявк)`),
		],
	},
	{
		id: 'customerVoice:en',
		category: 'customerVoice',
		patterns: [
			r(
				String.raw`(?:clients?|customers?|prospects?|buyers?|callers?|people|they)\s+(?:often\s+|usually\s+|always\s+|keep\s+|mostly\s+|all\s+)?(?:said|say|says|saying|ask|asks|asked|asking|told|tell|mention|mentioned|complain\p{L}*|want|wants|need|needs|care|cares|worry|worried|object\p{L}*|compare|buy|come|call)`,
			),
			r(
				String.raw`objection|first\s+thing\s+(?:they|clients|customers)|why\s+they\s+buy|what\s+matters\s+to\s+them`,
			),
			r(
				String.raw`(?:most|many|several|some|a\s+lot\s+of)\s+(?:clients|customers|callers|people|buyers)`,
			),
		],
	},
	{
		id: 'customerVoice:ru',
		category: 'customerVoice',
		patterns: [
			r(
				String.raw`(?:клиент|покупател|звонящ|люди|они|заказчик)\p{L}*\s+(?:часто\s+|обычно\s+|всегда\s+|постоянно\s+|в\s+основном\s+)?(?:говор|сказал|спрашива|спросил|жалу|хот|интересу|прос|упомина|волну|ценят|цени|боят|сомнева|сравнива|покупа|звон|уточня|возража)`,
			),
			r(
				String.raw`возражени|первым\s+делом|покупают\s+(?:ради|для|потому|чтобы|из-за)|(?:им|клиентам|клиенту)\s+важн`,
			),
			r(
				String.raw`(?:часто|постоянно|обычно|все|многие|большинство)\s+(?:\p{L}+\s+)?(?:спрашивают|говорят|просят|жалуются|интересуются|хотят|звонят|уточняют)`,
			),
		],
	},
	{
		id: 'question:en',
		category: 'question',
		patterns: [
			r(
				String.raw`question|unclear|(?:do\s*n[o']?t|did\s*n[o']?t)\s+(?:understand|get\s+it)|not\s+clear|confus|where\s+(?:is|are|can|do)|how\s+(?:do|should|can|to)\s+(?:i|we|you)?|what\s+(?:do|should)\s+(?:i|we)|can\s+i|should\s+(?:i|we)`,
			),
			/\?/u,
		],
	},
	{
		id: 'question:ru',
		category: 'question',
		patterns: [
			r(
				String.raw`вопрос|не\s+понятно|непонятн|не\s+понял|не\s+ясно|неясно|где\s+(?:найти|взять|лежит|посмотреть|искать)|как\s+(?:отвечать|ответить|объяснить|быть|правильно|лучше)|подскажите|уточните|можно\s+ли`,
			),
		],
	},
	{
		id: 'acknowledgement:en',
		category: 'acknowledgement',
		patterns: [
			r(
				String.raw`got\s+it|noted|understood|will\s+do|on\s+it|(?:have\s+|i'?ve\s+)?read\s+(?:it|the\s+brief|this)|all\s+clear|roger|acknowledg\p{L}*|ack(?!\p{L})|ok(?:ay)?(?!\p{L})|thanks?(?!\p{L})|thank\s+you|👍|✅`,
			),
		],
	},
	{
		id: 'acknowledgement:ru',
		category: 'acknowledgement',
		patterns: [
			r(
				String.raw`понял\p{L}*|понятно|принято|принял\p{L}*|ознакомил\p{L}*|прочитал\p{L}*|прочел|прочла|ок(?!\p{L})|окей|хорошо(?!\p{L})|спасибо|услышал\p{L}*|взял\p{L}*\s+в\s+работу|сделаем|договорились|ясно`,
			),
		],
	},
];

/** Rule ids in evaluation order (for docs and tests). */
export const BUILT_IN_RULE_IDS = BUILT_IN_RULES.map((rule) => rule.id);

export interface PreparedUserRule extends UserRule {
	index: number;
	regexes: RegExp[];
}

/** Compiles the user's rules once; throws a plain Error naming the broken rule. */
export function prepareUserRules(rules: readonly UserRule[]): PreparedUserRule[] {
	return rules.map((userRule, index) => {
		const pattern = userRule.pattern ?? '';
		if (pattern.trim() === '') {
			throw new Error(`Rule ${index + 1} has no pattern`);
		}
		if (userRule.kind === 'regex') {
			let compiled: RegExp | null = null;
			let problem = '';
			try {
				compiled = new RegExp(pattern, 'iu');
			} catch (error) {
				problem = (error as Error).message;
			}
			if (compiled === null) {
				throw new Error(`Rule ${index + 1} is not a valid regular expression: ${problem}`);
			}
			return { ...userRule, index, regexes: [compiled] };
		}
		const words = pattern
			.split(',')
			.map((word) => normalizeReason(word))
			.filter((word) => word !== '');
		const escaped = words.map((word) =>
			word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'),
		);
		return { ...userRule, index, regexes: escaped.map((word) => rule(word)) };
	});
}

function firstHit(patterns: RegExp[], text: string): string | null {
	for (const pattern of patterns) {
		const match = pattern.exec(text);
		if (match !== null) return match[0].trim();
	}
	return null;
}

/**
 * Every category the text matches, in evaluation order (user rules, then built-ins), at most one entry per category.
 * The first entry is the decision; the others matter only for "Send to All Matching Outputs".
 */
export function classifyText(
	text: string | null,
	userRules: readonly PreparedUserRule[],
): CategoryMatch[] {
	if (text === null || text.trim() === '') return [];
	const normalized = normalizeReason(text);
	const found: CategoryMatch[] = [];
	const seen = new Set<FeedbackCategory>();
	const add = (match: CategoryMatch) => {
		if (seen.has(match.category)) return;
		seen.add(match.category);
		found.push(match);
	};
	for (const userRule of userRules) {
		// User regexes see the original text (their own case and spelling); keywords the normalized one.
		const hit = firstHit(userRule.regexes, userRule.kind === 'regex' ? text : normalized);
		if (hit !== null) {
			add({ category: userRule.category, rule: `user:${userRule.index + 1}`, matchedText: hit });
		}
	}
	for (const builtIn of BUILT_IN_RULES) {
		const hit = firstHit(builtIn.patterns, normalized);
		if (hit !== null) {
			add({
				category: builtIn.category,
				rule: `builtIn:${builtIn.id}`,
				matchedText: hit,
				decision: builtIn.decision,
			});
		}
	}
	return found;
}

/** The reason class of a rejection from the rep's words (the lost-reason classifier), for text verdicts. */
export function reasonClassOfText(text: string | null) {
	if (text === null) return 'other' as const;
	return explainLostReason(text).reasonClass;
}
