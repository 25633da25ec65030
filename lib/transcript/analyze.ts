import { extractKeywords, type Keyword } from './keywords';
import { detectLanguage } from './language';
import { analyzeSentiment, type SentimentResult } from './sentiment';
import { analyzeStructure, type AnalysisParagraph, type Structure } from './structure';
import { checkTopicLists, DEFAULT_TOPIC_LISTS, scoreTopics, type TopicScores } from './topicScores';
import { findTopics, type Topic } from './topics';
import { countWords } from './words';

export type AnalysisKind = 'keywords' | 'topics' | 'structure' | 'sentiment';

export interface AnalysisOptions {
	/** Language of the text; detected from it when absent. */
	language?: string;
	/** Most keywords or topics returned. */
	limit?: number;
	/**
	 * Named word lists for `topicScores`/`dominantTopic`: when given they replace the defaults
	 * (DEFAULT_TOPIC_LISTS: technology, business, science); spread those in to keep them.
	 */
	topicLists?: Record<string, readonly string[]>;
}

export interface KeywordAnalysis {
	kind: 'keywords';
	language?: string;
	/** A stop-word list for the language was applied. */
	stopWords: boolean;
	keywords: Keyword[];
	/** Distinct content words (what the keywords are counted from). */
	uniqueWords: number;
	/** All content words. */
	totalWords: number;
	/** uniqueWords / totalWords, 3 decimals; 0 for a text without content words. */
	vocabularyRichness: number;
}

export interface TopicAnalysis extends TopicScores {
	kind: 'topics';
	language?: string;
	/** Keyword clusters found in the text itself. */
	topics: Topic[];
	paragraphs: number;
	/** Mean words per paragraph, 1 decimal. */
	averageParagraphWords: number;
}

export interface StructureAnalysis extends Structure {
	kind: 'structure';
	language?: string;
}

export interface SentimentAnalysis extends SentimentResult {
	kind: 'sentiment';
	language?: string;
}

export type Analysis = KeywordAnalysis | TopicAnalysis | StructureAnalysis | SentimentAnalysis;

/** Content analysis of transcript paragraphs: keywords, topics (named lists and keyword clusters), structure or sentiment. */
export function analyzeParagraphs(paragraphs: AnalysisParagraph[], kind: AnalysisKind, opts: AnalysisOptions = {}): Analysis {
	const texts = paragraphs.map((p) => p.text);
	const language = normalizeLanguage(opts.language) ?? detectLanguage(texts.join('\n'));
	const lang = language ? { language } : {};
	switch (kind) {
		case 'keywords':
			return { kind, ...lang, ...extractKeywords(texts, { language, limit: opts.limit }) };
		case 'topics': {
			const lists = opts.topicLists === undefined ? DEFAULT_TOPIC_LISTS : checkTopicLists(opts.topicLists);
			const words = texts.reduce((sum, t) => sum + countWords(t), 0);
			return {
				kind,
				...lang,
				...scoreTopics(texts, lists, language),
				topics: findTopics(texts, { language, limit: opts.limit }),
				paragraphs: texts.length,
				averageParagraphWords: texts.length === 0 ? 0 : Math.round((words / texts.length) * 10) / 10,
			};
		}
		case 'structure':
			return { kind, ...lang, ...analyzeStructure(paragraphs) };
		case 'sentiment':
			return { kind, ...lang, ...analyzeSentiment(paragraphs, language) };
		default:
			throw new Error(`Unknown analysis "${String(kind)}": use keywords, topics, structure or sentiment.`);
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
