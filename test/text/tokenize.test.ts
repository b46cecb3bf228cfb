import { phrases, tokenize } from '../../nodes/shared/text';

describe('tokenize and phrases', () => {
	it('breaks clauses at punctuation and phrases at stop words; stems each word by its script', () => {
		const clauses = tokenize('Fast delivery, and the price! Быстрая доставка');
		expect(clauses.map((clause) => clause.map((token) => token.stem))).toEqual([
			['fast', 'deliveri'],
			['and', 'the', 'price'],
			['быстр', 'доставк'],
		]);
		expect(clauses[1].map((token) => token.kind)).toEqual(['stop', 'stop', 'content']);
	});

	it('counts "быстрая доставка" and "быстрой доставки" as one phrase key', () => {
		const a = phrases('быстрая доставка').map((phrase) => phrase.key);
		const b = phrases('Быстрой доставки!').map((phrase) => phrase.key);
		expect(a).toEqual(['быстр', 'быстр доставк', 'доставк']);
		expect(b).toEqual(a);
	});

	it('lets a negation open a phrase but never stand alone or close one', () => {
		expect(phrases('не устраивает цена').map((phrase) => phrase.words)).toEqual([
			'не устраивает',
			'не устраивает цена',
			'устраивает',
			'устраивает цена',
			'цена',
		]);
		expect(phrases('нет').map((phrase) => phrase.words)).toEqual([]);
	});

	it('keeps offsets of the original text and drops numbers and one-letter words', () => {
		const found = phrases('Price 24 7 x fine');
		expect(found.map((phrase) => phrase.words)).toEqual(['price', 'fine']);
		expect(found[1].start).toBe(13);
	});
});
