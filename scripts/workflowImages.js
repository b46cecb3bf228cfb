#!/usr/bin/env node
'use strict';
/**
 * `npm run build && node scripts/workflowImages.js` — one picture of every example workflow in the n8n editor, for
 * the README: docs/images/workflow-<file name>.png for each dist/workflows/<file name>.json (workflows/ as the gulp
 * build copies it), the whole canvas zoomed to fit, sticky notes and node names readable, no panel open.
 *
 * By default it starts a throwaway n8n (a temporary user folder with the packed package installed as a community
 * package and the workflows imported with n8n's CLI; removed afterwards), so `npm start`'s .n8n/ is never touched.
 * Options:
 *   --dir <folder>   take the workflows from another folder (default dist/workflows)
 *   --out <folder>   write the pictures elsewhere (default docs/images)
 *   --only <name>    only the workflow file <name>.json (repeatable)
 *   --reuse          use the n8n `npm start` runs (N8N_PORT, default 5678; its owner from
 *                    .n8n/sales-marketing-bridge.json) and the workflows as imported there, edits included
 * Uses Debian's headless Chromium (apt-get install -y chromium) through puppeteer-core.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { launchBrowser, signIn, startScratchN8n } = require('./lib/editor');
const { N8nRest } = require('./lib/n8n');
const { provision, readyRuntime } = require('./lib/runtime');
const { createProgress, reportFailure } = require('./lib/steps');
const { PROJECT_DIR, STICKY_NOTE_TYPE, readWorkflowFiles } = require('./lib/workflows');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : fallback;
};
const optionList = (name) => args.flatMap((arg, index) => (arg === name ? [args[index + 1]] : []));

const SOURCE_DIR = path.resolve(option('--dir', path.join(PROJECT_DIR, 'dist', 'workflows')));
const OUT_DIR = path.resolve(option('--out', path.join(PROJECT_DIR, 'docs', 'images')));
const ONLY = optionList('--only');
/**
 * Wide enough that a workflow of a dozen nodes keeps its node names readable when zoomed to fit; twice the pixels
 * (deviceScaleFactor 2) so that the sticky notes' small print is sharp when the picture is opened at full size.
 */
const VIEWPORT = { width: 1600, height: 1000, deviceScaleFactor: 2 };

/** Emoji that need a colour emoji font; DejaVu (Debian's default) has the plain symbols such as ✓ and →. */
const EMOJI = /\p{Extended_Pictographic}\uFE0F?/u;

/** Whether fontconfig knows a colour emoji font (Noto Color Emoji, Twemoji, …). */
function hasEmojiFont() {
	try {
		return /emoji/i.test(execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }));
	} catch {
		return false;
	}
}

/** The picture's file for a workflow file: workflow-<file name without .json>.png. */
function imageFileFor(workflowFile) {
	return path.join(OUT_DIR, `workflow-${path.basename(workflowFile, '.json')}.png`);
}

/**
 * Opens one workflow in the editor, fits the canvas, checks that every node and note is on it and no panel covers
 * it, and saves the picture.
 */
