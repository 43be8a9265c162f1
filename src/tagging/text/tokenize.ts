// One pass over the text: words, emoticons, emoji, punctuation and line breaks, each with char offsets.
// A hand-written scanner (no regex per token): it gives exactly the tokens of the pattern documented in
// test/unit/tagging/tokenize.test.ts, which checks the two against each other on random text.

export type TokenKind = 'word' | 'emoticon' | 'emoji' | 'punct' | 'break' | 'symbol';

export interface Token {
  /** As written in the text: text.slice(start, end). */
  text: string;
  /** Lower-cased, with typographic apostrophes made plain. */
  lower: string;
  start: number;
  end: number;
  kind: TokenKind;
  /** Written in capitals (at least two letters, no lower-case letter). */
  caps: boolean;
}

const ALNUM = /^[\p{L}\p{N}]$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const EMOTICON_RUN = new Set('()[]DPpOo3/\\|*$@');
const EMOTICON_EYES = new Set(':;=');
const EMOTICON_NOSE = new Set("-'^o");

/** Non-ASCII answers, memoised: a text's rare characters recur. */
const alnumCache = new Map<number, boolean>();

function isAlnum(cp: number): boolean {
  if (cp < 128) return (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57);
  let hit = alnumCache.get(cp);
  if (hit === undefined) {
    hit = ALNUM.test(String.fromCodePoint(cp));
    if (alnumCache.size < 10_000) alnumCache.set(cp, hit);
  }
  return hit;
}

/** JavaScript's `\s`. */
function isSpace(cp: number): boolean {
  if (cp < 128) return cp === 32 || (cp >= 9 && cp <= 13);
  return (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}

function isPictographic(cp: number): boolean {
  return cp >= 128 && PICTOGRAPHIC.test(String.fromCodePoint(cp));
}

function cpAt(text: string, i: number): number {
  return i < text.length ? (text.codePointAt(i) ?? -1) : -1;
}

function width(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** End of a run of letters/digits (plus `_` when asked) from `i`. */
function alnumRunEnd(text: string, i: number, underscore: boolean): number {
  let j = i;
  for (let cp = cpAt(text, j); cp >= 0; cp = cpAt(text, j)) {
    if (!(isAlnum(cp) || (underscore && cp === 95))) break;
    j += width(cp);
  }
  return j;
}

/** A blank-line break (`\n` whitespace `\n`), a line break, or -1. */
function scanBreak(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : -1;
  if (c !== 10) return -1;
  let end = i + 1;
  for (let j = i + 1; j < text.length; ) {
    const cp = cpAt(text, j);
    if (!isSpace(cp)) break;
    j += width(cp);
    if (cp === 10) end = j;
  }
  return end;
}

/** A URL, @user, #tag or &entity; (inert symbols), or -1. */
function scanSymbol(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 104 || c === 119) {
    const prefix = text.startsWith('https://', i)
      ? 8
      : text.startsWith('http://', i)
        ? 7
        : text.startsWith('www.', i)
          ? 4
          : 0;
    if (prefix === 0) return -1;
    let j = i + prefix;
    for (let cp = cpAt(text, j); cp >= 0 && !isSpace(cp); cp = cpAt(text, j)) j += width(cp);
    return j > i + prefix ? j : -1;
  }
  if (c === 64 || c === 35) {
    const j = alnumRunEnd(text, i + 1, true);
    return j > i + 1 ? j : -1;
  }
  if (c === 38) {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
    return j > i + 1 && text.charCodeAt(j) === 59 ? j + 1 : -1;
  }
  return -1;
}

function endsEmoticon(text: string, j: number): boolean {
  const cp = cpAt(text, j);
  return cp < 0 || !isAlnum(cp);
}

/** Eyes, optional nose, mouth run — the longest mouth not followed by a letter or digit. */
function scanEyesFirst(text: string, i: number): number {
  const noses = EMOTICON_NOSE.has(text[i + 1] ?? '') ? [i + 2, i + 1] : [i + 1];
  for (const from of noses) {
    let run = from;
    while (run < text.length && EMOTICON_RUN.has(text[run]!)) run++;
    for (let end = run; end > from; end--) if (endsEmoticon(text, end)) return end;
  }
  return -1;
}

/** An emoticon (`:-)`, `</3`, `(:`) not followed by a letter or digit, or -1. */
function scanEmoticon(text: string, i: number): number {
  const c = text[i]!;
  if (EMOTICON_EYES.has(c)) return scanEyesFirst(text, i);
  if (c === '<') {
    if (text[i + 1] === '/' && text[i + 2] === '3' && endsEmoticon(text, i + 3)) return i + 3;
    return text[i + 1] === '3' && endsEmoticon(text, i + 2) ? i + 2 : -1;
  }
  if (c === ')' || c === '(') {
    const n = text[i + 1];
    if ((n === '-' || n === "'") && EMOTICON_EYES.has(text[i + 2] ?? '') && endsEmoticon(text, i + 3))
      return i + 3;
    return EMOTICON_EYES.has(n ?? '') && endsEmoticon(text, i + 2) ? i + 2 : -1;
  }
  return -1;
}

/** Letters/digits joined by `'`, `’` or `-`, with an optional trailing `'`, or -1. */
function scanWord(text: string, i: number): number {
  let j = alnumRunEnd(text, i, false);
  if (j === i) return -1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c !== 39 && c !== 0x2019 && c !== 45) break;
    const next = alnumRunEnd(text, j + 1, false);
    if (next === j + 1) break;
    j = next;
  }
  return text.charCodeAt(j) === 39 ? j + 1 : j;
}

