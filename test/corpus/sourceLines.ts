/**
 * An independent, deliberately simple reading of VTT/SRT cue lines, so the corpus test does not check
 * the converter with its own code: blocks after `-->` lines, tags and a few entities removed.
 */
export interface SourceLine {
	text: string;
	/** Written with word timestamps: YouTube's newly spoken line, not a carried-over one. */
	timed: boolean;
}

export function sourceCues(text: string): SourceLine[][] {
	const cues: SourceLine[][] = [];
	let cur: SourceLine[] | null = null;
	for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
		if (raw.includes('-->')) {
			cur = [];
			cues.push(cur);
			continue;
		}
		if (!cur || /^(?:WEBVTT|X-TIMESTAMP-MAP|Kind:|Language:)/.test(raw) || /^\d+$/.test(raw.trim())) continue;
		const line = raw
			.replace(/<[^<>]*(?:>|$)/g, '')
			.replace(/\{\\[^}]*\}/g, '')
			.replace(/&gt;/g, '>')
			.replace(/&lt;/g, '<')
			.replace(/&quot;/g, '"')
			.replace(/&#39;/g, "'")
			.replace(/&nbsp;/g, ' ')
			.replace(/&amp;/g, '&')
			.replace(/[ \t\u00a0]+/g, ' ')
			.trim();
		if (line) cur.push({ text: line, timed: /<\d\d:\d\d/.test(raw) });
	}
	return cues.filter((c) => c.length > 0);
}

/** Lines that end one cue and start the next: rolling carry-overs, or a manual file's real repeats. */
export function carriedLines(cues: SourceLine[][]): string[] {
	const out = new Set<string>();
	for (let i = 1; i < cues.length; i++) {
		const prev = cues[i - 1];
		if (cues[i][0].text === prev[prev.length - 1].text) out.add(cues[i][0].text);
	}
	return [...out];
}

/** The newly spoken lines of word-timed auto-captions, joined: what was said, once. */
export function spokenText(cues: SourceLine[][]): string {
	return cues
		.flat()
		.filter((l) => l.timed)
		.map((l) => l.text)
		.join(' ');
}

/** Labels leave the text: "JOHN: Hi." is spoken as "Hi.". */
export function stripLabel(line: string): string {
	return line.replace(/^(?:-\s*)?(?:\[[^\]]+\]:?|[\p{Lu}][\p{L}.' -]{0,40}:)\s+/u, '').replace(/^>>\s*/, '');
}
