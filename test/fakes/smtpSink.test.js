'use strict';
/**
 * The SMTP sink speaks enough RFC 5321/4954 for a client, and decodes what mailers send (RFC 2045-2047): a dialog
 * written out by hand, the way nodemailer writes it.
 */
const net = require('node:net');

const { parseMessage, startSmtpSink } = require('../e2e/support/smtpSink');

let smtp;
beforeAll(async () => {
	smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

/** Sends each command after the previous reply and returns every reply line. */
function dialog(commands) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(smtp.port, '127.0.0.1');
		const replies = [];
		let pending = '';
		const queue = [...commands];
		socket.setEncoding('utf8');
		socket.on('error', reject);
		socket.on('data', (chunk) => {
			pending += chunk;
			const lines = pending.split('\r\n');
			pending = lines.pop();
			for (const line of lines) {
				replies.push(line);
				if (line[3] === '-') continue; // a multi-line reply goes on
				const next = queue.shift();
				if (next === undefined) socket.end();
				else socket.write(`${next}\r\n`);
			}
		});
		socket.on('close', () => resolve(replies));
	});
}

test('a whole session: EHLO, AUTH LOGIN, envelope, dot-stuffed DATA, QUIT', async () => {
	smtp.reset();
	const body = [
		'From: Reports <reports@example.com>',
		'To: a@example.com, b@example.com',
		'Subject: =?UTF-8?Q?=D0=9E=D1=82=D1=87=D1=91=D1=82?= =?UTF-8?B?IOKAlCB3ZWVr?=',
		'MIME-Version: 1.0',
		'Content-Type: multipart/alternative; boundary="--_b1"',
		'',
		'----_b1',
		'Content-Type: text/plain; charset=utf-8',
		'Content-Transfer-Encoding: quoted-printable',
		'',
		'Win rate 75 % =E2=80=94 soft=',
		' break',
		'..a line that starts with a dot',
		'----_b1',
		'Content-Type: text/html; charset=utf-8',
		'Content-Transfer-Encoding: base64',
		'',
		Buffer.from('<p>Привет</p>').toString('base64'),
		'----_b1--',
		'.',
	].join('\r\n');
	const replies = await dialog([
		'EHLO client',
		'AUTH LOGIN',
		Buffer.from('user').toString('base64'),
		Buffer.from('pass').toString('base64'),
		'MAIL FROM:<reports@example.com> SIZE=100',
		'RCPT TO:<a@example.com>',
		'RCPT TO:<b@example.com>',
		'DATA',
		body,
		'QUIT',
	]);
	expect(replies.map((line) => line.slice(0, 3))).toEqual(['220', '250', '250', '250', '250', '250', '334', '334', '235', '250', '250', '250', '354', '250', '221']);
	expect(smtp.mails).toHaveLength(1);
	const [mail] = smtp.mails;
	expect(mail).toMatchObject({ from: 'reports@example.com', to: ['a@example.com', 'b@example.com'], subject: 'Отчёт — week' });
	expect(mail.text).toBe('Win rate 75 % — soft break\r\n.a line that starts with a dot');
	expect(mail.html).toBe('<p>Привет</p>');
});

test('commands out of order are refused, and nothing is kept', async () => {
	smtp.reset();
	const replies = await dialog(['HELO c', 'RCPT TO:<a@example.com>', 'DATA', 'BOGUS', 'QUIT']);
	expect(replies.map((line) => line.slice(0, 3))).toEqual(['220', '250', '503', '503', '500', '221']);
	expect(smtp.mails).toEqual([]);
});

test('a single-part message is decoded too', () => {
	const parsed = parseMessage('Subject: Hi\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<b>x</b>\r\n');
	expect(parsed).toMatchObject({ subject: 'Hi', html: '<b>x</b>\r\n', text: undefined });
});
