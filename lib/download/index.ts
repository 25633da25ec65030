export { getAudio, getAudioBatch, getContent, getVideo, type AudioOptions, type ContentOptions, type ContentResult, type VideoOptions } from './api';
export { downloadMedia, type DownloadCallOptions } from './download';
export { clearRobotsCache } from './robots';
export { CAPTION_FORMATS, downloadSubtitles, type SubtitleFile, type SubtitleOptions } from './subtitles';
export type { Checksum, ChecksumAlgorithm } from '../ffmpeg';
export type { DownloadResult, FallbackAttempt, SideFiles, Strategy } from './types';
