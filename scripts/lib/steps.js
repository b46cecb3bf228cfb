'use strict';
/**
 * Named steps with visible progress for the long-running scripts (provisioning, start, e2e setup).
 *
 * Every step prints what it does and roughly how long it takes before it starts, a heartbeat while it
 * runs (a silent 3-minute npm install looks like a hang), and its duration when done. A failing step
 * throws a StepError that names the step, says why, and points at the full log, so `npm start` can
 * end with one clear message instead of a stack trace.
 */

const HEARTBEAT_MS = 20000;

class StepError extends Error {
	/**
	 * @param {string} step  the step's title, as printed in the progress lines
	 * @param {string} reason  what went wrong, in one or two sentences
	 * @param {{ logFile?: string, logTail?: string, hint?: string }} [details]
	 */
	constructor(step, reason, details = {}) {
		super(`Step "${step}" failed: ${reason}`);
		this.name = 'StepError';
		this.step = step;
		this.reason = reason;
		this.logFile = details.logFile;
		this.logTail = details.logTail;
		this.hint = details.hint;
	}
}

/** @param {number} ms */
function formatDuration(ms) {
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * A progress printer. `log` defaults to stderr so that scripts whose stdout is data stay parseable.
 * @param {{ log?: (line: string) => void, prefix?: string }} [options]
 */
function createProgress(options = {}) {
	const log = options.log || ((line) => process.stderr.write(`${line}\n`));
	const prefix = options.prefix || '';
	return {
		/** @param {string} line */
		info(line) {
			log(`${prefix}${line}`);
		},
		/**
		 * Runs one named step.
		 * @template T
		 * @param {string} title  e.g. 'Install n8n 2.40.7'
		 * @param {{ expected?: string }} meta  expected duration shown up front, e.g. 'about 3 min'
		 * @param {() => Promise<T>} work
		 * @returns {Promise<T>}
		 */
		async step(title, meta, work) {
			const started = Date.now();
			log(`${prefix}▶ ${title}${meta.expected ? ` (${meta.expected})` : ''}…`);
			const heartbeat = setInterval(() => {
				log(`${prefix}  … still working on "${title}", ${formatDuration(Date.now() - started)} so far`);
			}, HEARTBEAT_MS);
			heartbeat.unref();
			try {
				const result = await work();
				log(`${prefix}✔ ${title} — ${formatDuration(Date.now() - started)}`);
				return result;
			} catch (error) {
				log(`${prefix}✖ ${title} — failed after ${formatDuration(Date.now() - started)}`);
				if (error instanceof StepError) throw error;
				throw new StepError(title, error && error.message ? error.message : String(error));
			} finally {
				clearInterval(heartbeat);
			}
		},
	};
}

/**
 * Prints a StepError (or any error) for a person and returns the exit code to use.
 * @param {unknown} error
 * @param {(line: string) => void} [log]
 */
function reportFailure(error, log = (line) => process.stderr.write(`${line}\n`)) {
	log('');
	if (error instanceof StepError) {
		log(`✖ ${error.message}`);
		if (error.logTail) {
			log('  Last lines of the log:');
			for (const line of error.logTail.split('\n')) log(`    ${line}`);
		}
		if (error.logFile) log(`  Full log: ${error.logFile}`);
		if (error.hint) log(`  What to try: ${error.hint}`);
	} else {
		log(`✖ ${error && error.stack ? error.stack : String(error)}`);
	}
	return 1;
}

module.exports = { StepError, createProgress, formatDuration, reportFailure };
