import { parseProgressLine } from '../../lib/progress';
import { progressFlags } from '../../lib/ytdlpFlags';

describe('parseProgressLine', () => {
	it('parses a progress line with known total', () => {
		expect(parseProgressLine('[mdl-progress] downloading 524288 1048576 NA 262144.5 2 NA NA')).toEqual({
			status: 'downloading',
			percent: 50,
			bytesDownloaded: 524288,
			totalBytes: 1048576,
			speed: 262144.5,
			eta: 2,
		});
	});
	it('falls back to the estimated total and reports fragments (HLS)', () => {
		expect(parseProgressLine('[mdl-progress] downloading 1000 NA 4000.0 NA NA 3 10')).toEqual({
			status: 'downloading',
			percent: 25,
			bytesDownloaded: 1000,
			totalBytes: 4000,
			speed: null,
			eta: null,
			fragment: { index: 3, count: 10 },
		});
	});
	it('ignores other output', () => {
		expect(parseProgressLine('[download] Destination: a.mp4')).toBeNull();
		expect(parseProgressLine('[mdl-progress] downloading NA NA NA NA NA NA NA')).toBeNull();
	});
	it('asks yt-dlp for one line per update', () => {
		expect(progressFlags().slice(0, 2)).toEqual(['--newline', '--progress-template']);
		expect(progressFlags()[2]).toMatch(/^download:\[mdl-progress\] /);
	});
});
