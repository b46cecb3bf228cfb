'use strict';
/**
 * Feedback Router in a real n8n: eight sample items of every input kind (a Form Trigger submission in Russian and one
 * in English — shaped as n8n-nodes-base 2.40.2's Form Trigger emits them —, raw JSON, a Feedback record, Telegram text
 * messages and another bot's button) go through Split Out into the router; each must land on its named output, and
 * the lead verdict must be written as a note by CRM Sales Data (Demo CRM) from the router's fields alone.
 */
const workflow = 'feedback-router.workflow.json';

module.exports = {
	title:
		'Feedback Router sends each kind of feedback to its output and the verdict becomes a CRM note',
	workflow,
	check({ execution, output }) {
		expect(execution.status).toBe('success');
		const out = (name) => output(`Out: ${name}`) ?? [];
		const verdicts = out('Lead Verdict');
		expect(verdicts.map((item) => [item.source, item.matchedRule])).toEqual([
			['formTrigger', 'structured:decision'],
		]);
		expect(verdicts[0]).toMatchObject({
			crm: 'demo',
			dealId: '100001',
			decision: 'reject',
			reasonCode: 'not_target',
			reasonClass: 'leadQuality',
			noteText:
				'Лид отклонён (Иван): не наш клиент (качество лида), качество лида 2/5. Комментарий: Частное лицо.',
			noteReady: true,
		});
		expect(out('Customer Voice').map((item) => item.matchedRule)).toEqual([
			'structured:voice',
			'user:1',
		]);
		expect(out('Acknowledgement').map((item) => item.matchedRule)).toEqual([
			'feedback:acknowledgement',
			'builtIn:acknowledgement:ru',
		]);
		expect(out('Question').map((item) => [item.matchedRule, item.rep])).toEqual([
			['builtIn:contentRequest:en', 'Oleg'],
		]);
		expect(out('Other').map((item) => item.matchedRule)).toEqual([
			'telegram:foreignButton',
			'default',
		]);
		expect(out('Other')[0].telegram.callbackQueryId).toBe('cbq-foreign');
		const notes = output('Write the verdict to the CRM');
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ crm: 'demo', dealId: '100001', text: verdicts[0].noteText });
	},
};
