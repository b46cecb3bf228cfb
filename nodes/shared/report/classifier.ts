import type { LostReasonClass, LostReasonOverride } from './types';

/**
 * Sorts a lost reason into one of three classes:
 * - leadQuality: the lead should not have been a lead (not target, no budget, spam/duplicate, wrong region, fake data);
 * - handling: the lead was fine but the team did not get to it (no answer, not reached, slow follow-up);
 * - other: everything else (competitor, price, timing) — neither marketing's nor the follow-up's fault by itself.
 * Built-in rules read English and Russian; the user's overrides win over them.
 */

export interface LostReasonClassification {
	reasonClass: LostReasonClass;
	/** `override` = the user's mapping, `builtIn` = a keyword rule, `default` = nothing matched (→ other). */
	source: 'override' | 'builtIn' | 'default';
	/** The override text or the keyword rule that decided, for explanations. */
	matched: string | null;
}

/** Lower case, `ё`→`е`, one kind of dash and quote, single spaces: so "Не  дозвонились" and "не дозвонились" agree. */
export function normalizeReason(text: string): string {
	return text
		.toLowerCase()
		.replace(/ё/g, 'е')
		.replace(/[‐-―−]/g, '-')
		.replace(/[’‘`´]/g, "'")
		.replace(/\s+/g, ' ')
		.trim();
}

/** Patterns are stems: they must start a word (JS `\b` does not understand Cyrillic, hence the lookbehind). */
export function rule(pattern: string): RegExp {
	return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})`, 'u');
}

const LEAD_QUALITY_RULES: RegExp[] = [
	// English
	rule(String.raw`not\s+(?:a\s+|the\s+|our\s+|in\s+(?:our\s+|the\s+)?)?target`),
	rule(String.raw`non[-\s]?target|untargeted|off[-\s]?target|irrelevant`),
	rule(String.raw`(?:no|not\s+enough|insufficient|low|small|without(?:\s+a)?|lack\s+of)\s+budget`),
	rule(String.raw`budget\s+(?:is\s+)?(?:too\s+)?(?:low|small|tight)|can(?:no|')?t\s+afford`),
	rule(String.raw`spam|junk|fake|bots?(?!\p{L})|test\s+(?:lead|request|submission|order|entry)`),
	rule(String.raw`dup(?:e|es|licate\p{L}*)?(?!\p{L})`),
	rule(
		String.raw`wrong\s+(?:region|country|city|location|geo|area|territory|number|phone|contact|e-?mail|person|segment|industry|audience|market)`,
	),
	rule(
		String.raw`(?:outside|out\s+of)\s+(?:our\s+|the\s+)?(?:region|area|service|territory|coverage|zone|market)`,
	),
	rule(
		String.raw`(?:do|does|we)\s*n[o']?t\s+(?:serve|deliver|ship|operate|work)\s+(?:in|to|there)`,
	),
	rule(
		String.raw`(?:invalid|incorrect|non[-\s]?existent|fake|bad)\s+(?:phone|number|contact|e-?mail|data|details|lead)`,
	),
	rule(String.raw`(?:not\s+(?:a\s+|the\s+)?|no\s+)decision[-\s]?maker`),
	rule(String.raw`no\s+(?:authority|need|real\s+need|real\s+project|project|intent|interest)`),
	rule(
		String.raw`not\s+(?:qualified|a\s+(?:good\s+)?fit|our\s+(?:client|customer|audience|segment|profile))|unqualified|disqualified|(?:poor|bad)\s+fit`,
	),
	rule(String.raw`not\s+interested|(?:just|only)\s+(?:browsing|looking|curious|comparing)`),
	rule(String.raw`by\s+(?:mistake|accident)|mis[-\s]?click|accidental`),
	rule(
		String.raw`(?:job|work)\s+(?:seeker|applicant|search)|looking\s+for\s+(?:a\s+)?(?:job|work)|vacanc|student`,
	),
	rule(String.raw`too\s+small|b2c|private\s+(?:person|individual)|low[-\s]?quality|bad\s+lead`),
	// Russian
	rule(String.raw`не\s*целев|нецелев`),
	rule(String.raw`не\s+(?:наш|наша|наши|та|тот)\s+(?:ца|целев|аудитор|клиент|профил|сегмент)`),
	rule(
		String.raw`(?:нет|без|мал\p{L}*|маленьк\p{L}*|небольш\p{L}*|не\s+хват\p{L}*|недостаточно)\s+(?:бюджет|денег|средств)`,
	),
	rule(String.raw`бюджет\p{L}*\s+(?:мал|не\s+хват|нет|отсутств)`),
	rule(String.raw`спам|дубл|дубликат|фейк|мусор|бот(?!\p{L})|тест(?:ов\p{L}*)?(?!\p{L}|-драйв)`),
	rule(String.raw`повторн\p{L}*\s+(?:заявк|обращен|лид)`),
	rule(String.raw`не\s+(?:тот|та|наш|наша)\s+(?:регион|город|гео|стран|област|район)`),
	rule(String.raw`друг(?:ой|ая|ие|ого|ом)\s+(?:регион|город|стран|област)`),
	rule(
		String.raw`(?:вне|за\s+пределами)\s+(?:зоны|регион|город|област)|не\s+(?:обслуживаем|доставляем|работаем\s+в)`,
	),
	rule(String.raw`нет\s+доставки|регион\s+не\s+обслужива`),
	rule(String.raw`не\s+(?:лпр|принима\p{L}*\s+решен)`),
	rule(String.raw`нет\s+(?:потребност|интерес|проекта|задачи|полномоч)|не\s*интерес`),
	// "по ошибке" is a lead sent by mistake; "ошибка менеджера" is handling (below).
	rule(
		String.raw`неквал|некачеств|ошиб(?:ся|лись|лась|очн)|ошибк\p{L}*(?!\p{L}|\s+(?:менеджер|сотрудник|продавц|оператор))|случайн`,
	),
	rule(
		String.raw`(?:неверн|неправильн|несуществующ|нерабоч|фальшив)\p{L}*\s+(?:номер|телефон|контакт|почт|e-?mail|данн)`,
	),
	rule(String.raw`(?:ищет|ищу|искал\p{L}*)\s+работ|ваканс|соискател|резюме|студент`),
	rule(String.raw`физ\.?\s*лиц|слишком\s+мал|просто\s+(?:смотр|интерес|узна|спрос)|прицени`),
];

const HANDLING_RULES: RegExp[] = [
	// English
	rule(
		String.raw`no\s+(?:answer|response|reply|call[-\s]?back|follow[-\s]?up|contact|one\s+(?:called|answered|contacted))`,
	),
	rule(
		String.raw`unanswered|not\s+(?:answering|responding|replying|picking\s+up)|un-?responsive|non[-\s]?responsive|voice\s*mail|never\s+heard\s+back`,
	),
	rule(
		String.raw`(?:did|does|do|has|have)\s*n[o']?t\s+(?:answer|respond|reply|pick\s+up|call\s+back|get\s+back)|never\s+(?:answered|responded|replied|called\s+back|contacted)`,
	),
	rule(
		String.raw`(?:could\s*n[o']?t|can\s*n[o']?t|cannot|unable\s+to|failed\s+to)\s+(?:reach|contact|get\s+(?:hold|through|in\s+touch)|connect)`,
	),
	rule(
		String.raw`not\s+(?:reached|contacted|called|processed|handled)|unreachable|lost\s+(?:contact|touch)`,
	),
	rule(String.raw`stopped\s+(?:responding|answering|replying)|went\s+(?:silent|dark|quiet)|ghost`),
	rule(
		String.raw`slow|too\s+late|late\s+(?:response|reply|call|follow)|(?:took|taking|waited)\s+too\s+long`,
	),
	rule(String.raw`delay(?:ed)?\s+(?:response|reply|follow|call|contact)|response\s+time`),
	rule(
		String.raw`(?:missed|forgot(?:ten)?)\s+(?:call|lead|follow|to)|forgot|(?:poor|bad)\s+(?:handling|follow[-\s]?up|service|communication)`,
	),
	// Russian
	rule(String.raw`не\s*дозвон|недозвон|абонент\s+недоступ|автоответчик`),
	rule(
		String.raw`не\s+(?:смог\p{L}*|удал\p{L}*|получил\p{L}*)\s+(?:дозвон|связ|достуч)|нет\s+связи|не\s+дожда`,
	),
	// "Пропал интерес" is the client's change of mind, not a lead the team lost track of.
	rule(
		String.raw`перестал\p{L}*\s+(?:отвеча|выход|брать|перезван|реагир)|пропал\p{L}*(?!\p{L}|\s+(?:интерес|потребност|необходимост|актуальн))`,
	),
	rule(
		String.raw`не\s+(?:вышел|вышла|вышли|выходит|выходят|выходил\p{L}*)\s+на\s+связь|не\s+на\s+связи`,
	),
	rule(
		String.raw`не\s+(?:отвеча|ответил|берет|брал|взял|перезвон|перезван|связал|связыва|обработ|позвонил)`,
	),
	rule(String.raw`(?:без|нет)\s+ответа|пропущенн|игнор`),
	rule(
		String.raw`(?:долго|поздно|медленно|несвоевременно)\s+(?:не\s+)?(?:перезван|перезвон|отвеча|ответ|обрабатыва|обработ|связ|звонил|реагир)`,
	),
	rule(
		String.raw`(?:медленн|долг)\p{L}*\s+(?:ответ|обработ|реакц)|ошибк\p{L}*\s+(?:менеджер|сотрудник|продавц|оператор)|забыл|потерял\p{L}*\s+(?:связь|контакт|клиент)|связь\s+(?:потеряна|прервал)`,
	),
];

/** Not needed to decide (unmatched text is `other` anyway) but lets explanations say which rule applied. */
const OTHER_RULES: RegExp[] = [
	rule(
		String.raw`competit|chose\s+(?:another|other|a\s+different)|went\s+(?:with|to)\s+(?:another|a\s+competitor)|bought\s+elsewhere`,
	),
	rule(
		String.raw`price|expensive|cost|postpon|later|timing|next\s+(?:year|quarter|month)|changed\s+(?:their|his|her)\s+mind`,
	),
	rule(
		String.raw`конкурент|выбрал\p{L}*\s+друг|купил\p{L}*\s+(?:у\s+друг|в\s+друг)|ушел\p{L}*\s+к\s+друг`,
	),
	rule(
		String.raw`дорог|цен[аеуы]|отлож|позже|не\s+сейчас|передумал|следующ\p{L}*\s+(?:год|квартал|месяц)`,
	),
];

function firstMatch(rules: RegExp[], text: string): string | null {
	for (const candidate of rules) {
		const match = candidate.exec(text);
		if (match !== null) return match[0].trim();
	}
	return null;
}

/** Normalized overrides: exact matches first (any order), then "contains" in the user's order. */
function prepareOverrides(overrides: readonly LostReasonOverride[] | undefined) {
	const prepared = (overrides ?? [])
		.map((override) => ({ ...override, normalized: normalizeReason(override.match) }))
		.filter((override) => override.normalized !== '');
	const exact = new Map<string, (typeof prepared)[number]>();
	for (const override of prepared)
		if (!exact.has(override.normalized)) exact.set(override.normalized, override);
	return { prepared, exact };
}

function classifyNormalized(
	normalized: string,
	overrides: ReturnType<typeof prepareOverrides>,
): LostReasonClassification {
	const exact = overrides.exact.get(normalized);
	if (exact !== undefined)
		return { reasonClass: exact.reasonClass, source: 'override', matched: exact.match };
	for (const override of overrides.prepared) {
		if (normalized.includes(override.normalized)) {
			return { reasonClass: override.reasonClass, source: 'override', matched: override.match };
		}
	}
	// Lead-quality rules go first: "No answer — wrong number" is bad contact data, not slow handling.
	const leadQuality = firstMatch(LEAD_QUALITY_RULES, normalized);
	if (leadQuality !== null)
		return { reasonClass: 'leadQuality', source: 'builtIn', matched: leadQuality };
	const handling = firstMatch(HANDLING_RULES, normalized);
	if (handling !== null) return { reasonClass: 'handling', source: 'builtIn', matched: handling };
	const other = firstMatch(OTHER_RULES, normalized);
	if (other !== null) return { reasonClass: 'other', source: 'builtIn', matched: other };
	return { reasonClass: 'other', source: 'default', matched: null };
}

/** Full answer: the class, and whether an override, a built-in rule or the default decided. */
export function explainLostReason(
	text: string,
	overrides?: readonly LostReasonOverride[],
): LostReasonClassification {
	return classifyNormalized(normalizeReason(text), prepareOverrides(overrides));
}

/** The class of one lost-reason text (English or Russian). Overrides beat the built-in rules. */
export function classifyLostReason(
	text: string,
	overrides?: readonly LostReasonOverride[],
): LostReasonClass {
	return explainLostReason(text, overrides).reasonClass;
}

/**
 * A classifier for many deals: overrides are prepared once and each distinct reason text is classified once, so a
 * million lost deals with twenty distinct reasons cost twenty classifications.
 */
export function createLostReasonClassifier(
	overrides?: readonly LostReasonOverride[],
): (text: string) => LostReasonClassification {
	const prepared = prepareOverrides(overrides);
	const cache = new Map<string, LostReasonClassification>();
	return (text: string) => {
		let result = cache.get(text);
		if (result === undefined) {
			result = classifyNormalized(normalizeReason(text), prepared);
			cache.set(text, result);
		}
		return result;
	};
}
