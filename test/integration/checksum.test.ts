/**
 * The checksum option over real yt-dlp downloads from the fixture server: each choice gives the digest
 * the reference code (test/fixtures/checksums.ts) computes over the bytes on disk, under the field names
 * the result promises.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CHECKSUMS, downloadMedia, resolveConfig, type ChecksumChoice } from '../../lib';
import { attemptDownload } from '../../lib/download/run';
import { TEMP_PREFIX } from '../../lib/download/tempFolder';
import { referenceChecksum } from '../fixtures/checksums';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-checksum-');
const HASHED = CHECKSUMS.filter((c): c is Exclude<ChecksumChoice, 'none'> => c !== 'none');

describe('checksum option', () => {
	it.each(HASHED)('%s: hashed while yt-dlp writes the file (throttled, so the hash follows the growing .part), equal to the reference over the bytes', async (checksum) => {
		const config = { ...resolveConfig({ outputDir: fx.dir, checksum }, 'none'), tempDir: path.join(fx.dir, `${TEMP_PREFIX}test`) };
		const result = await attemptDownload(fx.server.url('/fault/slow/150000/video-720.mp4'), config, 'requested', { auth: {} });
		expect(result.finished).toHaveLength(1);
		const [file] = result.finished;
		expect(file.checksum).toEqual(await referenceChecksum(file.filepath, checksum));
		expect(file.checksum).toEqual(await referenceChecksum(fx.server.media['video-720.mp4'].path, checksum));
	});

	it.each(CHECKSUMS)('%s: downloadMedia returns it as checksum { algorithm, digest }, and as sha256 only for sha256', async (checksum) => {
		const [result] = await downloadMedia(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, checksum });
		expect(result.fileSize).toBe(fx.server.media['video-360.mp4'].size);
		if (checksum === 'none') {
			expect(result).not.toHaveProperty('checksum');
			expect(result).not.toHaveProperty('sha256');
			return;
		}
		const expected = await referenceChecksum(result.localPath!, checksum);
		expect(expected).toEqual(await referenceChecksum(fx.server.media['video-360.mp4'].path, checksum));
		expect(result.checksum).toEqual(expected);
		if (checksum === 'sha256') expect(result.sha256).toBe(expected.digest);
		else expect(result).not.toHaveProperty('sha256');
	});

	it('a file our own step rewrites (remuxed to MKV) is hashed afterwards, the final bytes; a file already there is hashed too', async () => {
		const [converted] = await downloadMedia(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, checksum: 'blake3', convertFormat: 'mkv' });
		expect(converted.format).toBe('mkv');
		expect(converted.checksum).toEqual(await referenceChecksum(converted.localPath!, 'blake3'));
		expect(converted.checksum).not.toEqual(await referenceChecksum(fx.server.media['video-360.mp4'].path, 'blake3'));

		const [first] = await downloadMedia(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, checksum: 'xxhash64' });
		const [again] = await downloadMedia(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, checksum: 'sha256' });
		expect(again).toMatchObject({ skipped: 'exists', localPath: first.localPath, checksum: await referenceChecksum(first.localPath!, 'sha256') });
		expect(again.sha256).toBe(fx.server.media['video-720.mp4'].sha256);
	});

	it('verification probes the file once (and an unverified download not at all), while yt-dlp moves it out of its temp folder and exits, through a link that keeps the extension', async () => {
		// Real ffprobe behind a wrapper that records each call: the probe made early must be the one used.
		const bin = mkdtempSync(path.join(os.tmpdir(), 'mdl-ffprobe-log-'));
		try {
			const log = path.join(bin, 'calls.log');
			const wrapper = path.join(bin, 'ffprobe');
			writeFileSync(wrapper, `#!/bin/sh\nfor a in "$@"; do last="$a"; done\nprintf '%s\\n' "$last" >> '${log}'\nexec ffprobe "$@"\n`);
			chmodSync(wrapper, 0o755);
			const [result] = await downloadMedia(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, auth: { paths: { ffprobePath: wrapper } } });
			expect(result.duration).toBeCloseTo(fx.server.media['video-720.mp4'].duration, 1);
			// (the first use of a program path also asks its -version)
			const calls = readFileSync(log, 'utf8').trim().split('\n').filter((last) => last !== '-version');
			expect(calls).toHaveLength(1);
			expect(calls[0]).toMatch(/[\\/]probe-\d+\.mp4$/);
			expect(calls[0].includes(TEMP_PREFIX)).toBe(false);
			// Unverified, nothing reads a probe: ffprobe is not run at all.
			const [unverified] = await downloadMedia(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, verifyDownload: false, auth: { paths: { ffprobePath: wrapper } } });
			expect(unverified.fileSize).toBe(fx.server.media['video-360.mp4'].size);
			expect(readFileSync(log, 'utf8').trim().split('\n').filter((last) => last !== '-version')).toHaveLength(1);
		} finally {
			rmSync(bin, { recursive: true, force: true });
		}
	});
});
