import {
	classifyLostReason,
	createLostReasonClassifier,
	explainLostReason,
	normalizeReason,
} from '../../nodes/shared/report';

describe('classifyLostReason: the Demo CRM loss reasons', () => {
	it.each([
		['Not target audience', 'leadQuality'],
		['No budget', 'leadQuality'],
		['Spam / duplicate', 'leadQuality'],
		['Wrong region', 'leadQuality'],
		['No answer', 'handling'],
		['Could not reach after first contact', 'handling'],
		['Slow follow-up — client went elsewhere', 'handling'],
		['Chose a competitor', 'other'],
		['Postponed purchase', 'other'],
	])('en: %s → %s', (text, expected) => {
		expect(classifyLostReason(text)).toBe(expected);
	});

	it.each([
		['Не целевой', 'leadQuality'],
		['Нет бюджета', 'leadQuality'],
		['Спам / дубль', 'leadQuality'],
		['Не тот регион', 'leadQuality'],
		['Не дозвонились', 'handling'],
		['Не вышли на связь после первого контакта', 'handling'],
		['Долго не перезванивали — ушёл к другим', 'handling'],
		['Выбрал конкурента', 'other'],
		['Отложил покупку', 'other'],
	])('ru: %s → %s', (text, expected) => {
		expect(classifyLostReason(text)).toBe(expected);
	});
});

describe('classifyLostReason: real-world phrasings', () => {
	it.each([
		'Non-target lead',
		'not our target',
		'Budget too small',
		"Can't afford it",
		'Duplicate lead',
		'dupe',
		'Fake phone number',
		'Wrong number',
		'Outside our service area',
		'Not a decision maker',
		'Looking for a job',
		'Just browsing',
		'Filled the form by mistake',
		'Unqualified',
		'нецелевой лид',
		'Нецелевая заявка',
		'Маленький бюджет',
		'дубликат',
		'Повторная заявка',
		'Другой город',
		'Вне зоны доставки',
		'Не ЛПР',
		'Неверный номер телефона',
		'Ищет работу',
		'Ошибся номером',
		'Тестовая заявка',
		'физлицо',
	])('lead quality: %s', (text) => {
		expect(classifyLostReason(text)).toBe('leadQuality');
	});

	it.each([
		'Unanswered calls',
		'Client stopped responding',
		'went dark after demo',
		'Unable to reach',
		'Never called back',
		'Took too long to respond',
		'Late follow-up',
		'Missed call, no callback',
		'Недозвон',
		'не дозвонился 3 раза',
		'Не отвечает',
		'Не берёт трубку',
		'Клиент не вышел на связь',
		'Долго обрабатывали заявку',
		'Поздно перезвонили',
		'Забыли перезвонить',
		'Пропущенный звонок',
		'Абонент недоступен',
	])('handling: %s', (text) => {
		expect(classifyLostReason(text)).toBe('handling');
	});

	it.each([
		'Lost to competitor',
		'Too expensive',
		'Bad timing',
		'Дорого',
		'Купил у других',
		'Передумал',
		'',
	])('other: %j', (text) => {
		expect(classifyLostReason(text)).toBe('other');
	});

	it.each([
		'Не смогли дозвониться',
		'Не удалось дозвониться',
		'Не удалось связаться с клиентом',
		'Не получилось связаться',
		'Перестал отвечать',
		'Перестал выходить на связь',
		'Клиент пропал',
		'Нет связи с клиентом',
		'Клиент не дождался звонка',
		'Долгий ответ',
		'Ошибка менеджера',
		'Client not responding',
		'Unresponsive',
		"Couldn't get in touch",
		'Never heard back',
	])('handling, common phrasings the first rules missed: %s', (text) => {
		expect(classifyLostReason(text)).toBe('handling');
	});

	it.each(['Оставил заявку по ошибке', 'По ошибке', 'Не хватило бюджета', 'Бюджета не хватило'])(
		'lead quality, common phrasings the first rules missed: %s',
		(text) => {
			expect(classifyLostReason(text)).toBe('leadQuality');
		},
	);

	it.each(['Пропал интерес', 'Тест-драйв не понравился'])(
		'other, not a rule by accident: %s',
		(text) => {
			expect(classifyLostReason(text)).toBe('other');
		},
	);

	it('reads bad contact data as lead quality even when the text also says nobody answered', () => {
		expect(classifyLostReason('No answer — wrong number')).toBe('leadQuality');
		expect(classifyLostReason('Не дозвонились, неверный номер')).toBe('leadQuality');
	});

	it('does not take a word inside another word: "работаем" is not "бот", "contest" is not "test"', () => {
		expect(classifyLostReason('Уже работаем с другими')).toBe('other');
		expect(classifyLostReason('Won a contest elsewhere')).toBe('other');
	});
});

describe('explainLostReason and overrides', () => {
	it('says which rule decided', () => {
		expect(explainLostReason('Не дозвонились')).toEqual({
			reasonClass: 'handling',
			source: 'builtIn',
			matched: 'не дозвон',
		});
		expect(explainLostReason('Chose a competitor')).toMatchObject({
			reasonClass: 'other',
			source: 'builtIn',
		});
		expect(explainLostReason('Something unusual')).toEqual({
			reasonClass: 'other',
			source: 'default',
			matched: null,
		});
	});

	it('lets the user override a built-in rule, case- and spacing-insensitively', () => {
		const overrides = [{ match: '  chose A   competitor ', reasonClass: 'handling' as const }];
		expect(explainLostReason('Chose a competitor', overrides)).toEqual({
			reasonClass: 'handling',
			source: 'override',
			matched: '  chose A   competitor ',
		});
	});

	it('prefers an exact override over a contained one, and contained ones in the order given', () => {
		const overrides = [
			{ match: 'budget', reasonClass: 'other' as const },
			{ match: 'no budget', reasonClass: 'handling' as const },
			{ match: 'budget approval', reasonClass: 'leadQuality' as const },
		];
		expect(classifyLostReason('No budget', overrides)).toBe('handling');
		expect(classifyLostReason('Waiting for budget approval', overrides)).toBe('other');
		expect(classifyLostReason('Budget approval', overrides)).toBe('leadQuality');
	});

	it('ignores empty overrides', () => {
		expect(classifyLostReason('No answer', [{ match: '   ', reasonClass: 'other' }])).toBe(
			'handling',
		);
	});

	it('normalizes case, ё, dashes and spaces', () => {
		expect(normalizeReason('  Долго  не перезванивали – ушёл ')).toBe(
			'долго не перезванивали - ушел',
		);
	});

	it('classifies each distinct text once in the cached classifier, with the same answers', () => {
		const classify = createLostReasonClassifier([{ match: 'Postponed', reasonClass: 'handling' }]);
		const first = classify('Postponed purchase');
		expect(first.reasonClass).toBe('handling');
		expect(classify('Postponed purchase')).toBe(first);
		expect(classify('Wrong region').reasonClass).toBe('leadQuality');
	});
});
