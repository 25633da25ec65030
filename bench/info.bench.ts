import { execa } from 'execa';

import { getInfo, getYtDlp, MediaError } from '../lib';
import { startFixtureServer } from '../test/fixtures';
import { median, report, timed } from './report';

/** Batched getInfo against one yt-dlp process per URL and one raw batched yt-dlp call, on 40 fixture URLs. */
export async function benchInfo(): Promise<void> {
	const server = await startFixtureServer();
	try {
		const names = ['video-360.mp4', 'video-720.mp4', 'audio.mp3', 'audio.m4a', 'video-360.webm'];
		const urls = Array.from({ length: 40 }, (_, i) => server.url(`/media/${names[i % names.length]}?n=${i}`));
		const ytdlp = await getYtDlp();
		const args = ['--ignore-config', ...ytdlp.baseArgs, '--dump-single-json', '--flat-playlist', '--playlist-end', '101', '--ignore-errors', '--no-progress', '--socket-timeout', '20'];

		// Warm the page cache and yt-dlp's own import cache before timing anything.
		await execa(ytdlp.path, [...args, '--', urls[0]]);

		const perUrl = await timed(async () => {
			for (const url of urls) await execa(ytdlp.path, [...args, '--', url]);
		});
		// Alternating runs, median of three: the two batched figures are close, so noise matters.
		const rawRuns: number[] = [];
		const batchedRuns: number[] = [];
		for (let run = 0; run < 3; run++) {
			rawRuns.push(
				await timed(async () => {
					const { stdout } = await execa(ytdlp.path, [...args, '--', ...urls]);
					if (stdout.trim().split('\n').length !== urls.length) throw new Error('raw batch lost lines');
				}),
			);
			batchedRuns.push(
				await timed(async () => {
					const results = await getInfo(urls);
					const failed = results.filter((r) => r instanceof MediaError);
					if (failed.length > 0) throw new Error(`getInfo failed for ${failed.length} URLs`);
				}),
			);
		}
		const raw = median(rawRuns);
		const batched = median(batchedRuns);
		report('info: 40 URLs', [
			['one yt-dlp process per URL', `${perUrl.toFixed(0)} ms`],
			['batched getInfo (one process)', `${batched.toFixed(0)} ms`],
			['raw batched yt-dlp call', `${raw.toFixed(0)} ms`],
			['per-URL / batched (target ≥ 10×)', `${(perUrl / batched).toFixed(1)}×`],
			['batched / raw (target ≤ 1.2×)', `${(batched / raw).toFixed(2)}×`],
		]);
	} finally {
		await server.close();
	}
}
