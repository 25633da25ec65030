import { parseTtmlTime, timeParams, type TtmlTimeParams } from './ttmlTime';
import type { CaptionMeta, ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';
import { attr, localName, scanXml } from './xml';

interface Frame {
	local: string;
	begin: number;
	end: number;
	agent?: string;
}

/**
 * TTML/DFXP: `<p>` cues with nested `<span>`s and `<br/>`, times in clock/frame/tick/offset form,
 * begin times relative to the parent (`body`/`div` time containers), `ttm:agent` speakers.
 * Whitespace collapses as TTML's default `xml:space` says, so indented source text reads as one line.
 */
export function parseTtml(xml: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	const cues: RawCue[] = [];
	const emit = onCue ?? ((cue: RawCue) => cues.push(cue));
	const meta: CaptionMeta = {};
	const agents = new Map<string, string>();
	const stack: Frame[] = [{ local: '#root', begin: 0, end: Infinity }];
	let params: TtmlTimeParams = { frameRate: 30, subFrameRate: 1, tickRate: 1 };
	let p: { frame: Frame; line: number; text: string; timed: boolean; spanBegin: number; spanEnd: number } | null = null;
	let depthInHead = 0;
	let capture: { kind: 'title' | 'agent-name'; text: string } | null = null;
	let agentId: string | undefined;

	const time = (value: string | undefined, line: number): number | undefined => {
		if (value === undefined) return undefined;
		const t = parseTtmlTime(value, params);
		if (Number.isNaN(t)) {
			warnings.add('bad-time', `unreadable TTML time "${value.slice(0, 40)}"`, line);
			return undefined;
		}
		return t;
	};

	scanXml(
		xml,
		{
			open(name, attrs, line) {
				const local = localName(name);
				const get = (key: string) => attr(attrs, key);
				if (local === 'tt') {
					params = timeParams(get);
					const lang = get('lang');
					if (lang) meta.language = lang;
				}
				if (local === 'head') depthInHead++;
				if (depthInHead > 0) {
					if (local === 'title') capture = { kind: 'title', text: '' };
					if (local === 'agent') agentId = get('id');
					if (local === 'name' && agentId) capture = { kind: 'agent-name', text: '' };
				}
				const parent = stack[stack.length - 1];
				const begin = time(get('begin'), line);
				const end = time(get('end'), line);
				const dur = time(get('dur'), line);
				const absBegin = parent.begin + (begin ?? 0);
				const absEnd = end !== undefined ? parent.begin + end : dur !== undefined ? absBegin + dur : parent.end;
				const agentRef = get('agent');
				const frame: Frame = {
					local,
					begin: absBegin,
					end: absEnd,
					agent: agentRef ? agentRef.trim().split(/\s+/)[0] : parent.agent,
				};
				stack.push(frame);
				if (local === 'p' && depthInHead === 0) {
					if (p) closeP();
					const timed = begin !== undefined || end !== undefined || dur !== undefined;
					p = { frame, line, text: '', timed, spanBegin: Infinity, spanEnd: -Infinity };
				} else if (p && local === 'br') {
					p.text += '\n';
				} else if (p && local === 'span' && begin !== undefined) {
					p.spanBegin = Math.min(p.spanBegin, absBegin);
					p.spanEnd = Math.max(p.spanEnd, absEnd);
				}
			},
			close(name) {
				const local = localName(name);
				if (capture && (local === 'title' || local === 'name')) {
					const text = capture.text.trim();
					if (capture.kind === 'title' && text) meta.title = text;
					if (capture.kind === 'agent-name' && agentId && text) agents.set(agentId, text);
					capture = null;
				}
				if (local === 'head') depthInHead = Math.max(0, depthInHead - 1);
				if (local === 'p' && p) closeP();
				// Pop to the matching element: tolerates unclosed children in sloppy files. The search is
				// bounded so that a million stray end tags cannot make it quadratic.
				for (let i = stack.length - 1; i > 0 && i >= stack.length - 64; i--) {
					if (stack[i].local === local) {
						stack.length = i;
						break;
					}
				}
			},
			text(text) {
				if (capture) capture.text += text;
				// Source line breaks are only whitespace; `<br/>` alone breaks a line.
				else if (p) p.text += text.replace(/[\r\n\t]/g, ' ');
			},
		},
		warnings,
	);
	if (p) closeP();
	return { format: 'ttml', cues, meta };

	function closeP(): void {
		if (!p) return;
		const { frame, line } = p;
		let start = frame.begin;
		let end = frame.end;
		if (!p.timed && Number.isFinite(p.spanBegin)) {
			// Timing only on the spans (karaoke style).
			start = p.spanBegin;
			end = p.spanEnd;
		} else if (!p.timed && !Number.isFinite(frame.end)) {
			warnings.add('no-time', 'a <p> without timing; it got the time of its container', line);
		}
		if (!Number.isFinite(end)) end = start;
		const text = collapse(p.text);
		if (text) {
			const speaker = frame.agent ? agents.get(frame.agent) : undefined;
			emit({ start, end: Math.max(start, end), text, line, ...(speaker ? { speaker } : {}) });
		}
		p = null;
	}
}

/** XML default whitespace handling: runs of spaces and newlines become one space; `<br/>` lines trimmed. */
function collapse(text: string): string {
	return text
		.split('\n')
		.map((l) => l.replace(/[ \t\r]+/g, ' ').trim())
		.filter((l) => l.length > 0)
		.join('\n');
}
