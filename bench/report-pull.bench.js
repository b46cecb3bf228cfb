'use strict';
/**
 * Issue 13, measured in a real n8n 2.40.7 with this package installed as a community package (the way users get
 * it): peak RSS of the n8n process and the Report node's executionTime for
 *   (a) Manual Trigger → CRM Sales Data (Deal → Get Many, all) → Report (Deals: From Input Items), and
 *   (b) Manual Trigger → Report (Deals: Pull From the CRM),
 * report "verdict", over a local Pipedrive-format CRM (bench/lib/reportPullFake.js: pre-serialised pages, no rate
 * limit) with 100,000 and 1,000,000 deals, next to the pure page-serving time of that fake.
 *
 * Rate limits off: the installed copy's Pipedrive pacing (10 requests/s, the published limit) is raised to 10,000/s
 * in the bench's own user folder (.n8n-bench/), or the bench would measure the pacing. Nothing else is changed.
 * A fresh n8n process per run, so its peak RSS (VmHWM in /proc/<pid>/status, sampled too) is that run's.
 *
 *   npm run bench:report-pull                      (100,000 for a and b; 1,000,000 for b)
 *   node bench/report-pull.bench.js --sizes 100000 --items-max 100000
 *   node bench/report-pull.bench.js --sizes 100000 --modes b --cpu-prof /tmp/prof   (n8n under --cpu-prof)
 *
 * Next to each n8n run, in the same run and against the same fake: the pure page-serving time (a plain Node client
 * reading the bytes of every page, one at a time), the same with JSON.parse of each page, and n8n's own HTTP helper
 * alone on the same pages (bench/lib/n8nHelper.js), so the n8n figure can be read against what n8n's transport costs
 * before any code of this package runs.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { installCommunityPackage, packPackage } = require('../scripts/lib/communityPackage');
const {
	N8nRest,
	freePort,
	generatePassword,
	importCredentials,
	importWorkflows,
	n8nEnv,
	startServer,
	stopProcess,
	waitUntilReady,
} = require('../scripts/lib/n8n');
const { provision } = require('../scripts/lib/runtime');
const { createProgress } = require('../scripts/lib/steps');
const { arg } = require('./lib/pull');
const { n8nHttpRequest } = require('./lib/n8nHelper');
const { startReportPullFake } = require('./lib/reportPullFake');

const PROJECT = path.join(__dirname, '..');
const USER_FOLDER = path.join(PROJECT, '.n8n-bench');
const LOG_DIR = path.join(USER_FOLDER, 'logs');
const PACKAGE = 'n8n-nodes-sales-marketing-bridge';
const SIZES = String(arg('sizes', '100000,1000000')).split(',').map(Number);
/** (a) beyond this many deals is not run: 300,000 items already took 3.5–4.3 GB (issue 13). */
const ITEMS_MAX = Number(arg('items-max', 100000));
/** a = CRM Sales Data → Report, b = Report pulling from the fake CRM, demo = Report pulling from the Demo CRM. */
const MODES = String(arg('modes', 'a,b,demo')).split(',');
/** A folder: n8n runs under `node --cpu-prof` and writes its profile there when it stops. */
const CPU_PROF = arg('cpu-prof', null);
/** Each side measurement (serving, JSON.parse, n8n's helper) is the best of this many. */
const REPEATS = Number(arg('repeats', 3));

