import { readSkips } from '../../lib/download/results';

describe('readSkips: archive skips in the wording of both yt-dlp families', () => {
	it('reads 2023.03.04 lines (title only) and 2026 lines ("<id>: <title>", "<id>:")', () => {
		const stdout = [
			'[download] Episode 1: Sine 440 Hz has already been recorded in the archive',
			'[download] fixture-episode-2: Episode 2: Sine 660 Hz has already been recorded in the archive',
			'[download] video-1: has already been recorded in the archive',
			'[download] Destination: x.mp3',
		].join('\n');
		expect(readSkips(stdout).archived).toEqual([
			{ text: 'Episode 1: Sine 440 Hz', title: 'Episode 1: Sine 440 Hz' },
			{ text: 'fixture-episode-2: Episode 2: Sine 660 Hz', id: 'fixture-episode-2', title: 'Episode 2: Sine 660 Hz' },
			{ text: 'video-1:', id: 'video-1', title: 'video-1' },
		]);
	});
});
