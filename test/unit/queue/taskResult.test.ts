import type { DownloadResult } from '../../../lib/download/types';
import { MediaError } from '../../../lib/errors';
import { authSecrets, toTaskError, toTaskProgress, toTaskResult } from '../../../lib/queue/taskResult';

const result = (name: string, size: number): DownloadResult =>
	({
		localPath: `/out/${name}.mp4`,
		fileSize: size,
		format: 'mp4',
		duration: 5,
		sha256: 'ab'.repeat(32),
		strategyUsed: 'requested',
		fallbackAttempts: [],
		info: { id: name, title: name, url: `http://x/${name}`, formats: [{ formatId: '18' }], thumbnails: [{ url: 'http://x/t.jpg' }], thumbnail: 'http://x/t.jpg', uploader: undefined },
		files: { subtitles: [] },
		warnings: [],
	}) as unknown as DownloadResult;

describe('toTaskResult', () => {
	it('keeps every file with its facts, totals the bytes, and is JSON-safe', () => {
		const stored = toTaskResult([result('a', 100), result('b', 250)]);
		expect(stored.totalBytes).toBe(350);
		expect(stored.files.map((f) => [f.localPath, f.fileSize, f.sha256])).toEqual([
			['/out/a.mp4', 100, 'ab'.repeat(32)],
			['/out/b.mp4', 250, 'ab'.repeat(32)],
		]);
		expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
		expect('uploader' in (stored.files[0].info as object)).toBe(false);
	});

	it('leaves out the format and thumbnail lists of the media info, keeping the thumbnail URL', () => {
		const [file] = toTaskResult([result('a', 1)]).files;
		expect(file.info).toEqual({ id: 'a', title: 'a', url: 'http://x/a', thumbnail: 'http://x/t.jpg' });
	});
});

describe('toTaskError', () => {
	it('keeps the kind, message and hint of a MediaError', () => {
		const error = new MediaError('RateLimited', 'HTTP Error 429: Too Many Requests');
		expect(toTaskError(error)).toEqual({ kind: 'RateLimited', message: 'HTTP Error 429: Too Many Requests', hint: error.hint });
	});

	it('blanks out credential values and logins in URLs', () => {
		const secrets = authSecrets({ password: 'hunter22', cookies: 'SID=abc123', headers: { Authorization: 'Bearer tok-987' }, username: 'me' });
		expect(secrets).toEqual(['hunter22', 'SID=abc123', 'Bearer tok-987']);
		const error = new MediaError('AccessDenied', 'login hunter22 refused at https://me:hunter22@site.test/v and https://bob:pw@other.test/ with Bearer tok-987');
		const stored = toTaskError(error, secrets);
		expect(stored.message).toBe('login *** refused at https://***@site.test/v and https://***@other.test/ with ***');
		expect(JSON.stringify(stored)).not.toMatch(/hunter22|tok-987|bob:pw/);
	});

	it('turns any other error into kind Unknown', () => {
		expect(toTaskError(new Error('boom'))).toEqual({ kind: 'Unknown', message: 'boom' });
		expect(toTaskError('plain text')).toEqual({ kind: 'Unknown', message: 'plain text' });
	});
});

describe('toTaskProgress', () => {
	it('keeps the spec fields and stamps the time', () => {
		const p = toTaskProgress({ status: 'downloading', percent: 50, bytesDownloaded: 5, totalBytes: 10, speed: 2, eta: 3, fragment: { index: 1, count: 4 } }, 1234);
		expect(p).toEqual({ percent: 50, bytesDownloaded: 5, totalBytes: 10, speed: 2, eta: 3, updatedAt: 1234 });
	});
});
