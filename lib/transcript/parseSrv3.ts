import type { ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';
import { localName, scanXml } from './xml';

/**
 * YouTube srv3 (`<timedtext format="3">`): `<p t d>` in milliseconds holding `<s>` word segments that
 * carry their own leading spaces, so they are joined as written. `<p a="1">` appends only a line break.
 */
export function parseSrv3(xml: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	const cues: RawCue[] = [];
	const emit = onCue ?? ((cue: RawCue) => cues.push(cue));
	let p: { start: number; end: number; line: number; text: string } | null = null;
	let inBody = false;

	const finish = (): void => {
		if (!p) return;
		const text = p.text
			.split('\n')
			.map((l) => l.replace(/[ \t]+/g, ' ').trim())
			.filter(Boolean)
			.join('\n');
		if (text) emit({ start: p.start, end: p.end, text, line: p.line });
		p = null;
	};

	scanXml(
		xml,
		{
			open(name, attrs, line) {
				const local = localName(name);
				if (local === 'body') inBody = true;
				if (!inBody) return;
				if (local === 'p') {
					finish();
					const start = ms(attrs.get('t'));
					const dur = ms(attrs.get('d'));
					if (start === undefined) warnings.add('no-time', 'a <p> without a readable t= time', line);
					const s = start ?? 0;
					p = { start: s, end: s + (dur ?? 0), line, text: '' };
				} else if (local === 'br' && p) {
					p.text += '\n';
				}
			},
			close(name) {
				if (localName(name) === 'p') finish();
			},
			text(text) {
				if (p) p.text += text;
			},
		},
		warnings,
	);
	finish();
	return { format: 'srv3', cues, meta: {} };
}

function ms(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
	return Number(value) / 1000;
}
