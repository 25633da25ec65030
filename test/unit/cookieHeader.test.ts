import { cookieHeaderFor, parseCookies } from '../../lib/http/cookieHeader';
import { proxyProblem } from '../../lib/http/route';

const NOW = Date.UTC(2026, 0, 1);
const row = (...fields: string[]) => fields.join('\t');

describe('cookieHeaderFor (cookies.txt rules)', () => {
	const jar = [
		'# Netscape HTTP Cookie File',
		row('.example.com', 'TRUE', '/', 'FALSE', '0', 'wide', '1'),
		row('example.com', 'FALSE', '/', 'FALSE', '0', 'host', '2'),
		row('example.com', 'FALSE', '/docs', 'FALSE', '0', 'docs', '3'),
		row('example.com', 'FALSE', '/', 'TRUE', '0', 'secure', '4'),
		row('example.com', 'FALSE', '/', 'FALSE', String(NOW / 1000 - 1), 'expired', '5'),
		row('example.com', 'FALSE', '/', 'FALSE', String(NOW / 1000 + 60), 'fresh', '6'),
		'#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\thttponly\t7',
		row('notexample.com', 'TRUE', '/', 'FALSE', '0', 'lookalike', '8'),
	].join('\n');

	it.each([
		['http://example.com/', 'wide=1; host=2; fresh=6; httponly=7'],
		['https://example.com/', 'wide=1; host=2; secure=4; fresh=6; httponly=7'],
		['http://example.com/docs/page', 'docs=3; wide=1; host=2; fresh=6; httponly=7'],
		['http://example.com/docs', 'docs=3; wide=1; host=2; fresh=6; httponly=7'],
		['http://example.com/docsx', 'wide=1; host=2; fresh=6; httponly=7'],
		['http://sub.example.com/', 'wide=1'],
		['http://EXAMPLE.com/', 'wide=1; host=2; fresh=6; httponly=7'],
		['http://other.com/', undefined],
	])('%s → %s', (url, header) => {
		expect(cookieHeaderFor(url, jar, NOW)).toBe(header);
	});

	it('gives nothing for no cookies, and keeps tabs inside a value', () => {
		expect(cookieHeaderFor('http://example.com/', '', NOW)).toBeUndefined();
		expect(cookieHeaderFor('http://example.com/', undefined, NOW)).toBeUndefined();
		expect(parseCookies(row('example.com', 'FALSE', '/', 'FALSE', '0', 'n', 'a\tb'))[0].value).toBe('a\tb');
	});

	it('reads a JSON export (hostOnly and domain cookies)', () => {
		const json = JSON.stringify([
			{ domain: 'example.com', hostOnly: true, name: 'h', value: '1', path: '/' },
			{ domain: 'example.com', hostOnly: false, name: 'd', value: '2', path: '/' },
			{ domain: '.example.com', name: 's', value: '3', path: '/', secure: true, expirationDate: NOW / 1000 + 10 },
		]);
		expect(cookieHeaderFor('http://example.com/', json, NOW)).toBe('h=1; d=2');
		expect(cookieHeaderFor('https://a.example.com/', json, NOW)).toBe('d=2; s=3');
	});

	it('never sends a domain cookie for an IP address to another address', () => {
		const ip = row('.0.0.1', 'TRUE', '/', 'FALSE', '0', 'x', '1');
		expect(cookieHeaderFor('http://127.0.0.1/', ip, NOW)).toBeUndefined();
		expect(cookieHeaderFor('http://127.0.0.1/', row('127.0.0.1', 'FALSE', '/', 'FALSE', '0', 'y', '2'), NOW)).toBe('y=2');
	});
});

describe('proxyProblem', () => {
	it.each([
		[undefined, undefined],
		['http://proxy:3128', undefined],
		['https://user:pw@proxy:443', undefined],
		['socks5://proxy:1080', undefined],
		['socks5h://proxy:1080', undefined],
	])('%s can be used', (proxy, problem) => {
		expect(proxyProblem(proxy)).toBe(problem);
	});

	it.each(['socks4://proxy:1080', 'socks4a://proxy:1080'])('%s cannot, and the reason names it', (proxy) => {
		expect(proxyProblem(proxy)).toMatch(/cannot use a SOCKS4A? proxy .*going around the proxy is not allowed/);
	});
});
