#!/usr/bin/env node
'use strict';
/**
 * Runs one fake CRM as a separate process, for the real-n8n e2e suite:
 *
 *   node test/support/fakes/serve.js --crm amocrm|bitrix24|hubspot|pipedrive --port 0 [--leads N] [--token T]
 *        [--seed S]
 *        [--now ISO] [--rate R] [--burst B] [--failure-rate F] [--retry-after S]
 *        [--user-id U] [--secret S] [--scopes crm,user] [--lead-count N]
 *        [--window-ms W] [--company-domain D]
 * (hubspot: --rate = searches per second; pipedrive: --burst per --window-ms, --lead-count = leads)
 *
 * When listening on 127.0.0.1 it prints exactly one line of JSON to stdout and nothing else there:
 *   {"crm":"amocrm","url":"http://127.0.0.1:PORT","token":"T"}
 *   {"crm":"bitrix24","url":"http://127.0.0.1:PORT",
 *    "webhookUrl":"http://127.0.0.1:PORT/rest/1/SECRET/"}
 *   {"crm":"hubspot","url":"http://127.0.0.1:PORT","token":"T"}
 *   {"crm":"pipedrive","url":"http://127.0.0.1:PORT","token":"T"}
 * It runs until SIGTERM/SIGINT, then closes and exits 0. Diagnostics go to stderr.
 * Stats and created notes: GET {url}/__fake/state.
 */

const { startAmoCrmFake } = require('./amocrm');
const { startBitrix24Fake } = require('./bitrix24');
const { startHubSpotFake } = require('./hubspot');
const { startPipedriveFake } = require('./pipedrive');

const USAGE =
	'usage: serve.js --crm amocrm|bitrix24|hubspot|pipedrive [--port 0] [--leads N] [--token T] [--seed S] ' +
	'[--now ISO] [--rate R] [--burst B] [--failure-rate F] [--retry-after S] [--user-id U] ' +
	'[--secret S] [--scopes crm,user] [--lead-count N] [--window-ms W] [--company-domain D]';

/** `--name value` and `--name=value`. */
function parseArgs(argv) {
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
		const eq = arg.indexOf('=');
		if (eq > 0) {
			args[arg.slice(2, eq)] = arg.slice(eq + 1);
		} else {
			const value = argv[i + 1];
			if (value === undefined || value.startsWith('--'))
				throw new Error(`missing value for ${arg}`);
			args[arg.slice(2)] = value;
			i++;
		}
	}
	return args;
}

function numberArg(args, name) {
	if (args[name] === undefined) return undefined;
	const n = Number(args[name]);
	if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
	return n;
}

/** Drops undefined entries so each fake keeps its own defaults. */
function defined(options) {
	return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const crm = args.crm;
	const shared = defined({
		port: numberArg(args, 'port') ?? 0,
		count: numberArg(args, 'leads'),
		seed: args.seed,
		now: args.now ? new Date(args.now) : undefined,
		ratePerSecond: numberArg(args, 'rate'),
		failureRate: numberArg(args, 'failure-rate'),
		retryAfter: numberArg(args, 'retry-after'),
	});
	if (shared.now && Number.isNaN(shared.now.getTime()))
		throw new Error('--now must be an ISO date');

	let fake;
	let line;
	if (crm === 'amocrm') {
		fake = await startAmoCrmFake({ ...shared, ...defined({ token: args.token }) });
		line = { crm, url: fake.url, token: fake.token };
	} else if (crm === 'bitrix24') {
		fake = await startBitrix24Fake({
			...shared,
			...defined({
				burst: numberArg(args, 'burst'),
				userId: args['user-id'],
				secret: args.secret ?? args.token,
				scopes: args.scopes !== undefined ? args.scopes.split(',').filter(Boolean) : undefined,
				leadCount: numberArg(args, 'lead-count'),
			}),
		});
		line = { crm, url: fake.url, webhookUrl: fake.webhookUrl };
	} else if (crm === 'hubspot') {
		const { ratePerSecond, ...rest } = shared;
		fake = await startHubSpotFake({
			...rest,
			...defined({ token: args.token, searchPerSecond: ratePerSecond }),
		});
		line = { crm, url: fake.url, token: fake.token };
	} else if (crm === 'pipedrive') {
		const { ratePerSecond, retryAfter, ...rest } = shared;
		fake = await startPipedriveFake({
			...rest,
			...defined({
				token: args.token,
				burst: numberArg(args, 'burst'),
				windowMs: numberArg(args, 'window-ms'),
				leads: numberArg(args, 'lead-count'),
				companyDomain: args['company-domain'],
			}),
		});
		line = { crm, url: fake.url, token: fake.token };
	} else {
		throw new Error(`--crm must be amocrm, bitrix24, hubspot or pipedrive\n${USAGE}`);
	}

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		fake.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error && error.message ? error.message : error}\n`);
	process.exit(2);
});
