import { ffmpegReason, lastLine } from '../../../lib/ffmpeg/run';

describe('ffmpegReason', () => {
	it('picks the first tagged error line, not ffmpeg’s generic follow-ups', () => {
		// ffmpeg 5.1, -loglevel level+info, copying H.264 into webm.
		const stderr = [
			"[info] Output #0, webm, to '/tmp/x/.clip.webm.1a2b3c4d.tmp':",
			'[info]   Stream #0:0: Video: h264 (High), yuv420p, 640x360, q=2-31, 25 fps',
			'[webm @ 0x55b3a3be9100] [error] Only VP8 or VP9 or AV1 video and Vorbis or Opus audio and WebVTT subtitles are supported for WebM.',
			'[error] Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument',
			'[error] Error initializing output stream 0:1 -- ',
			'[info] Stream mapping:',
			'[error] ',
		].join('\n');
		expect(ffmpegReason(stderr)).toBe('Only VP8 or VP9 or AV1 video and Vorbis or Opus audio and WebVTT subtitles are supported for WebM.');
	});

	it('falls back to the last line, without its context prefix, when nothing is tagged', () => {
		expect(ffmpegReason('Input #0\n[mp3 @ 0x1] Header missing\n\n')).toBe('Header missing');
		expect(lastLine('/x/garbage.mp4: Invalid data found when processing input\n')).toBe('/x/garbage.mp4: Invalid data found when processing input');
	});
});
