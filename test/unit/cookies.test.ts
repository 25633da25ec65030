import { toNetscapeCookies } from '../../lib/cookies';
import { configQuote } from '../../lib/ytdlpFlags';

describe('toNetscapeCookies', () => {
	const line = '.example.com\tTRUE\t/\tTRUE\t1893456000\tsid\tabc123';
	it('adds the header yt-dlp requires when it is missing', () => {
		expect(toNetscapeCookies(line)).toBe(`# Netscape HTTP Cookie File\n${line}\n`);
	});
	it('keeps a file that has its header', () => {
		expect(toNetscapeCookies(`# Netscape HTTP Cookie File\n${line}`)).toBe(`# Netscape HTTP Cookie File\n${line}\n`);
	});
	it('converts a JSON cookie export', () => {
		const json = JSON.stringify([{ domain: 'example.com', hostOnly: false, name: 'sid', value: 'abc123', path: '/', secure: true, expirationDate: 1893456000.5 }]);
		expect(toNetscapeCookies(json)).toBe(`# Netscape HTTP Cookie File\n${line}\n`);
	});
	it('names the line that is not a cookie', () => {
		expect(() => toNetscapeCookies(`${line}\nsid=abc`)).toThrow(/Cookie line 2 is not in Netscape cookies.txt format/);
	});
});

describe('configQuote', () => {
	it('keeps quotes, spaces, comment signs and option-like text inside one value', () => {
		expect(configQuote(`it's --exec "rm" #x`)).toBe(`'it'"'"'s --exec "rm" #x'`);
	});
});
