import path from 'node:path';

const MIME: Record<string, string> = {
	mp4: 'video/mp4',
	m4v: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	opus: 'audio/ogg',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	wav: 'audio/wav',
	vtt: 'text/vtt',
	srt: 'application/x-subrip',
	json3: 'application/json',
	srv3: 'application/xml',
	ttml: 'application/ttml+xml',
};

/** MIME type of a file we produce, by extension. */
export function mimeTypeOf(file: string): string {
	return MIME[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

