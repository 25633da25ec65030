/** ffmpeg and ffprobe: probing, verification, hashing, loudness normalisation, conversion, container facts. */
export { formatBytes } from './bytes';
export { containerOfPath, containerSupport, CONTAINERS, unsupportedEmbeds, type Container, type ContainerSupport, type EmbedRequest } from './containers';
export { convertMedia, type ConvertResult, type ConvertSettings } from './convert';
export { CHECKSUMS, createHasher, DEFAULT_CHECKSUM, hashFile, sha256File, type Checksum, type ChecksumAlgorithm, type ChecksumChoice, type Hasher } from './hash';
export { measureLoudness, normalizeLoudness, type NormalizeResult, type NormalizeSettings } from './loudness';
export { DEFAULT_TARGET, parseLoudnormReport, type LoudnessMeasurement, type LoudnessTarget, type LoudnormReport } from './loudnorm';
export { audioStreams, parseProbeOutput, probeMedia, videoStreams, type ProbeChapter, type ProbeResult, type ProbeStream, type StreamType } from './probe';
export type { FfmpegOptions } from './run';
export { planStreams, type PlannedStream, type StreamPlan } from './streamPlan';
export { checkMediaFile, verifyAndHash, type Verified, type VerifyExpectations } from './verify';
