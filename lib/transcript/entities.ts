/** HTML character references: the ones captions use (XML's five, Latin-1, typography, bidi marks). */

const LATIN1 = (
	'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 ' +
	'sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc ' +
	'Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve ' +
	'Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute ' +
	'acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ' +
	'ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

// prettier-ignore
const NAMED = new Map<string, string>([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['lrm', '\u200e'], ['rlm', '\u200f'], ['zwj', '\u200d'], ['zwnj', '\u200c'],
  ['ensp', '\u2002'], ['emsp', '\u2003'], ['thinsp', '\u2009'], ['hellip', '\u2026'],
  ['ndash', '\u2013'], ['mdash', '\u2014'], ['lsquo', '\u2018'], ['rsquo', '\u2019'],
  ['sbquo', '\u201a'], ['ldquo', '\u201c'], ['rdquo', '\u201d'], ['bdquo', '\u201e'],
  ['dagger', '\u2020'], ['Dagger', '\u2021'], ['bull', '\u2022'], ['prime', '\u2032'],
  ['Prime', '\u2033'], ['euro', '\u20ac'], ['trade', '\u2122'], ['larr', '\u2190'],
  ['rarr', '\u2192'], ['uarr', '\u2191'], ['darr', '\u2193'], ['harr', '\u2194'],
  ['hearts', '\u2665'], ['oelig', '\u0153'], ['OElig', '\u0152'], ['scaron', '\u0161'],
  ['Scaron', '\u0160'], ['Yuml', '\u0178'], ['fnof', '\u0192'], ['circ', '\u02c6'], ['tilde', '\u02dc'],
  ...LATIN1.map((name, i): [string, string] => [name, String.fromCharCode(160 + i)]),
]);

/** Decodes `&name;`, `&#123;` and `&#x1F600;`; anything else stays as written. */
export function decodeEntities(s: string): string {
	let amp = s.indexOf('&');
	if (amp === -1) return s;
	let out = '';
	let last = 0;
	let semi = -1;
	while (amp !== -1) {
		// Every '&' before the same ';' shares it: remembering it keeps "&&&&...;" linear.
		if (semi <= amp) semi = s.indexOf(';', amp + 1);
		if (semi === -1) break;
		if (semi - amp <= 32) {
			const decoded = decodeOne(s.slice(amp + 1, semi));
			if (decoded !== undefined) {
				out += s.slice(last, amp) + decoded;
				last = semi + 1;
				amp = s.indexOf('&', last);
				continue;
			}
		}
		amp = s.indexOf('&', amp + 1);
	}
	return out + s.slice(last);
}

function decodeOne(ref: string): string | undefined {
	if (ref.charCodeAt(0) !== 35 /* # */) return NAMED.get(ref);
	const hex = ref[1] === 'x' || ref[1] === 'X';
	const digits = ref.slice(hex ? 2 : 1);
	if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return undefined;
	const code = parseInt(digits, hex ? 16 : 10);
	if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
	return String.fromCodePoint(code);
}