function scanEmoji(text: string, i: number, cp: number): number {
  if (!isPictographic(cp)) return -1;
  let j = i + width(cp);
  for (;;) {
    const c = cpAt(text, j);
    if (c === 0xfe0f || (c >= 0x1f3fb && c <= 0x1f3ff)) j += width(c);
    else if (c === 0x200d && isPictographic(cpAt(text, j + 1))) j += 1 + width(cpAt(text, j + 1));
    else break;
  }
  return j;
}

function scanPunct(text: string, i: number, cp: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c === 33 || c === 63 || c === 46; c = text.charCodeAt(j)) j++;
  return j > i ? j : i + width(cp);
}

function isCaps(word: string): boolean {
  if (word.length < 2) return false;
  let upper = false;
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c >= 128) return HAS_UPPER.test(word) && !HAS_LOWER.test(word);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper;
}

function makeToken(text: string, start: number, end: number, kind: TokenKind): Token {
  if (kind !== 'word') {
    const raw = text.slice(start, end);
    return { text: raw, lower: raw, start, end, kind, caps: false };
  }
  const stop = text.charCodeAt(end - 1) === 39 ? end - 1 : end;
  const word = text.slice(start, stop);
  const lower = word.toLowerCase();
  return {
    text: word,
    lower: lower.includes('’') ? lower.replaceAll('’', "'") : lower,
    start,
    end: stop,
    kind,
    caps: isCaps(word),
  };
}

/** Splits `text` into tokens; offsets index into `text` exactly. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Fast path: a plain ASCII letter or digit that cannot open a URL starts a word.
    if (c !== 104 && c !== 119 && c < 128 && isAlnum(c)) {
      const end = scanWord(text, i);
      tokens.push(makeToken(text, i, end, 'word'));
      i = end;
      continue;
    }
    if (c === 32) {
      i++;
      continue;
    }
    const cp = cpAt(text, i);
    let end = scanBreak(text, i);
    let kind: TokenKind = 'break';
    if (end < 0) {
      // URLs, @mentions and #hashtags carry no sentiment and break no sentence: inert symbols.
      end = scanSymbol(text, i);
      kind = 'symbol';
    }
    if (end < 0) {
      if (isSpace(cp)) {
        i += width(cp);
        continue;
      }
      end = scanEmoticon(text, i);
      kind = 'emoticon';
    }
    if (end < 0) {
      end = scanWord(text, i);
      kind = 'word';
    }
    if (end < 0) {
      end = scanEmoji(text, i, cp);
      kind = 'emoji';
    }
    if (end < 0) {
      end = scanPunct(text, i, cp);
      kind = 'punct';
    }
    tokens.push(makeToken(text, i, end, kind));
    i = end;
  }
  return tokens;
}

/**
 * VADER drops one-character words; a digit stays, so that "5 stars" and "for 6 days" are phrases.
 */
export function isScoredWord(text: string): boolean {
  if (text.length > 1) return true;
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57;
}
