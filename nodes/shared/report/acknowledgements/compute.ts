import type { Feedback } from '../../feedback/types';
import type { FeedbackComputeContext, FeedbackScanStats } from '../feedbackInput';
import { feedbackInPeriod } from '../feedbackInput';
import { GroupMembers } from '../scan';
import type { RowBase } from '../types';

/**
 * acknowledged: acknowledged by the deadline (or at any time when there is none); question: asked a question by
 * then and did not acknowledge; late: first answered after the deadline; waiting: no answer and the deadline has
 * not passed (or there is none); noResponse: no answer by a deadline that has passed.
 */
export type AcknowledgementStatus = 'acknowledged' | 'question' | 'late' | 'waiting' | 'noResponse';

export const ACKNOWLEDGEMENT_STATUSES: readonly AcknowledgementStatus[] = [
	'acknowledged',
	'question',
	'late',
	'waiting',
	'noResponse',
];

export interface Recipient {
	id: string;
	name: string;
}

/** One row per recipient and brief version. */
export interface AcknowledgementRow extends RowBase {
	/** `owner`: each row is one sales rep; `groupKey` is `<briefId>@v<version>:<recipient id>`. */
	briefId: string;
	/** null when the items carry no version. */
	briefVersion: number | null;
	recipientId: string;
	status: AcknowledgementStatus;
	/** ISO instants of the first acknowledgement and the first question; null when none. */
	acknowledgedAt: string | null;
	questionAt: string | null;
	/** The first question's text (or null). */
	question: string | null;
	/** False for someone who answered but is not on the recipient list. */
	onList: boolean;
}

export interface BriefVersionStatus {
	briefId: string;
	briefVersion: number | null;
	recipients: number;
	acknowledged: number;
	question: number;
	late: number;
	waiting: number;
	noResponse: number;
}

export interface AcknowledgementResult {
	rows: AcknowledgementRow[];
	briefs: BriefVersionStatus[];
	totals: Omit<BriefVersionStatus, 'briefId' | 'briefVersion'> & { briefVersions: number };
	stats: FeedbackScanStats;
	members: GroupMembers;
	deadlineMs: number | null;
	deadlinePassed: boolean;
	hasRecipients: boolean;
}

interface Answers {
	recipient: Recipient;
	onList: boolean;
	ackMs: number;
	questionMs: number;
	question: string | null;
	positions: number[];
}

function clean(value: string | null): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function computeAcknowledgements(
	feedback: readonly Feedback[],
	ctx: FeedbackComputeContext,
): AcknowledgementResult {
	const recipients = ctx.recipients ?? [];
	const deadlineMs = ctx.deadlineMs ?? null;
	const deadlinePassed = deadlineMs !== null && ctx.nowMs >= deadlineMs;
	const byId = new Map(recipients.map((r) => [r.id, r]));
	const byName = new Map(recipients.map((r) => [r.name.toLowerCase(), r]));
	const { inPeriod, stats } = feedbackInPeriod(feedback, ctx.period);
	/** Brief versions in order of first appearance, each with its answers per recipient id. */
	const versions = new Map<
		string,
		{ briefId: string; version: number | null; answers: Map<string, Answers> }
	>();
	for (const item of inPeriod) {
		const fb = item.feedback;
		if (fb.type !== 'acknowledgement' && fb.type !== 'question') continue;
		const briefId = clean(fb.briefId);
		const rep = clean(fb.rep);
		if (briefId === '' || rep === '') continue;
		stats.used++;
		const versionKey = `${briefId}@v${fb.briefVersion ?? ''}`;
		let version = versions.get(versionKey);
		if (version === undefined) {
			version = { briefId, version: fb.briefVersion, answers: new Map() };
			versions.set(versionKey, version);
		}
		const known = byId.get(rep) ?? byName.get(rep.toLowerCase());
		const recipient = known ?? { id: rep, name: rep };
		let answers = version.answers.get(recipient.id);
		if (answers === undefined) {
			answers = {
				recipient,
				onList: known !== undefined,
				ackMs: Infinity,
				questionMs: Infinity,
				question: null,
				positions: [],
			};
			version.answers.set(recipient.id, answers);
		}
		answers.positions.push(item.position);
		if (fb.type === 'acknowledgement') answers.ackMs = Math.min(answers.ackMs, item.submittedMs);
		else if (item.submittedMs < answers.questionMs) {
			answers.questionMs = item.submittedMs;
			answers.question = clean(fb.text) || null;
		}
	}
	const rows: AcknowledgementRow[] = [];
	const briefs: BriefVersionStatus[] = [];
	const ordinals = new Int32Array(feedback.length).fill(-1);
	const ordinalOf = new Map<string, number>();
	const iso = (ms: number): string | null => (ms === Infinity ? null : new Date(ms).toISOString());
	for (const version of versions.values()) {
		const brief: BriefVersionStatus = {
			briefId: version.briefId,
			briefVersion: version.version,
			recipients: 0,
			acknowledged: 0,
			question: 0,
			late: 0,
			waiting: 0,
			noResponse: 0,
		};
		const everyone: Answers[] = recipients.map(
			(recipient) =>
				version.answers.get(recipient.id) ?? {
					recipient,
					onList: true,
					ackMs: Infinity,
					questionMs: Infinity,
					question: null,
					positions: [],
				},
		);
		for (const answers of version.answers.values()) if (!answers.onList) everyone.push(answers);
		for (const answers of everyone) {
			const first = Math.min(answers.ackMs, answers.questionMs);
			const limit = deadlineMs ?? Infinity;
			let status: AcknowledgementStatus;
			if (answers.ackMs < Infinity && answers.ackMs <= limit) status = 'acknowledged';
			else if (answers.questionMs < Infinity && answers.questionMs <= limit) status = 'question';
			else if (first < Infinity) status = 'late';
			else status = deadlinePassed ? 'noResponse' : 'waiting';
			brief.recipients++;
			brief[status]++;
			const groupKey = `${version.briefId}@v${version.version ?? ''}:${answers.recipient.id}`;
			const ordinal = ordinalOf.size;
			ordinalOf.set(groupKey, ordinal);
			for (const position of answers.positions) ordinals[position] = ordinal;
			rows.push({
				report: 'acknowledgements',
				groupBy: 'owner',
				groupKey,
				group: answers.recipient.name,
				briefId: version.briefId,
				briefVersion: version.version,
				recipientId: answers.recipient.id,
				status,
				acknowledgedAt: iso(answers.ackMs),
				questionAt: iso(answers.questionMs),
				question: answers.question,
				onList: answers.onList,
			});
		}
		briefs.push(brief);
	}
	const sum = (field: AcknowledgementStatus | 'recipients'): number =>
		briefs.reduce((total, brief) => total + brief[field], 0);
	return {
		rows,
		briefs,
		totals: {
			briefVersions: briefs.length,
			recipients: sum('recipients'),
			acknowledged: sum('acknowledged'),
			question: sum('question'),
			late: sum('late'),
			waiting: sum('waiting'),
			noResponse: sum('noResponse'),
		},
		stats,
		members: new GroupMembers(new Map([['owner', { ordinals, ordinalOf }]])),
		deadlineMs,
		deadlinePassed,
		hasRecipients: recipients.length > 0,
	};
}
