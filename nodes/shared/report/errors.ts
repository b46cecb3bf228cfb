/**
 * A report that cannot be computed from what it was given, with what to do about it (`description`). A RangeError,
 * so callers that already catch those for periods keep working.
 */
export class ReportError extends RangeError {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'ReportError';
	}
}
