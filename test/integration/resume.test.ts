/**
 * A download killed after its last byte but before yt-dlp renamed the .part (a queue worker killed with
 * kill -9) leaves a complete .part in the download's temp folder. The next run must still end with the
 * file under its template name and its archive line: current yt-dlp (2026) answers such a resume with
 * "HTTP Error 416", 2023.03.04 takes the .part as finished.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { downloadMedia, resolveConfig } from '../../lib';
import { tempFolderName } from '../../lib/download/tempFolder';
import { sha256File } from '../fixtures';
import { withFixtures } from '../helpers/withFixtures';

describe('resuming a download whose .part is already complete', () => {
	const env = withFixtures('mdl-resume-');

	it('ends with the file under its template name, verified, and one archive line', async () => {
		const url = env.server.url('/media/video-360.mp4');
		const options = { outputDir: env.dir, downloadArchive: 'archive.txt' };
		const temp = path.join(env.dir, tempFolderName(url, resolveConfig(options, 'none', {})));
		mkdirSync(temp, { recursive: true });
		copyFileSync(env.server.media['video-360.mp4'].path, path.join(temp, 'video-360 [video-360].mp4.part'));

		const [result] = await downloadMedia(url, options);
		expect(result.strategyUsed).not.toBe('direct');
		expect(result.localPath).toBe(path.join(env.dir, 'video-360 [video-360].mp4'));
		expect(await sha256File(result.localPath!)).toBe(env.server.media['video-360.mp4'].sha256);
		expect(readFileSync(path.join(env.dir, 'archive.txt'), 'utf8').trim().split('\n')).toEqual(['generic video-360']);
		expect(readdirSync(env.dir).sort()).toEqual(['archive.txt', 'video-360 [video-360].mp4']);
	});
});
