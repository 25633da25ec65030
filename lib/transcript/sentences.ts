/** Sentence boundaries, found in one left-to-right pass. */

const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st vs mt ft no nos vol fig approx dept est inc ltd co corp gen col lt sgt capt rev hon sra sr srta dra mme mlle'.split(' '),
);

/** Closers that stay with the sentence they end: quotes and brackets. */
function isCloser(c: number): boolean {
  return (
    c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d || c === 0xbb || c === 0x2019 || c === 0x201d ||
    c === 0x300d || c === 0x300f || c === 0x3011 || c === 0xff09 || c === 0xff63
  );
}

/** Full stops that end a sentence with no space after them (Chinese, Japanese, full-width). */
function isCjkTerminal(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff61;
}

function isTerminal(c: number): boolean {
  return (
    c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026 || c === 0x061f || c === 0x06d4 || c === 0x0964 ||
    c === 0x203c || c === 0x2047 || c === 0x2048 || c === 0x2049 || isCjkTerminal(c)
  );
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3000 || c === 0xa0;
}

/**
 * Offsets just after each sentence end in `text`. A `.` ends a sentence when whitespace and then no
 * lower-case letter follow, and the word before it is not a title ("Mr. Clerk") or an initial.
 */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const n = text.length;
  // A run of punctuation with no word before it ("... . ?") is no sentence; it joins the next one.
  let words = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isTerminal(c)) {
      if (!words && !isSpace(c)) words = true;
      continue;
    }
    if (!words) continue;
    let j = i + 1;
    while (j < n && (isTerminal(text.charCodeAt(j)) || isCloser(text.charCodeAt(j)))) j++;
    if (j >= n) {
      ends.push(n);
      break;
    }
    const cjk = isCjkTerminal(text.charCodeAt(j - 1)) || isCjkTerminal(c);
    if (!cjk && !isSpace(text.charCodeAt(j))) {
      i = j - 1;
      continue;
    }
    if (c === 0x2e || c === 0x2026) {
      if (c === 0x2e && j === i + 1 && isAbbreviation(text, i)) continue;
      let k = j;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k < n && isLower(text, k)) {
        i = j - 1;
        continue;
      }
    }
    ends.push(j);
    words = false;
    i = j - 1;
  }
  return ends;
}

function isAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && dot - s < 12 && isLetter(text.charCodeAt(s - 1))) s--;
  const word = text.slice(s, dot);
  if (word.length === 0) return false;
  if (word.length === 1 && word >= 'A' && word <= 'Z') return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

function isLower(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 97 && c <= 122;
  const ch = text[i];
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/** Question: a sentence ending in ?, ？ or ؟ (before closing quotes). */
export function isQuestion(sentence: string): boolean {
  let i = sentence.length - 1;
  while (i >= 0 && (isCloser(sentence.charCodeAt(i)) || isSpace(sentence.charCodeAt(i)))) i--;
  const c = sentence.charCodeAt(i);
  return c === 0x3f || c === 0xff1f || c === 0x061f || c === 0x2047 || c === 0x2048;
}
