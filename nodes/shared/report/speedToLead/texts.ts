import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';

/** The speedToLead report's own words, English and Russian (shared words are in ../texts.ts). */
export interface SpeedToLeadTexts {
	title: string;
	/** "P50 first contact 5.5 min; 23.3% of 1,135 measured leads over the 15-minute SLA; 16 open deals wait past it now." */
	headline(
		d: { p50: string; breachPct: string; measured: number; slaMinutes: number; waiting: number },
		f: Formatter,
	): string;
	/** The headline when no deal has a first-contact time. */
	noContactsHeadline: string;
	noContacts: string;
	sla(minutes: number, f: Formatter): string;
	bands: [string, string, string, string];
	slowest: string;
	fastest: string;
	mostBreaches: string;
	headlineValue(p50: string, breachPct: string): string;
	waitingNow(count: number, f: Formatter): string;
	contactBeforeCreation(count: number, f: Formatter): string;
	definitions: string;
}

const EN: SpeedToLeadTexts = {
	title: 'Speed to lead & SLA',
	headline: (d, f) =>
		`P50 first contact ${d.p50}; ${d.breachPct} of ${f.integer(d.measured)} measured ${d.measured === 1 ? 'lead' : 'leads'} over the ${f.integer(d.slaMinutes)}-minute SLA${d.waiting > 0 ? `; ${f.integer(d.waiting)} open ${d.waiting === 1 ? 'deal waits' : 'deals wait'} past it now` : ''}.`,
	noContactsHeadline:
		'No deal has a first-contact time (firstContactAt), so speed to lead cannot be measured.',
	noContacts:
		'None of the deals has a first-contact time (firstContactAt), so speed to lead cannot be measured. Use a CRM connection that records the first call or message (the Demo CRM does).',
	sla: (minutes, f) => `SLA: first contact within ${f.integer(minutes)} min`,
	bands: ['0–5 min', '5–15 min', '15–60 min', '60+ min'],
	slowest: 'Slowest',
	fastest: 'Fastest',
	mostBreaches: 'Most SLA breaches',
	headlineValue: (p50, breachPct) => `P50 ${p50}, ${breachPct} over SLA`,
	waitingNow: (count, f) =>
		`${f.integer(count)} open ${count === 1 ? 'deal has' : 'deals have'} had no contact for longer than the SLA.`,
	contactBeforeCreation: (count, f) =>
		`${f.integer(count)} ${count === 1 ? 'deal has its' : 'deals have a'} first contact dated before creation (imports, merges) and ${count === 1 ? 'is' : 'are'} left out.`,
	definitions:
		'Time from deal creation to the first recorded contact. P50 = median, P90 = 9 of 10 leads were contacted faster. Deals without a recorded contact are not in the percentiles.',
};

const RU: SpeedToLeadTexts = {
	title: 'Скорость реакции и SLA',
	headline: (d, f) =>
		`P50 первого контакта ${d.p50}; сверх SLA в ${f.integer(d.slaMinutes)} мин — ${d.breachPct} из ${f.integer(d.measured)} ${ruPlural(d.measured, 'измеренного лида', 'измеренных лидов', 'измеренных лидов')}${d.waiting > 0 ? `; ${f.integer(d.waiting)} ${ruPlural(d.waiting, 'открытая сделка ждёт', 'открытые сделки ждут', 'открытых сделок ждут')} дольше SLA прямо сейчас` : ''}.`,
	noContactsHeadline:
		'Ни у одной сделки нет времени первого контакта (firstContactAt), поэтому скорость реакции измерить нельзя.',
	noContacts:
		'Ни у одной сделки нет времени первого контакта (firstContactAt), поэтому скорость реакции измерить нельзя. Нужна CRM, которая записывает первый звонок или сообщение (Demo CRM это делает).',
	sla: (minutes, f) => `SLA: первый контакт в течение ${f.integer(minutes)} мин`,
	bands: ['0–5 мин', '5–15 мин', '15–60 мин', '60+ мин'],
	slowest: 'Медленнее всех',
	fastest: 'Быстрее всех',
	mostBreaches: 'Больше всего нарушений SLA',
	headlineValue: (p50, breachPct) => `P50 ${p50}, сверх SLA ${breachPct}`,
	waitingNow: (count, f) =>
		`${f.integer(count)} ${ruPlural(count, 'открытая сделка ждёт', 'открытые сделки ждут', 'открытых сделок ждут')} первого контакта дольше SLA.`,
	contactBeforeCreation: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'сделки', 'сделок', 'сделок')} первый контакт датирован раньше создания (импорт, слияние); ${count === 1 ? 'она не учтена' : 'они не учтены'}.`,
	definitions:
		'Время от создания сделки до первого записанного контакта. P50 — медиана, P90 — 9 из 10 лидов получили контакт быстрее. Сделки без записанного контакта в процентили не входят.',
};

export function speedToLeadTexts(language: Language): SpeedToLeadTexts {
	return language === 'ru' ? RU : EN;
}