async function photograph(page, baseUrl, { file, workflow, id }) {
	const nodes = workflow.nodes.filter((node) => node.type !== STICKY_NOTE_TYPE);
	const notes = workflow.nodes.length - nodes.length;
	await page.goto(`${baseUrl}/workflow/${id}`, { waitUntil: 'load', timeout: 120000 });
	await page.waitForFunction(
		(count) =>
			document.querySelectorAll('[data-test-id="canvas-node"][data-node-name]').length >= count,
		{ timeout: 60000 },
		nodes.length,
	);
	const shown = await page.$$eval('[data-test-id="canvas-node"][data-node-name]', (elements) =>
		elements.map((element) => element.getAttribute('data-node-name')),
	);
	const missing = nodes.map((node) => node.name).filter((name) => !shown.includes(name));
	if (missing.length > 0)
		throw new Error(`${path.basename(file)}: not on the canvas: ${missing.join(', ')}`);
	const stickies = await page.$$eval('[data-test-id="sticky"]', (elements) => elements.length);
	if (stickies !== notes)
		throw new Error(
			`${path.basename(file)}: ${stickies} sticky notes on the canvas, ${notes} in the file`,
		);

	// The canvas as the user gets it after "Zoom to fit" (the button at the bottom left, or key 1).
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	// The button leaves its tooltip and focus ring behind: move the mouse to an empty corner of the header.
	await page.mouse.move(VIEWPORT.width - 5, 5);
	await new Promise((resolve) => setTimeout(resolve, 1200));
	const covering = await page.$$eval(
		'[data-test-id="ndv"], [role="dialog"], .el-notification, [data-test-id="workflow-menu"][aria-expanded="true"]',
		(elements) => elements.filter((element) => element.getClientRects().length > 0).length,
	);
	if (covering > 0) throw new Error(`${path.basename(file)}: a panel or message covers the canvas`);
	// Every node inside the picture after the fit.
	const outside = await page.$$eval(
		'[data-test-id="canvas-node"][data-node-name], [data-test-id="sticky"]',
		(elements, size) =>
			elements
				.map((element) => [
					element.getAttribute('data-node-name') || 'a sticky note',
					element.getBoundingClientRect(),
				])
				.filter(
					([, box]) =>
						box.left < 0 || box.top < 0 || box.right > size.width || box.bottom > size.height,
				)
				.map(([name]) => name),
		VIEWPORT,
	);
	if (outside.length > 0)
		throw new Error(
			`${path.basename(file)}: outside the picture after zoom to fit: ${outside.join(', ')}`,
		);
	const warnings = [];
	// What the notes promise: "Execute workflow" starts the Manual Trigger (n8n adds "from <trigger>" when another
	// trigger is switched on, and then starts that one).
	const button = await page.$eval('[data-test-id="execute-workflow-button"]', (element) =>
		element.innerText.replace(/\s+/g, ' ').trim(),
	);
	const from = /\bfrom (.+)$/.exec(button);
	const manual = nodes
		.filter((node) => node.type === 'n8n-nodes-base.manualTrigger')
		.map((node) => node.name);
	if (from && !manual.includes(from[1]))
		warnings.push(
			`"Execute workflow" starts "${from[1]}", not the Manual Trigger (it reads "${button}")`,
		);
	// A node whose icon or name lies half on a sticky note is hard to read in the picture.
	warnings.push(
		...(await page.evaluate(() => {
			// The node's square and the texts a person sees under it (name, subtitle); not the toolbar and buttons
			// that only appear on hover (there, but transparent).
			const shown = (element, node) => {
				for (let part = element; part && part !== node.parentElement; part = part.parentElement) {
					const style = getComputedStyle(part);
					if (style.opacity === '0' || style.visibility === 'hidden' || style.display === 'none')
						return false;
				}
				return true;
			};
			const boxOf = (node) => {
				const square = node.querySelector(
					'[data-test-id="canvas-default-node"], [data-test-id="canvas-trigger-node"]',
				);
				const boxes = [(square || node).getBoundingClientRect()];
				const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
				for (let text = walker.nextNode(); text; text = walker.nextNode()) {
					if (!text.textContent.trim() || !shown(text.parentElement, node)) continue;
					const range = document.createRange();
					range.selectNodeContents(text);
					boxes.push(range.getBoundingClientRect());
				}
				return boxes
					.filter((box) => box.width > 0 && box.height > 0)
					.reduce((a, b) => ({
						left: Math.min(a.left, b.left),
						top: Math.min(a.top, b.top),
						right: Math.max(a.right, b.right),
						bottom: Math.max(a.bottom, b.bottom),
					}));
			};
			const stickies = [...document.querySelectorAll('[data-test-id="sticky"]')].map((sticky) => ({
				title: sticky.innerText.trim().split('\n')[0],
				box: sticky.getBoundingClientRect(),
			}));
			const found = [];
			for (const node of document.querySelectorAll(
				'[data-test-id="canvas-node"][data-node-name]',
			)) {
				const box = boxOf(node);
				for (const sticky of stickies) {
					const s = sticky.box;
					// 4 px of slack: a label that touches a note's edge reads fine.
					const overlaps =
						box.left < s.right - 4 &&
						box.right > s.left + 4 &&
						box.top < s.bottom - 4 &&
						box.bottom > s.top + 4;
					const inside =
						box.left >= s.left &&
						box.right <= s.right &&
						box.top >= s.top &&
						box.bottom <= s.bottom;
					if (overlaps && !inside)
						found.push(
							`node "${node.getAttribute('data-node-name')}" lies partly on the note "${sticky.title}"`,
						);
				}
			}
			return found;
		})),
	);
	if (EMOJI.test(JSON.stringify(workflow)) && !hasEmojiFont())
		warnings.push(
			'its text has emoji, and this machine has no emoji font: they show as empty boxes (apt-get install -y fonts-noto-color-emoji)',
		);
	const out = imageFileFor(file);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	await page.screenshot({ path: out });
	return { out, warnings };
}

