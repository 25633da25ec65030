/** The library's public API: usable from plain Node scripts, no n8n needed. */
export { getProgram, getYtDlp, locateProgram, programVersions, type Program, type ProgramPaths, type YtDlp } from './binaries';
export { classifyMessage, isMediaError, MediaError, type ErrorKind } from './errors';
export { chooseOptimalFormat, PLATFORMS, summarizeFormats, type AvailableFormats, type ContentType, type OptimalFormat, type Platform } from './formatChoice';
export { codecFamily, type FormatInfo } from './formats';
export { DEFAULT_BATCH_SIZE, getAvailableFormats, getInfo, getInfoOutcomes, getOptimalFormat, type InfoOptions, type InfoOutcome } from './info';
export type { Chapter, MediaInfo, PlaylistEntry, PlaylistInfo, Thumbnail } from './mediaInfo';
export { parseProgressLine, type Progress } from './progress';
export { mapWithConcurrency } from './concurrency';
export { checkMediaUrl, runPathCheck, validateMediaUrl, type MediaUrl, type UrlPolicy } from './urls';
export { expandHome } from './home';
export { runYtDlp, validateSiteAuth, type SiteAuth } from './ytdlp';
export { downloadFlags, jsRuntimeFlags, type DownloadFlagsContext } from './ytdlpFlags';
export { checkSiteAuth, parseJsonObject, siteAuthFromFields } from './siteAuth';
export * from './config';
export * from './download';
export * from './transcript';
export { readCaptionFile } from './transcript/files';
export { CAPTION_FORMAT_CHOICES, chooseCaptions, extractTranscript, getTranscript, getTranscriptMarkdown, noCaptionsError, type CaptionChoice, type CaptionFormatChoice, type ExtractedTranscript, type TranscriptFetchOptions, type TranscriptMarkdownResult, type TranscriptMarkdownText, type TranscriptResult } from './captions';
