'use strict';
/**
 * A local SMTP sink for the e2e suite: plain SMTP on 127.0.0.1 (no TLS), every message kept in memory, decoded.
 * n8n's Send Email node (nodemailer) reaches it through an SMTP credential with host 127.0.0.1, this port,
 * SSL/TLS off and "Disable STARTTLS" on.
 *
 * Protocol from RFC 5321 (greeting 220, EHLO/HELO 250, MAIL FROM / RCPT TO 250, DATA 354 then the message ended by
 * "<CRLF>.<CRLF>" with dot-stuffing undone (§4.5.2), RSET, NOOP, QUIT 221, unknown commands 500), AUTH from RFC 4954
 * with the PLAIN (RFC 4616) and LOGIN mechanisms (235 on success; any user and password are accepted).
 * Messages are decoded per RFC 5322 (header folding), RFC 2045/2046 (multipart bodies, quoted-printable and base64
 * transfer encodings) and RFC 2047 (encoded words in headers such as a UTF-8 Subject).
 */

const net = require('node:net');

function decodeQuotedPrintable(text) {
	const bytes = [];
	const soft = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < soft.length; i += 1) {
		const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : '';
		if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(soft[i], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body, encoding) {
	switch ((encoding || '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		default:
			return body;
	}
}

/** RFC 2047 encoded words: =?charset?Q|B?text?= (adjacent words join without the space between them). */
function decodeWords(value) {
	return value
		.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset, kind, text) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: decodeQuotedPrintable(text.replace(/_/g, ' ')),
		);
}

function splitHeaders(raw) {
	const end = raw.search(/\r?\n\r?\n/);
	const head = end < 0 ? raw : raw.slice(0, end);
	const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = decodeWords(line.slice(colon + 1).trim());
		headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
	}
	return { headers, body };
}

function parameter(headerValue, name) {
	const match = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(headerValue || '');
	return match ? match[1] : undefined;
}

/** Collects the text/plain and text/html parts of a (possibly nested multipart) entity. */
function readEntity(raw, into) {
	const { headers, body } = splitHeaders(raw);
	const type = (headers['content-type'] || 'text/plain').split(';')[0].trim().toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = parameter(headers['content-type'], 'boundary');
		if (!boundary) return headers;
		const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
		for (const part of parts.slice(1)) if (part.trim() !== '') readEntity(part, into);
		return headers;
	}
	const decoded = decodeBody(body, headers['content-transfer-encoding']);
	if (type === 'text/html' && into.html === undefined) into.html = decoded;
	else if (type === 'text/plain' && into.text === undefined) into.text = decoded;
	return headers;
}

function parseMessage(raw) {
	const content = {};
	const headers = readEntity(raw, content);
	return { subject: headers.subject, headers, text: content.text, html: content.html };
}

const address = (argument) => {
	const match = /<([^>]*)>/.exec(argument);
	return (match ? match[1] : argument).trim();
};

/** Starts the sink on 127.0.0.1 (a free port). */
async function startSmtpSink({ port = 0 } = {}) {
	const mails = [];
	const sessions = new Set();
	const server = net.createServer((socket) => {
		sessions.add(socket);
		socket.on('close', () => sessions.delete(socket));
		socket.on('error', () => {});
		socket.setEncoding('utf8');
		const reply = (line) => socket.write(`${line}\r\n`);
		let envelope = { from: null, to: [] };
		let buffer = '';
		let mode = 'command';
		let data = '';
		let authStep = null;
		reply('220 127.0.0.1 ESMTP sales-bridge test sink');
		const onLine = (line) => {
			if (mode === 'data') {
				if (line === '.') {
					mode = 'command';
					mails.push({ from: envelope.from, to: envelope.to, raw: data, ...parseMessage(data) });
					envelope = { from: null, to: [] };
					data = '';
					reply('250 2.0.0 Ok: queued');
				} else {
					data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
				}
				return;
			}
			if (authStep) {
				authStep = authStep === 'user' ? 'password' : null;
				reply(authStep ? '334 UGFzc3dvcmQ6' : '235 2.7.0 Authentication successful');
				return;
			}
			const [verb, ...rest] = line.split(' ');
			const argument = rest.join(' ');
			switch (verb.toUpperCase()) {
				case 'EHLO':
					socket.write('250-127.0.0.1\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 52428800\r\n');
					break;
				case 'HELO':
				case 'NOOP':
					reply('250 Ok');
					break;
				case 'AUTH': {
					const [mechanism, initial] = argument.split(' ');
					if (/^plain$/i.test(mechanism)) {
						if (initial) reply('235 2.7.0 Authentication successful');
						else {
							authStep = 'password';
							reply('334 ');
						}
					} else if (/^login$/i.test(mechanism)) {
						authStep = initial ? 'password' : 'user';
						reply(initial ? '334 UGFzc3dvcmQ6' : '334 VXNlcm5hbWU6');
					} else reply('504 5.5.4 Unrecognized authentication type');
					break;
				}
				case 'MAIL':
					envelope = { from: address(argument.replace(/^FROM:/i, '').split(/\s+(?=[A-Z]+=)/)[0]), to: [] };
					reply('250 2.1.0 Ok');
					break;
				case 'RCPT':
					if (!envelope.from) {
						reply('503 5.5.1 Error: need MAIL command');
						break;
					}
					envelope.to.push(address(argument.replace(/^TO:/i, '')));
					reply('250 2.1.5 Ok');
					break;
				case 'DATA':
					if (envelope.to.length === 0) {
						reply('503 5.5.1 Error: need RCPT command');
						break;
					}
					mode = 'data';
					reply('354 End data with <CR><LF>.<CR><LF>');
					break;
				case 'RSET':
					envelope = { from: null, to: [] };
					reply('250 2.0.0 Ok');
					break;
				case 'QUIT':
					reply('221 2.0.0 Bye');
					socket.end();
					break;
				default:
					reply('500 5.5.2 Error: command not recognized');
			}
		};
		socket.on('data', (chunk) => {
			buffer += chunk;
			let newline = buffer.indexOf('\n');
			while (newline >= 0) {
				onLine(buffer.slice(0, newline).replace(/\r$/, ''));
				buffer = buffer.slice(newline + 1);
				newline = buffer.indexOf('\n');
			}
		});
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		host: '127.0.0.1',
		port: server.address().port,
		mails,
		reset() {
			mails.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of sessions) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startSmtpSink, parseMessage };
