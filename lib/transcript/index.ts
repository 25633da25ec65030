/**
 * Transcript conversion without n8n: caption files (WebVTT, SRT, TTML/DFXP, YouTube json3/srv3/srv1)
 * and plain-text transcripts → clean Markdown, text, SRT, VTT or JSON segments, with stats and
 * content analysis; whole folders with convertDirectory.
 */
export { analyzeTranscript, convertTranscriptToMarkdown, TranscriptConverter } from './convert';
export type { Conversion, ConvertOptions, MarkdownConversion, MarkdownConversionOptions } from './convert';
export { transcriptFromCaptionFile, MAX_CAPTION_BYTES } from './files';
export { parseTranscript, DEFAULT_PARAGRAPH_MIN_WORDS, DEFAULT_PARAGRAPH_PAUSE_SECONDS } from './pipeline';
export { parseCaptions } from './captions';
export type { ParsedCaptionCues } from './captions';
export { renderTranscript } from './render';
export { computeStats } from './stats';
export type { TranscriptStats } from './stats';
export { detectFormat } from './detect';
export { TranscriptError } from './errors';
export { CAPTION_EXTENSIONS, convertDirectory, defaultSettingsFor, formatSummaryReport, REPORT_FILES, summarizeConversions, TranscriptProcessor } from './directory';
export type { ConversionFailure, ConversionSummary, DirectoryConversion, DirectoryOptions, FileConversionResult } from './directory';
export type { Analysis, AnalysisKind, AnalysisOptions, KeywordAnalysis, SentimentAnalysis, StructureAnalysis, TopicAnalysis } from './analyze';
export { DEFAULT_TOPIC_LISTS } from './topicScores';
export type { TopicScores } from './topicScores';
export { SENTIMENT_LANGUAGES } from './sentiment';
export type { OverallSentiment, ParagraphSentiment, SentimentLabel, SentimentWord } from './sentiment';
export type { Keyword } from './keywords';
export type { Topic } from './topics';
export type { CaptionFormat, Cue, OutputFormat, Paragraph, RenderOptions, Transcript, TranscriptOptions, TranscriptWarning } from './types';
