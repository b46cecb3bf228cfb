'use strict';
/**
 * A scripted chat model for the AI Agent e2e test (report-agent.test.js): n8n 2.40.7 ships no offline fake chat
 * model node, so the agent uses n8n's own "OpenAI Chat Model" node with its credential's Base URL pointed here.
 * Wire format: OpenAI Chat Completions, `POST /v1/chat/completions` (platform.openai.com/docs/api-reference/chat;
 * tool calls in `choices[0].message.tool_calls`, arguments as a JSON string; `stream: true` answers as server-sent
 * events of `chat.completion.chunk` with `delta`s, ending in `data: [DONE]`).
 * Script: while no tool answer is in the conversation, call the first offered tool with `toolArgs`; then answer in
 * words, quoting the tool's headline. Every request body is kept in `requests`.
 */
const http = require('node:http');

function completion(message, finishReason) {
	return {
		id: `chatcmpl-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: 'gpt-4o-mini',
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

function sendStream(res, message, finishReason) {
	res.writeHead(200, { 'content-type': 'text/event-stream' });
	const base = {
		id: `chatcmpl-${Date.now()}`,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: 'gpt-4o-mini',
	};
	const delta = { role: 'assistant', content: message.content ?? '' };
	if (message.tool_calls) {
		delta.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
	}
	res.write(
		`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
	);
	res.write(
		`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] })}\n\n`,
	);
	res.write('data: [DONE]\n\n');
	res.end();
}

async function startFakeChatModel({ toolArgs }) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			if (!req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
				return;
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
			requests.push(body);
			const toolAnswer = (body.messages ?? []).find((message) => message.role === 'tool');
			let message;
			let finish;
			if (!toolAnswer) {
				const tool = body.tools?.[0]?.function?.name ?? 'missing_tool';
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [
						{
							id: 'call_report_1',
							type: 'function',
							function: { name: tool, arguments: JSON.stringify(toolArgs) },
						},
					],
				};
				finish = 'tool_calls';
			} else {
				let headline = '(no headline)';
				try {
					const content =
						typeof toolAnswer.content === 'string'
							? toolAnswer.content
							: JSON.stringify(toolAnswer.content);
					const parsed = JSON.parse(content);
					headline = (Array.isArray(parsed) ? parsed[0] : parsed).headline ?? headline;
				} catch {
					// The test then fails on the missing headline.
				}
				message = { role: 'assistant', content: `According to the CRM report: ${headline}` };
				finish = 'stop';
			}
			if (body.stream) sendStream(res, message, finish);
			else {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(completion(message, finish)));
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startFakeChatModel };