function workflows(credentialId) {
	const credentials = { pipedriveCrmApi: { id: credentialId, name: 'Bench Pipedrive' } };
	const start = {
		id: 's',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const report = (parameters, position) => ({
		id: 'r',
		name: 'Report',
		type: `${PACKAGE}.salesMarketingReport`,
		typeVersion: 1,
		position,
		parameters: { operation: 'verdict', ...parameters },
		credentials,
	});
	return [
		{
			id: 'benchReportFromItems',
			name: 'Bench: CRM Sales Data → Report',
			active: false,
			nodes: [
				start,
				{
					id: 'c',
					name: 'CRM Sales Data',
					type: `${PACKAGE}.crmSalesData`,
					typeVersion: 1,
					position: [200, 0],
					parameters: { crm: 'pipedrive', resource: 'deal', operation: 'getAll', returnAll: true },
					credentials,
				},
				report({}, [400, 0]),
			],
			connections: {
				Start: { main: [[{ node: 'CRM Sales Data', type: 'main', index: 0 }]] },
				'CRM Sales Data': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
			},
			settings: {},
		},
		{
			id: 'benchReportPull',
			name: 'Bench: Report pulling from the CRM',
			active: false,
			nodes: [start, report({ dealSource: 'crm', crm: 'pipedrive' }, [200, 0])],
			connections: { Start: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
			settings: {},
		},
		{
			id: 'benchReportPullDemo',
			name: 'Bench: Report pulling from the Demo CRM',
			active: false,
			nodes: [start, { ...report({ dealSource: 'crm', crm: 'demo' }, [200, 0]), credentials: {} }],
			connections: { Start: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
			settings: {},
		},
	];
}

function statusOf(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
		return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
	} catch {
		return { rss: 0, hwm: 0 };
	}
}

/**
 * Waits for the execution, asking again when one poll meets a connection n8n's server closed (a busy n8n under a
 * million-deal run drops a keep-alive socket now and then; the execution itself goes on).
 */
async function finished(rest, executionId) {
	const deadline = Date.now() + 30 * 60000;
	for (;;) {
		try {
			return await rest.waitForExecution(executionId, Math.max(1000, deadline - Date.now()));
		} catch (error) {
			const reset = /fetch failed|ECONNRESET|socket/i.test(
				`${error?.message} ${error?.cause?.code}`,
			);
			if (!reset || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

/** CPU time (user + system) the process has used so far, in ms: unlike wall time, hardly moved by other jobs. */
function cpuMsOf(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime are fields 14 and 15 of /proc/<pid>/stat (proc(5)), in clock ticks (100 per second on Linux).
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return NaN;
	}
}

/** CPU time of this process while `measure` runs (the fake and the client both live here). */
async function withCpu(measure) {
	const before = process.cpuUsage();
	const ms = await measure();
	const used = process.cpuUsage(before);
	return { ms, cpuMs: (used.user + used.system) / 1000 };
}

const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;

async function main() {
	const progress = createProgress({ prefix: '[bench] ' });
	const runtime = await provision({ progress });
	fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, 'install.log');
	const packed = await packPackage({ outDir: path.join(USER_FOLDER, 'packed'), logFile });
	const packageDir = await installCommunityPackage({
		tarball: packed.tarball,
		userFolder: USER_FOLDER,
		nodeBin: runtime.nodeBin,
		logFile,
	});
	const adapterFile = path.join(
		packageDir,
		'dist',
		'nodes',
		'shared',
		'crm',
		'pipedrive',
		'adapter.js',
	);
	const source = fs.readFileSync(adapterFile, 'utf8');
	const unpaced = source.replace(/perSecond: 10, burst: 20/, 'perSecond: 10000, burst: 10000');
	if (unpaced === source) throw new Error(`Pipedrive pacing not found in ${adapterFile}`);
	fs.writeFileSync(adapterFile, unpaced);

	const results = [];
	const owner = {
		email: 'bench@example.com',
		firstName: 'Bench',
		lastName: 'Owner',
		password: generatePassword(),
	};
	for (const count of SIZES) {
		const fake = await progress.step(`Serialise ${count.toLocaleString('en')} deals`, {}, () =>
			startReportPullFake({ count }),
		);
		await fake.servingTimeMs(); // warm-up
		const cpu = {};
		const best = async (name, measure) => {
			const runs = [];
			for (let i = 0; i < REPEATS; i++) runs.push(await withCpu(measure));
			cpu[name] = Math.round(Math.min(...runs.map((run) => run.cpuMs)));
			return Math.min(...runs.map((run) => run.ms));
		};
		const servingMs = await best('serving', () => fake.servingTimeMs());
		const parsedMs = await best('parsed', () => fake.parsedTimeMs());
		const helperMs = await best('helper', () => fake.helperTimeMs(n8nHttpRequest));
		progress.info(
			`${fake.pages} pages, ${mb(fake.bytes)} (best of ${REPEATS}): pure page-serving ${Math.round(servingMs)} ms, ` +
				`+ JSON.parse ${Math.round(parsedMs)} ms, n8n's HTTP helper alone ${Math.round(helperMs)} ms`,
		);
		const port = await freePort();
		const env = n8nEnv(runtime, {
			userFolder: USER_FOLDER,
			port,
			brokerPort: await freePort(),
			overrides: {
				N8N_LOG_LEVEL: 'warn',
				...(CPU_PROF
					? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(CPU_PROF)}` }
					: {}),
			},
		});
		const credentialId = 'benchPipedrive';
		await importCredentials(
			runtime,
			env,
			[
				{
					id: credentialId,
					name: 'Bench Pipedrive',
					type: 'pipedriveCrmApi',
					data: { apiToken: fake.token, companyDomain: '', baseUrl: fake.url },
				},
			],
			{ workDir: path.join(USER_FOLDER, 'import'), logFile, cwd: USER_FOLDER },
		);
		await importWorkflows(runtime, env, workflows(credentialId), {
			workDir: path.join(USER_FOLDER, 'import'),
			logFile,
			cwd: USER_FOLDER,
		});
		const modes = [
			['a', 'a: CRM Sales Data → Report from items', 'benchReportFromItems'],
			['b', 'b: Report pulling from the CRM', 'benchReportPull'],
			['demo', 'Report pulling from the Demo CRM (in-process)', 'benchReportPullDemo'],
		]
			.filter(([key]) => MODES.includes(key) && (key !== 'a' || count <= ITEMS_MAX))
			// The Demo CRM has its own fixed size: once is enough.
			.filter(([key]) => key !== 'demo' || count === SIZES[0])
			.map(([, label, workflowId]) => [label, workflowId]);
		for (const [label, workflowId] of modes) {
			const server = startServer(runtime, env, {
				logFile: path.join(LOG_DIR, 'n8n.log'),
				cwd: USER_FOLDER,
			});
			try {
				const baseUrl = `http://127.0.0.1:${port}`;
				await waitUntilReady(baseUrl, server, 180000);
				const rest = new N8nRest(baseUrl, runtime);
				if (await rest.needsOwnerSetup()) await rest.setUpOwner(owner);
				else await rest.login(owner.email, owner.password);
				const idle = statusOf(server.pid);
				let peak = 0;
				const sampler = setInterval(() => {
					peak = Math.max(peak, statusOf(server.pid).rss);
				}, 100);
				const started = Date.now();
				const cpuBefore = cpuMsOf(server.pid);
				const execution = await finished(rest, await rest.runWorkflow(workflowId, 'Start'));
				const wallMs = Date.now() - started;
				const n8nCpuMs = cpuMsOf(server.pid) - cpuBefore;
				clearInterval(sampler);
				const status = statusOf(server.pid);
				const run = execution.data.resultData.runData.Report?.[0];
				if (!run || run.error || execution.data.resultData.error) {
					throw new Error(
						`${label}: ${JSON.stringify(run?.error ?? execution.data.resultData.error).slice(0, 400)}`,
					);
				}
				const summary = run.data.main[0][0].json;
				const crmRun = execution.data.resultData.runData['CRM Sales Data']?.[0];
				const row = {
					deals: count,
					mode: label,
					peakRss: Math.max(peak, status.hwm),
					idleRss: idle.rss,
					reportMs: run.executionTime,
					crmNodeMs: crmRun?.executionTime ?? null,
					wallMs,
					servingMs,
					parsedMs,
					helperMs,
					/** CPU ms of the n8n process from starting the run to its end, and of the side measurements (fake + client). */
					n8nCpuMs,
					sideCpuMs: cpu,
					inputDeals: summary.deals.inputDeals,
					/** The machine is shared: its 1-minute load average when the run ended. */
					loadAverage: Number(os.loadavg()[0].toFixed(1)),
				};
				const isDemo = workflowId === 'benchReportPullDemo';
				if (isDemo) row.deals = row.inputDeals;
				else if (row.inputDeals !== count)
					throw new Error(`${label}: the report saw ${row.inputDeals} deals, not ${count}`);
				results.push(row);
				progress.info(
					`${row.deals.toLocaleString('en')} deals, ${label}: peak RSS ${mb(row.peakRss)} (idle ${mb(row.idleRss)}), Report executionTime ${row.reportMs} ms` +
						(row.crmNodeMs !== null
							? `, CRM Sales Data ${row.crmNodeMs} ms`
							: isDemo
								? ''
								: `, ${(row.reportMs / servingMs).toFixed(2)}× the page-serving time, ${(row.reportMs / helperMs).toFixed(2)}× n8n's helper alone`) +
						`; CPU: n8n ${Math.round(n8nCpuMs)} ms, serving ${cpu.serving} ms, helper alone ${cpu.helper} ms; load average ${row.loadAverage}`,
				);
			} finally {
				await stopProcess(server);
			}
		}
		await fake.close();
	}
	const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores (nproc), ${mb(os.totalmem())} RAM, load average at the end ${os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' / ')} (1/5/15 min; the machine is shared)`;
	const out = {
		machine,
		n8n: '2.40.7',
		node: runtime.nodeVersion,
		at: new Date().toISOString(),
		results,
	};
	fs.writeFileSync(path.join(USER_FOLDER, 'report-pull.json'), JSON.stringify(out, null, 2));
	console.log(JSON.stringify(out, null, 2));
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
