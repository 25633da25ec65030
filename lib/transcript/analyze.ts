import { extractKeywords, type Keyword } from './keywords';
import { detectLanguage } from './language';
import { analyzeStructure, type AnalysisParagraph, type Structure } from './structure';
import { findTopics, type Topic } from './topics';

export type AnalysisKind = 'keywords' | 'topics' | 'structure';

export interface AnalysisOptions {
	/** Language of the text; detected from it when absent. */
	language?: string;
	/** Most keywords or topics returned. */
	limit?: number;
}

export interface KeywordAnalysis {
	kind: 'keywords';
	language?: string;
	/** A stop-word list for the language was applied. */
	stopWords: boolean;
	keywords: Keyword[];
}

export interface TopicAnalysis {
	kind: 'topics';
	language?: string;
	topics: Topic[];
}

export interface StructureAnalysis extends Structure {
	kind: 'structure';
	language?: string;
}

export type Analysis = KeywordAnalysis | TopicAnalysis | StructureAnalysis;

/** Content analysis of transcript paragraphs: keywords, topics (keyword clusters) or structure. */
export function analyzeParagraphs(paragraphs: AnalysisParagraph[], kind: AnalysisKind, opts: AnalysisOptions = {}): Analysis {
	const texts = paragraphs.map((p) => p.text);
	const language = normalizeLanguage(opts.language) ?? detectLanguage(texts.join('\n'));
	const lang = language ? { language } : {};
	switch (kind) {
		case 'keywords': {
			const { keywords, stopWords } = extractKeywords(texts, { language, limit: opts.limit });
			return { kind, ...lang, stopWords, keywords };
		}
		case 'topics':
			return { kind, ...lang, topics: findTopics(texts, { language, limit: opts.limit }) };
		case 'structure':
			return { kind, ...lang, ...analyzeStructure(paragraphs) };
		default:
			throw new Error(`Unknown analysis "${String(kind)}": use keywords, topics or structure.`);
	}
}

/** `en-US` → `en`; `Language:  ko` headers arrive with stray spaces. */
function normalizeLanguage(language: string | undefined): string | undefined {
	const code = language
		?.trim()
		.toLowerCase()
		.split(/[-_\s]/)[0];
	return code ? code : undefined;
}

/**
 * Paragraphs of plain text or of our own Markdown/text output (blank-line separated), so analysis
 * also works on a transcript that was converted earlier: headings are skipped, `[hh:mm:ss]` and
 * `**Name:**` / `Name:` labels are read back, Markdown escapes removed.
 */
export function paragraphsFromText(text: string): AnalysisParagraph[] {
	const out: AnalysisParagraph[] = [];
	let speaker: string | undefined;
	for (const block of text.split(/\n[ \t]*\n/)) {
		let t = block.replace(/\s+/g, ' ').trim();
		if (!t || t.startsWith('#') || t.startsWith('**Source:**')) continue;
		let start: number | undefined;
		const stamp = /^\[(\d+):(\d\d):(\d\d)\] /.exec(t);
		if (stamp) {
			start = Number(stamp[1]) * 3600 + Number(stamp[2]) * 60 + Number(stamp[3]);
			t = t.slice(stamp[0].length);
		}
		const label = /^\*\*([^*]{1,60}):\*\* /.exec(t);
		let turnStart = false;
		if (label) {
			speaker = label[1].replace(/\\(.)/g, '$1');
			turnStart = true;
			t = t.slice(label[0].length);
		}
		t = t.replace(/\\([\\`*_{}[\]()#+\-.!<>&|~=])/g, '$1');
		const p: AnalysisParagraph = { text: t, turnStart };
		if (start !== undefined) p.start = start;
		if (speaker) p.speaker = speaker;
		out.push(p);
	}
	return out;
}
