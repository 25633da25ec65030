import { MediaError } from '../../../lib/errors';
import { parseProbeOutput, videoStreams } from '../../../lib/ffmpeg/probe';

/** Trimmed ffprobe 5.1 output (-print_format json -show_format -show_streams -show_chapters) of an mp3 with a cover. */
const MP3_WITH_COVER = JSON.stringify({
	streams: [
		{ index: 0, codec_name: 'mp3', codec_type: 'audio', sample_rate: '48000', channels: 1, bit_rate: '128000', duration: '4.032000', disposition: { attached_pic: 0 } },
		{
			index: 1, codec_name: 'png', codec_type: 'video', width: 64, height: 64, r_frame_rate: '90000/1', avg_frame_rate: '0/0',
			disposition: { attached_pic: 1 }, tags: { comment: 'Cover (front)' },
		},
	],
	chapters: [],
	format: { format_name: 'mp3', duration: '4.032000', size: '66290', bit_rate: '131527', tags: { title: 'Fixture Audio', encoder: 'Lavf59.27.100' } },
});

const WEBM = JSON.stringify({
	streams: [
		{ index: 0, codec_name: 'vp9', codec_type: 'video', width: 1280, height: 720, r_frame_rate: '25/1', avg_frame_rate: '25/1', tags: { language: 'eng', DURATION: '00:00:05.007000000' } },
		{ index: 1, codec_name: 'opus', codec_type: 'audio', sample_rate: '48000', channels: 2, tags: { language: 'und', BPS: '96000' } },
	],
	chapters: [{ start_time: '0.000000', end_time: '2.500000', tags: { title: 'Intro' } }, { start_time: '2.500000', end_time: '5.008000' }],
	format: { format_name: 'matroska,webm', duration: '5.008000', size: '352000', bit_rate: '562944', tags: { TITLE: 'Upper', ENCODER: 'Lavf59.27.100' } },
});

describe('parseProbeOutput', () => {
	it('marks cover artwork so it does not count as video', () => {
		const probe = parseProbeOutput(MP3_WITH_COVER, 'song.mp3');
		expect(probe.streams.map((s) => [s.type, s.codec, s.isAttachedPic])).toEqual([
			['audio', 'mp3', false],
			['video', 'png', true],
		]);
		expect(probe.streams[1].fps).toBeUndefined();
		expect(videoStreams(probe)).toEqual([]);
		expect(probe).toMatchObject({ durationSec: 4.032, sizeBytes: 66290, bitRate: 131527, formatName: 'mp3', tags: { title: 'Fixture Audio' } });
	});

	it('reads frame rate, language, Matroska BPS bitrates, lower-cases tag keys and keeps chapters', () => {
		const probe = parseProbeOutput(WEBM, 'clip.webm');
		expect(probe.streams[0]).toEqual({ index: 0, type: 'video', codec: 'vp9', width: 1280, height: 720, fps: 25, language: 'eng', isAttachedPic: false });
		expect(probe.streams[1]).toEqual({ index: 1, type: 'audio', codec: 'opus', sampleRate: 48000, channels: 2, bitRate: 96000, isAttachedPic: false });
		expect(probe.tags).toEqual({ title: 'Upper', encoder: 'Lavf59.27.100' });
		expect(probe.chapters).toEqual([
			{ title: 'Intro', start: 0, end: 2.5 },
			{ title: '', start: 2.5, end: 5.008 },
		]);
	});

	it('reads Ogg tags from the audio stream, where Ogg keeps them', () => {
		const ogg = JSON.stringify({
			streams: [{ index: 0, codec_name: 'opus', codec_type: 'audio', sample_rate: '48000', channels: 1, tags: { TITLE: 'Episode 1', ARTIST: 'Host' } }],
			format: { format_name: 'ogg', duration: '4.0', size: '50000' },
		});
		expect(parseProbeOutput(ogg, 'a.opus').tags).toEqual({ title: 'Episode 1', artist: 'Host' });
	});

	it('falls back to the longest stream duration and says null when there is none', () => {
		const noFormatDuration = JSON.stringify({
			streams: [
				{ index: 0, codec_type: 'audio', codec_name: 'aac', sample_rate: '44100', channels: 2, duration: '3.5' },
				{ index: 1, codec_type: 'audio', codec_name: 'aac', sample_rate: '44100', channels: 2, duration: '4.25' },
			],
			format: { format_name: 'aac', size: '100' },
		});
		expect(parseProbeOutput(noFormatDuration, 'a.aac').durationSec).toBe(4.25);
		const none = JSON.stringify({ streams: [{ index: 0, codec_type: 'audio', codec_name: 'aac', sample_rate: '44100', channels: 2 }], format: { format_name: 'aac' } });
		expect(parseProbeOutput(none, 'a.aac')).toMatchObject({ durationSec: null, bitRate: null });
	});

	it.each([
		[
			'a text file read as ANSI art',
			{ streams: [{ index: 0, codec_name: 'ansi', codec_type: 'video', width: 640, height: 400 }], format: { format_name: 'tty', duration: '0.44' } },
		],
		[
			'random bytes named .mp3 (ffprobe lists an mp3 stream with no sample rate)',
			{ streams: [{ index: 0, codec_name: 'mp3', codec_type: 'audio', sample_rate: '0', channels: 0 }], format: { format_name: 'mp3', size: '200000' } },
		],
		['a file with only a data stream', { streams: [{ index: 0, codec_name: 'bin_data', codec_type: 'data' }], format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' } }],
	])('refuses %s with a Verification error naming the file', (_label, raw) => {
		const error = (() => {
			try {
				parseProbeOutput(JSON.stringify(raw), 'download.mp3');
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Verification', message: 'download.mp3 is not a media file: ffprobe found no audio, video or subtitle stream in it' });
	});
});
