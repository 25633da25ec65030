import { containerOfPath, containerSupport, CONTAINERS, unsupportedEmbeds } from '../../../lib/ffmpeg/containers';

describe('containerSupport', () => {
	it('knows every container the download options offer, by extension in any case, with or without the dot', () => {
		for (const name of CONTAINERS) expect(containerSupport(name)?.container).toBe(name);
		expect(containerSupport('.MKV')?.container).toBe('mkv');
		expect(containerOfPath('/x/Episode 1.M4B')?.container).toBe('m4a');
		expect(containerSupport('mka')?.muxer).toBe('matroska');
	});

	it('returns undefined for a container it does not know', () => {
		expect(containerSupport('avi')).toBeUndefined();
		expect(containerOfPath('/x/noext')).toBeUndefined();
	});

	it('lists the subtitle codecs each container holds', () => {
		expect(containerSupport('mp4')?.subtitleCodecs).toEqual(['mov_text']);
		expect(containerSupport('mov')?.subtitleCodecs).toEqual(['mov_text']);
		expect(containerSupport('webm')?.subtitleCodecs).toEqual(['webvtt']);
		expect(containerSupport('mkv')?.subtitleCodecs).toEqual(expect.arrayContaining(['subrip', 'ass', 'webvtt', 'hdmv_pgs_subtitle']));
		for (const audio of ['mp3', 'm4a', 'opus', 'ogg', 'flac', 'wav']) expect(containerSupport(audio)?.subtitleCodecs).toEqual([]);
	});

	it('keeps an mp4 playable everywhere: VP9 and Opus do not count as fitting', () => {
		const mp4 = containerSupport('mp4');
		expect(mp4?.videoCodecs).toContain('h264');
		expect(mp4?.videoCodecs).not.toContain('vp9');
		expect(mp4?.audioCodecs).not.toContain('opus');
	});

	it('says which containers ffmpeg itself can copy a cover into', () => {
		const byFfmpeg = CONTAINERS.filter((c) => containerSupport(c)?.artworkByFfmpeg);
		expect(byFfmpeg.sort()).toEqual(['flac', 'm4a', 'mp3', 'mp4']);
	});
});

describe('unsupportedEmbeds', () => {
	it('warns that webm cannot hold artwork', () => {
		expect(unsupportedEmbeds('webm', { metadata: true, artwork: true, chapters: true, subtitles: true })).toEqual([
			'webm cannot hold artwork; it was not embedded',
		]);
	});

	it('warns about subtitles for audio containers and chapters where ffmpeg writes none', () => {
		expect(unsupportedEmbeds('mp3', { subtitles: true, chapters: true, artwork: true })).toEqual(['mp3 cannot hold subtitles; they were not embedded']);
		expect(unsupportedEmbeds('.flac', { chapters: true, subtitles: true })).toEqual([
			'flac cannot hold chapters; they were not embedded',
			'flac cannot hold subtitles; they were not embedded',
		]);
		expect(unsupportedEmbeds('wav', { metadata: true, artwork: true })).toEqual(['wav cannot hold artwork; it was not embedded']);
	});

	it('has nothing to say for mkv, or when nothing was asked for', () => {
		expect(unsupportedEmbeds('mkv', { metadata: true, artwork: true, chapters: true, subtitles: true })).toEqual([]);
		expect(unsupportedEmbeds('wav', {})).toEqual([]);
	});

	it('says an unknown container was not checked rather than pretending it works', () => {
		expect(unsupportedEmbeds('avi', { artwork: true, chapters: true })).toEqual(['avi is not a container this package knows; artwork, chapters may not be embedded']);
	});
});
