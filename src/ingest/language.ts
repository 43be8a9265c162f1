// Language of an item: the source's own code when it states one, else detected by tinyld.
import { detect } from 'tinyld';

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

/** Detected ISO 639-1 code, or null when the text is too short or mixed to tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text;
  if (!/\p{L}{2}/u.test(sample)) return null;
  const code = detect(sample);
  return code === '' ? null : code;
}

/** The stated language when the source gives one, else the detected one. */
export function pickLanguage(stated: string | null | undefined, text: string): string | null {
  return normalizeLanguageCode(stated) ?? (text.trim() === '' ? null : detectLanguage(text));
}
