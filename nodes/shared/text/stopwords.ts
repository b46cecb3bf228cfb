/**
 * Stop words: words that carry no topic of their own and break a phrase ("the price of delivery" → "price",
 * "delivery"). Our own short lists of English and Russian function words (articles, pronouns, prepositions,
 * conjunctions, auxiliaries, fillers heard in sales talk), lower case, ё written as е.
 * Negations are kept apart (NEGATIONS): "не работает", "no delivery" are what an objection is made of.
 */

export const STOP_EN: ReadonlySet<string> = new Set(
	(
		'a about above after again against all also am an and any are as at be because been before being below ' +
		'between both but by can could did do does doing down during each else etc ever every few for from ' +
		'further had has have having he her here hers herself him himself his how i if in into is it its itself ' +
		'just let lets like me more most much must my myself now of off on once only or other our ours ' +
		'ourselves out over own per please quite rather really same shall she should so some such than that ' +
		'the their theirs them themselves then there these they this those through to too under until up upon ' +
		'us very via was we were what when where which while who whom whose why will with would yes yet you ' +
		'your yours yourself yourselves ok okay um uh well also maybe get got say says said tell told want wants ' +
		"i'm it's don't we're they're you're isn't aren't doesn't didn't can't won't"
	).split(' '),
);

export const STOP_RU: ReadonlySet<string> = new Set(
	(
		'а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ' +
		'ее ей ему если есть еще же за здесь и из или им их к как какой какая какие когда кто ли либо мне ' +
		'мы на над надо наш наша наши нас него нее ней нему ним них но ну о об однако он она они оно от очень ' +
		'по под при про раз с сам сама сами само свой своя свои себя себе со так также такой там те тем то ' +
		'того тоже той только том ты тут у уже хотя чего чей чем что чтобы эта эти это этого этой этом этот я ' +
		'ещё вообще просто типа там значит вроде как-то кстати бывает говорят говорит сказал сказали хотят ' +
		'хочет хотим можно нужно будет будут был буду меня мой моя мои нам'
	)
		.split(' ')
		.map((word) => word.replace(/ё/g, 'е')),
);

/** Words that start a phrase but never stand alone or end one: "не устраивает", "no delivery". */
export const NEGATIONS: ReadonlySet<string> = new Set([
	'no',
	'not',
	'never',
	'without',
	'nothing',
	'не',
	'нет',
	'ни',
	'без',
	'никогда',
	'ничего',
]);
