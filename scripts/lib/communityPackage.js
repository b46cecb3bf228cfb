'use strict';
/**
 * Builds this package, packs it with `npm pack`, and installs the tarball into an n8n user folder the
 * way n8n's Community Nodes UI installs a package (n8n 2.40.7,
 * modules/community-packages/community-packages.service.js `downloadPackage`):
 *   1. unpack the tarball into <n8n folder>/nodes/node_modules/<name>;
 *   2. drop devDependencies, peerDependencies and optionalDependencies from its package.json;
 *   3. `npm install` inside it with n8n's flags (no scripts, no lockfile, shallow);
 *   4. record it in <n8n folder>/nodes/package.json.
 * So the e2e suite and `npm start` load exactly what a user's n8n loads: no devDependencies (zod and
 * luxon come from n8n itself at run time), only the files listed in package.json `files`.
 */

const fs = require('node:fs');
const path = require('node:path');

const { capture, childEnv, npmCommand, runLogged, withNodeFirstOnPath } = require('./proc');
const { StepError } = require('./steps');
const { PACKAGE_NAME, PROJECT_DIR } = require('./workflows');

/**
 * `npm run build` in the checkout (n8n-node build + gulp build), with the npm that runs this script.
 * @param {{ logFile: string }} options
 */
async function buildPackage({ logFile }) {
	const npm = npmCommand();
	try {
		await runLogged(npm.command, [...npm.prefixArgs, 'run', 'build'], {
			cwd: PROJECT_DIR,
			env: childEnv(),
			logFile,
			timeoutMs: 10 * 60000,
		});
	} catch (error) {
		throw new StepError('Build the package', error.message, {
			logFile: error.logFile,
			logTail: error.logTail,
			hint: 'run `npm run build` to see the compiler or workflow-check errors; did `npm install` finish?',
		});
	}
}

/**
 * `npm pack` into `outDir`; returns the tarball's path.
 * @param {{ outDir: string, logFile: string }} options
 */
async function packPackage({ outDir, logFile }) {
	fs.mkdirSync(outDir, { recursive: true });
	const npm = npmCommand();
	const result = await capture(npm.command, [...npm.prefixArgs, 'pack', '--json', '--pack-destination', outDir], {
		cwd: PROJECT_DIR,
		env: childEnv(),
		timeoutMs: 5 * 60000,
	});
	fs.appendFileSync(logFile, `\n$ npm pack --json --pack-destination ${outDir}\n${result.stdout}${result.stderr}`);
	if (result.code !== 0) {
		throw new StepError('Pack the package', `npm pack exited with code ${result.code}`, {
			logFile,
			logTail: result.stderr.trim().split('\n').slice(-15).join('\n'),
		});
	}
	const [packed] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	const tarball = path.join(outDir, packed.filename);
	if (!fs.existsSync(tarball)) throw new StepError('Pack the package', `npm pack did not write ${tarball}`);
	return { tarball, version: packed.version, files: packed.files.map((file) => file.path) };
}

/**
 * Installs a packed tarball as a community package of the n8n whose user folder is `userFolder`
 * (n8n keeps its data in `<userFolder>/.n8n`).
 * @param {{ tarball: string, userFolder: string, nodeBin: string, logFile: string }} options
 * @returns {Promise<string>} the installed package folder
 */
async function installCommunityPackage({ tarball, userFolder, nodeBin, logFile }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });

	const untar = await capture('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		cwd: nodesDir,
	});
	if (untar.code !== 0) {
		throw new StepError('Install the package into n8n', `tar could not unpack ${tarball}: ${untar.stderr.trim()}`);
	}

	const manifestFile = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestFile, 'utf8'),
	);
	fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

	const npm = npmCommand(nodeBin);
	try {
		await runLogged(
			npm.command,
			[
				...npm.prefixArgs,
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir, env: withNodeFirstOnPath(childEnv(), nodeBin), logFile, timeoutMs: 5 * 60000 },
		);
	} catch (error) {
		throw new StepError('Install the package into n8n', error.message, { logFile: error.logFile, logTail: error.logTail });
	}

	const nodesManifestFile = path.join(nodesDir, 'package.json');
	let nodesManifest = { name: 'installed-nodes', private: true, dependencies: {} };
	if (fs.existsSync(nodesManifestFile)) nodesManifest = JSON.parse(fs.readFileSync(nodesManifestFile, 'utf8'));
	nodesManifest.dependencies = { ...(nodesManifest.dependencies || {}), [PACKAGE_NAME]: manifest.version };
	fs.writeFileSync(nodesManifestFile, JSON.stringify(nodesManifest, null, 2));
	return packageDir;
}

module.exports = { buildPackage, packPackage, installCommunityPackage };
