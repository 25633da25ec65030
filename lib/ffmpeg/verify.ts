import { promises as fs } from 'node:fs';
import path from 'node:path';

import { MediaError } from '../errors';
import { formatBytePair } from './bytes';
import { DEFAULT_CHECKSUM, hashFile, type Checksum, type ChecksumAlgorithm } from './hash';
import { audioStreams, probeNamed, videoStreams, type ProbeResult } from './probe';
import type { FfmpegOptions } from './run';

export interface VerifyExpectations {
	/** Refuse a file without a video stream (cover artwork does not count). */
	expectVideo?: boolean;
	expectAudio?: boolean;
	/** The source's duration (from the site's metadata or the input of a conversion). */
	expectedDurationSec?: number | null;
	/** Allowed difference from expectedDurationSec; default 2 s. */
	durationToleranceSec?: number;
	minBytes?: number;
	maxBytes?: number;
	/** A probe already made of this very file (same inode and size), so ffprobe need not run again. */
	probe?: ProbeResult;
}

export interface Verified {
	probe: ProbeResult;
	checksum: Checksum;
}

const seconds = (s: number) => `${s.toFixed(1)} s`;

function fail(message: string): never {
	throw new MediaError('Verification', message);
}

async function checkSize(file: string, name: string, { minBytes, maxBytes }: VerifyExpectations): Promise<void> {
	const stat = await fs.stat(file).catch(() => undefined);
	if (!stat?.isFile()) fail(`${name} does not exist`);
	if (stat.size === 0) fail(`${name} is empty (0 bytes)`);
	if (minBytes !== undefined && stat.size < minBytes) {
		const [size, min] = formatBytePair(stat.size, minBytes);
		fail(`${name}: size ${size} is below the minimum of ${min}`);
	}
	if (maxBytes !== undefined && stat.size > maxBytes) {
		const [size, max] = formatBytePair(stat.size, maxBytes);
		fail(`${name}: size ${size} exceeds the maximum of ${max}`);
	}
}

function checkStreams(probe: ProbeResult, name: string, expect: VerifyExpectations): void {
	if (expect.expectVideo && videoStreams(probe).length === 0)
		fail(probe.streams.some((s) => s.isAttachedPic) ? `${name} has no video stream, only cover artwork` : `${name} has no video stream`);
	if (expect.expectAudio && audioStreams(probe).length === 0) fail(`${name} has no audio stream`);
}

function checkDuration(probe: ProbeResult, name: string, expected: number, tolerance: number): void {
	if (probe.durationSec === null) fail(`${name}: ffprobe found no duration to compare with the source's ${seconds(expected)}`);
	if (Math.abs(probe.durationSec - expected) > tolerance)
		fail(`${name}: duration ${seconds(probe.durationSec)} differs from the source's ${seconds(expected)} by more than ${tolerance} s`);
}

/**
 * The checks of verifyAndHash without the hash, naming the file `name` in messages: conversion checks its
 * temp file under the final name. Throws MediaError('Verification') with the first problem found.
 */
export async function checkMediaFile(file: string, name: string, expect: VerifyExpectations = {}, opts: FfmpegOptions = {}): Promise<ProbeResult> {
	const tolerance = expect.durationToleranceSec ?? 2;
	if (!(tolerance >= 0)) throw new MediaError('InvalidInput', `The duration tolerance must be 0 s or more, not ${tolerance}`);
	await checkSize(file, name, expect);
	const probe = expect.probe ?? (await probeNamed(file, name, opts));
	checkStreams(probe, name, expect);
	if (expect.expectedDurationSec) checkDuration(probe, name, expect.expectedDurationSec, tolerance);
	return probe;
}

/** checkMediaFile for a file this package just wrote with ffmpeg: a failure is a Postprocess error (our processing went wrong), not a bad download. */
export async function checkOwnOutput(file: string, name: string, what: string, expect: VerifyExpectations, opts: FfmpegOptions = {}): Promise<ProbeResult> {
	try {
		return await checkMediaFile(file, name, expect, opts);
	} catch (error) {
		if (error instanceof MediaError && error.kind === 'Verification')
			throw new MediaError('Postprocess', `${what} produced a file that failed its check: ${error.message}`, { cause: error });
		throw error;
	}
}

/** Checks a finished file (size limits, streams present, duration) with ffprobe, then hashes it. */
export async function verifyAndHash(file: string, expect: VerifyExpectations = {}, opts: FfmpegOptions = {}, algorithm: ChecksumAlgorithm = DEFAULT_CHECKSUM): Promise<Verified> {
	const probe = await checkMediaFile(file, path.basename(file), expect, opts);
	return { probe, checksum: await hashFile(file, algorithm, { signal: opts.signal }) };
}
