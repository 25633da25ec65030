import { classifyFailure, classifyMessage, errorLines, MediaError } from '../../lib/errors';

describe('classifyMessage', () => {
	it.each([
		['[generic] None: Unable to download webpage: HTTP Error 404: File not found (caused by <HTTPError 404>)', 'NotFound'],
		['Unsupported URL: https://example.com/', 'UnsupportedUrl'],
		['[youtube] abc: Sign in to confirm your age. This video may be inappropriate for some users.', 'AccessDenied'],
		['[youtube] abc: Private video. Sign in if you\'ve been granted access to this video', 'AccessDenied'],
		['[youtube] abc: The uploader has not made this video available in your country', 'AccessDenied'],
		['Unable to download webpage: HTTP Error 429: Too Many Requests', 'RateLimited'],
		['Unable to download webpage: HTTP Error 503: Service Unavailable', 'Network'],
		['Unable to download webpage: <urlopen error [Errno 111] Connection refused>', 'Network'],
		['Unable to download webpage: The read operation timed out', 'Timeout'],
		['[youtube] abc: Video unavailable', 'NotFound'],
		['something nobody has seen before', 'Unknown'],
	])('%s → %s', (text, kind) => {
		expect(classifyMessage(text)).toBe(kind);
	});

	it('marks only network, rate-limit and timeout failures retryable', () => {
		expect(new MediaError('Network', 'x').retryable).toBe(true);
		expect(new MediaError('RateLimited', 'x').retryable).toBe(true);
		expect(new MediaError('Timeout', 'x').retryable).toBe(true);
		for (const kind of ['NotFound', 'AccessDenied', 'UnsupportedUrl', 'InvalidInput', 'Cancelled', 'BinaryMissing'] as const)
			expect(new MediaError(kind, 'x').retryable).toBe(false);
	});

	it('takes the ERROR lines of stderr and strips the extractor tag', () => {
		const stderr = 'WARNING: something\nERROR: [generic] None: Unable to download webpage: HTTP Error 404: Not Found\n';
		expect(errorLines(stderr)).toEqual(['[generic] None: Unable to download webpage: HTTP Error 404: Not Found']);
		const error = classifyFailure(errorLines(stderr)[0], 'http://x/');
		expect(error.message).toBe('None: Unable to download webpage: HTTP Error 404: Not Found');
		expect(error.kind).toBe('NotFound');
		expect(error.url).toBe('http://x/');
		expect(error.hint).toMatch(/does not exist/);
	});
});