/** Workflows as imported into the n8n that `rest` talks to: the file's id, or (without one) its name. */
async function withIds(rest, files) {
	const listed = await rest.listWorkflows();
	return files.map(({ file, workflow }) => {
		const match =
			listed.find((candidate) => workflow.id && candidate.id === workflow.id) ||
			listed.find((candidate) => candidate.name === workflow.name);
		if (!match)
			throw new Error(
				`"${workflow.name}" (${path.basename(file)}) is not in this n8n: restart npm start, or leave out --reuse`,
			);
		return { file, workflow, id: match.id };
	});
}

async function main() {
	const progress = createProgress({ log: (line) => process.stdout.write(`${line}\n`) });
	let files = readWorkflowFiles(SOURCE_DIR);
	if (ONLY.length > 0)
		files = files.filter(({ file }) => ONLY.includes(path.basename(file, '.json')));
	if (files.length === 0)
		throw new Error(
			`no workflow *.json in ${path.relative(PROJECT_DIR, SOURCE_DIR) || '.'} (run \`npm run build\` first)`,
		);

	let n8n;
	if (args.includes('--reuse')) {
		const port = Number(process.env.N8N_PORT || 5678);
		const state = JSON.parse(
			fs.readFileSync(path.join(PROJECT_DIR, '.n8n', 'sales-marketing-bridge.json'), 'utf8'),
		);
		const baseUrl = `http://127.0.0.1:${port}`;
		const rest = new N8nRest(baseUrl, readyRuntime());
		await rest.login(state.owner.email, state.owner.password);
		n8n = { baseUrl, owner: state.owner, rest, stop: async () => {} };
	} else {
		const runtime = await provision({ progress });
		n8n = await startScratchN8n({
			runtime,
			workflows: files.map(({ workflow }) => workflow),
			progress,
		});
	}

	const browser = await launchBrowser(VIEWPORT);
	try {
		const page = (await browser.pages())[0];
		await page.setViewport(VIEWPORT);
		await signIn(page, n8n.baseUrl, n8n.owner);
		const warned = [];
		for (const entry of await withIds(n8n.rest, files)) {
			const { out, warnings } = await progress.step(`Picture of "${entry.workflow.name}"`, {}, () =>
				photograph(page, n8n.baseUrl, entry),
			);
			progress.info(`  ${path.relative(process.cwd(), out)}`);
			for (const warning of warnings) warned.push(`${path.basename(entry.file)}: ${warning}`);
		}
		if (warned.length > 0) {
			progress.info('');
			progress.info('Look at these pictures before committing them:');
			for (const line of warned) progress.info(`  ⚠ ${line}`);
		}
	} finally {
		await browser.close();
		await n8n.stop();
	}
}

main().catch((error) => {
	process.exitCode = reportFailure(error);
});
