import { danish } from './danish';
import { dutch } from './dutch';
import { english } from './english';
import { finnish } from './finnish';
import { french } from './french';
import { german } from './german';
import { hungarian } from './hungarian';
import { indonesian } from './indonesian';
import { italian } from './italian';
import { norwegian } from './norwegian';
import { portuguese } from './portuguese';
import { russian } from './russian';
import { spanish } from './spanish';
import { swedish } from './swedish';
import { spokenEnglish } from './spokenEnglish';

/** Languages with a maintained stop-word list (Snowball's), by ISO 639-1 code. */
const LISTS: Record<string, readonly string[]> = {
	da: danish,
	de: german,
	en: english,
	es: spanish,
	fi: finnish,
	fr: french,
	hu: hungarian,
	id: indonesian,
	it: italian,
	nl: dutch,
	no: norwegian,
	nb: norwegian,
	pt: portuguese,
	ru: russian,
	sv: swedish,
};

const cache = new Map<string, ReadonlySet<string>>();

export function stopWordLanguages(): string[] {
	return Object.keys(LISTS);
}

/** The stop words for a language (`en`, `en-US`, `pt_BR`), or undefined when no good list exists. */
export function stopWordsFor(language: string | undefined): ReadonlySet<string> | undefined {
	if (!language) return undefined;
	const code = language.toLowerCase().split(/[-_]/)[0];
	const list = LISTS[code];
	if (!list) return undefined;
	let set = cache.get(code);
	if (!set) {
		set = new Set(code === 'en' ? [...list, ...spokenEnglish] : list);
		cache.set(code, set);
	}
	return set;
}
