import { buildFeedbackReport, renderReport } from '../../nodes/shared/report';
import type { AcknowledgementRow } from '../../nodes/shared/report';
import { feedback } from './feedbackFixtures';

const RECIPIENTS = [
	{ id: 'u1', name: 'Anna' },
	{ id: 'u2', name: 'Boris' },
	{ id: 'u3', name: 'Vera' },
	{ id: 'u4', name: 'Gleb' },
];
const DEADLINE = '2026-11-05T12:00:00Z';

/**
 * Brief "spring" v2, deadline 5 Nov 12:00: Anna acknowledged in time; Boris asked a question in time; Vera
 * acknowledged a day late; Gleb never answered; Dmitri (not on the list) acknowledged. Brief "spring" v1 only has
 * Anna's acknowledgement. A form item and an acknowledgement without a brief id are not counted.
 */
function fixture() {
	return [
		feedback({
			type: 'acknowledgement',
			briefId: 'spring',
			briefVersion: 2,
			rep: 'u1',
			submittedAt: '2026-11-04T09:00:00Z',
		}),
		feedback({
			type: 'question',
			briefId: 'spring',
			briefVersion: 2,
			rep: 'u2',
			text: 'Is the 20% off for <b>all</b> tariffs?',
			submittedAt: '2026-11-04T10:00:00Z',
		}),
		feedback({
			type: 'acknowledgement',
			briefId: 'spring',
			briefVersion: 2,
			rep: 'u3',
			submittedAt: '2026-11-06T10:00:00Z',
		}),
		feedback({
			type: 'acknowledgement',
			briefId: 'spring',
			briefVersion: 2,
			rep: 'Dmitri',
			submittedAt: '2026-11-04T11:00:00Z',
		}),
		feedback({
			type: 'acknowledgement',
			briefId: 'spring',
			briefVersion: 1,
			rep: 'u1',
			submittedAt: '2026-11-01T09:00:00Z',
		}),
		feedback({ type: 'form', firstWords: 'hi' }),
		feedback({ type: 'acknowledgement', briefId: null, rep: 'u4' }),
	];
}

describe('Acknowledgement status report', () => {
	it('lists who acknowledged, asked, answered late and has not answered, per brief version', () => {
		const built = buildFeedbackReport(fixture(), {
			report: 'acknowledgements',
			now: new Date('2026-11-10T00:00:00Z'),
			recipients: RECIPIENTS,
			deadline: DEADLINE,
		});
		const rows = built.rows as AcknowledgementRow[];
		const v2 = rows
			.filter((row) => row.briefVersion === 2)
			.map((row) => [row.group, row.status, row.onList]);
		expect(v2).toEqual([
			['Anna', 'acknowledged', true],
			['Boris', 'question', true],
			['Vera', 'late', true],
			['Gleb', 'noResponse', true],
			['Dmitri', 'acknowledged', false],
		]);
		const v1 = rows.filter((row) => row.briefVersion === 1).map((row) => [row.group, row.status]);
		expect(v1).toEqual([
			['Anna', 'acknowledged'],
			['Boris', 'noResponse'],
			['Vera', 'noResponse'],
			['Gleb', 'noResponse'],
		]);
		expect(rows[1].question).toBe('Is the 20% off for <b>all</b> tariffs?');
		expect(built.summary.feedback?.used).toBe(5);
		expect(built.summary.headline).toBe(
			'2 brief versions: 3 of 9 acknowledged, 1 asked a question, 5 not answered in time.',
		);
		expect(built.summary.findings).toEqual([
			'Brief spring, version 2: no answer in time from Vera, Gleb.',
			'Brief spring, version 1: no answer in time from Boris, Vera, Gleb.',
		]);
		const telegram = renderReport(built).telegram.join('');
		expect(telegram).toContain('&lt;b&gt;all&lt;/b&gt;');
	});

	it('before the deadline, those without an answer are waiting, not missing; Russian texts', () => {
		const built = buildFeedbackReport(fixture(), {
			report: 'acknowledgements',
			now: new Date('2026-11-05T00:00:00Z'),
			recipients: RECIPIENTS,
			deadline: DEADLINE,
			language: 'ru',
		});
		const rows = built.rows as AcknowledgementRow[];
		expect(rows.filter((row) => row.status === 'waiting').map((row) => row.group)).toEqual([
			'Gleb',
			'Boris',
			'Vera',
			'Gleb',
		]);
		expect(built.summary.headline).toBe(
			'2 версии брифов: подтвердили 3 из 9, 1 задал вопрос, 1 не ответил вовремя.',
		);
	});

	it('matches a rep by recipient name when the id does not match (case-insensitive)', () => {
		const built = buildFeedbackReport(
			[feedback({ type: 'acknowledgement', briefId: 'b', briefVersion: 1, rep: 'anna' })],
			{
				report: 'acknowledgements',
				recipients: RECIPIENTS.slice(0, 2),
				now: new Date('2026-11-20T00:00:00Z'),
			},
		);
		expect(
			(built.rows as AcknowledgementRow[]).map((row) => [row.recipientId, row.status, row.onList]),
		).toEqual([
			['u1', 'acknowledged', true],
			['u2', 'waiting', true],
		]);
	});

	it('without a recipient list, only those who answered are listed, with a note', () => {
		const built = buildFeedbackReport(fixture(), {
			report: 'acknowledgements',
			now: new Date('2026-11-10T00:00:00Z'),
		});
		expect(built.rows.map((row) => row.group)).toEqual(['u1', 'u2', 'u3', 'Dmitri', 'u1']);
		expect(renderReport(built).markdown).toContain('No recipient list was given');
	});
});
