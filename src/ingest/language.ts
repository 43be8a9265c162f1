// Language of an item: detected by tinyld above a length and confidence floor; a language the
// source states (a survey's UI language, a reviewer's locale) is a hint that settles an unsure
// detection, never the answer for a text that says otherwise or says too little.
import { detect, detectAll } from 'tinyld';

const DETECT_CHARS = 400;
const NAMES: Readonly<Record<string, string>> = {
  english: 'en',
  german: 'de',
  deutsch: 'de',
  french: 'fr',
  français: 'fr',
  spanish: 'es',
  español: 'es',
  portuguese: 'pt',
  italian: 'it',
  dutch: 'nl',
  japanese: 'ja',
  chinese: 'zh',
  korean: 'ko',
  russian: 'ru',
  polish: 'pl',
  swedish: 'sv',
};

/** `pt_BR`, `EN`, `en-GB`, `English` → ISO 639-1; null when it is not a language code. */
export function normalizeLanguageCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const m = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/.exec(v);
  if (m) return m[1]!;
  return NAMES[v] ?? null;
}

/**
 * Words that are common in English feedback and rare as whole words in the other languages
 * feedback usually comes in (no "no", "me", "is", "was", "in", "to", "for": those are words of
 * Spanish, Dutch, German, Polish or Norwegian too).
 */
const ENGLISH_WORDS = new Set(
  (
    "the and with this that you your not but have has had very after they would could should don't " +
    "can't i'm it's my it of from what when why how just really great good bad love hate terrible awesome " +
    'worst best please thanks thank order ordered delivery delivered refund never still again always ' +
    'every been were are will get got waiting customer service easy slow fast helpful useless'
  ).split(' '),
);
const NON_ASCII = /[^\x00-\x7F\u2013\u2014\u2018\u2019\u201C\u201D\u2026]/;
const WORD = /[a-z']+/g;

/**
 * A cheap pre-check (tinyld costs 0.1–0.4 ms an item, which would cap ingest near 3k rows/s):
 * ASCII text in which distinctly English words appear — one for a short text, two otherwise — is
 * English. Everything else goes to tinyld.
 */
function looksEnglish(sample: string): boolean {
  if (NON_ASCII.test(sample)) return false;
  const words = sample.toLowerCase().match(WORD) ?? [];
  const hits = new Set<string>();
  for (const word of words) if (ENGLISH_WORDS.has(word)) hits.add(word);
  return hits.size >= (words.length <= 4 ? 1 : 2);
}

/**
 * Detected ISO 639-1 code, or null when the text is too short or mixed to tell: a single word ("Danke",
 * "Merci", "Thanks") names no language, whatever a detector would guess from it.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text;
  if (!/\p{L}{2}/u.test(sample) || tooShort(sample)) return null;
  if (looksEnglish(sample)) return 'en';
  const code = detect(sample);
  return code === '' ? null : code;
}

/** The stated language when the source gives one, else the detected one (API callers state it). */
export function pickLanguage(stated: string | null | undefined, text: string): string | null {
  return normalizeLanguageCode(stated) ?? (text.trim() === '' ? null : detectLanguage(text));
}

export interface LanguageChoice {
  language: string | null;
  /** Why the language is null, for the dry-run report (`too short to tell`). */
  note?: string;
}

/** Below these (letters, and words for space-separated scripts) a text is too short to name its language. */
export const MIN_LETTERS = 10;
export const MIN_WORDS = 3;
/** tinyld's first guess is kept when it scores this much more than its second (its scores are not probabilities). */
export const MIN_LEAD = 1.5;
const TOO_SHORT = 'too short to tell';
const WORDS = /\p{L}+/gu;

function tooShort(sample: string): boolean {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  // Chinese and Japanese write no spaces and pack a word into one or two letters.
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(sample))
    return letters < 4;
  if (letters < MIN_LETTERS) return true;
  return (sample.match(WORDS)?.length ?? 0) < MIN_WORDS;
}

/**
 * Ingest's rule: no guess below the floor; a confident detection wins over the stated language;
 * an unsure one is settled by the stated language only when tinyld also ranks it among its guesses.
 */
export function chooseLanguage(stated: string | null | undefined, text: string): LanguageChoice {
  const sample = text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text;
  if (sample.trim() === '') return { language: null };
  if (tooShort(sample)) return { language: null, note: TOO_SHORT };
  if (looksEnglish(sample)) return { language: 'en' };
  const guesses = detectAll(sample).slice(0, 3);
  const [top, second] = guesses;
  if (top && (!second || top.accuracy >= MIN_LEAD * second.accuracy)) return { language: top.lang };
  const hint = normalizeLanguageCode(stated);
  if (hint && guesses.some((g) => g.lang === hint)) return { language: hint };
  return { language: null, note: sample.length < 40 ? TOO_SHORT : 'the text does not tell which language' };
}
