/**
 * Transcript conversion without n8n: caption files (WebVTT, SRT, TTML/DFXP, YouTube json3/srv3/srv1)
 * → clean Markdown, text, SRT, VTT or JSON segments, with stats and content analysis.
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
export type { Analysis, AnalysisKind, AnalysisOptions, KeywordAnalysis, StructureAnalysis, TopicAnalysis } from './analyze';
export type { Keyword } from './keywords';
export type { Topic } from './topics';
export type { CaptionFormat, Cue, OutputFormat, Paragraph, RenderOptions, Transcript, TranscriptOptions, TranscriptWarning } from './types';
