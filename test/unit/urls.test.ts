import { checkMediaUrl, validateMediaUrl } from '../../lib/urls';

describe('validateMediaUrl', () => {
	it('accepts http and https URLs and normalises them', () => {
		expect(validateMediaUrl(' https://Example.com/watch?v=1 ').url).toBe('https://example.com/watch?v=1');
		expect(validateMediaUrl('http://127.0.0.1:8080/a.mp4').url).toBe('http://127.0.0.1:8080/a.mp4');
	});

	it.each([
		['--exec=touch /tmp/pwned', /starting with "-"/],
		['-o/etc/passwd', /starting with "-"/],
		['', /empty/],
		['ftp://example.com/a.mp4', /scheme "ftp:" is not supported/],
		['javascript:alert(1)', /scheme "javascript:" is not supported/],
		['not a url', /spaces or control characters/],
		['https://example.com/a\nb', /control characters/],
		['example.com/video', /not a valid URL/],
	])('refuses %j', (input, message) => {
		expect(() => validateMediaUrl(input)).toThrow(message);
	});

	it('refuses non-strings with a clear message', () => {
		expect(() => validateMediaUrl(undefined)).toThrow(/empty/);
		expect(() => validateMediaUrl({ url: 'x' })).toThrow('The URL must be text, not object.');
	});

	it('refuses file:// URLs and local paths unless allowed', () => {
		for (const input of ['file:///etc/passwd', '/etc/passwd', './video.mp4', '~/video.mp4']) {
			expect(() => validateMediaUrl(input)).toThrow(/Local files and file:\/\/ URLs are refused/);
		}
		const allowed = validateMediaUrl('/srv/media/a b.mp4', { allowLocalFiles: true });
		expect(allowed).toEqual({ url: 'file:///srv/media/a%20b.mp4', localPath: '/srv/media/a b.mp4' });
	});

	it('runs the file-access check for allowed local files and reports its refusal', async () => {
		const seen: string[] = [];
		await expect(
			checkMediaUrl('file:///etc/shadow', {
				allowLocalFiles: true,
				checkLocalPath: (p) => {
					seen.push(p);
					throw new Error('Access to "/etc/shadow" is not allowed');
				},
			}),
		).rejects.toMatchObject({ kind: 'InvalidInput', message: 'Access to "/etc/shadow" is not allowed' });
		expect(seen).toEqual(['/etc/shadow']);
	});
});
