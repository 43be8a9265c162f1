// What kind of sentence a clause is, as far as its sentiment goes: a question or a request ("Can I buy a
// gift card?", "Please send the invoice") is not praise however friendly its words; a sarcasm marker
// ("amazing service 🙃") turns praise into complaint; a non-answer ("no", "nothing really", "n/a") to a
// survey question says nothing at all.
import type { Token } from '../text/tokenize.js';

export interface Mood {
  /** A question or a request: positive words count this much. */
  positiveScale: number;
  sarcasm: boolean;
  nonAnswer: boolean;
  /** Only a greeting ("Hi!", "Good morning.") or only a sign-off ("Thanks, Priya", "Kind regards"). */
  courtesy: 'greeting' | 'sign-off' | null;
  /** Words at the start that only greet ("Hi team,", "Good morning"): they carry no sentiment. */
  greeting: number;
  /** A "why ...?" question: in feedback it asks the company to justify something. */
  why: boolean;
  /** A question or a polite request: asking to cancel is the topic, not a complaint ("I want to" is). */
  asks: boolean;
}

/** Positive words in a question or request are politeness or topic, not praise. */
export const QUESTION_POSITIVE_SCALE = 0;
/** Positive words in a request ("please keep the dark mode") lean only a little towards praise. */
export const REQUEST_POSITIVE_SCALE = 0.1;
/** A sarcastic clause's praise counts as this much complaint. */
export const SARCASM_SCALE = -0.6;

const QUESTION_OPENERS = new Set(
  'can could do does did is are was were will would where when how what why which who should may have has any anyone'.split(
    ' ',
  ),
);
const REQUEST_OPENERS = new Set('please pls plz kindly need'.split(' '));
/** Two-word request openers, by first word: "can you", "I'd like", "need to". */
const REQUEST_BIGRAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['can', new Set(['you'])],
  ['could', new Set(['you'])],
  ['would', new Set(['you', 'like'])],
  ['will', new Set(['you'])],
  ["i'd", new Set(['like'])],
  ['id', new Set(['like'])],
  ['like', new Set(['to'])],
  ['need', new Set(['to'])],
  ['want', new Set(['to'])],
]);
const SARCASM_MARKERS = new Set(['🙄', '🙃', '😒']);
const NON_ANSWER_WORDS = new Set(
  'no nope nah none nothing na nil not really much else to add report comment comments sure dunno idk at all more so far for now'.split(
    ' ',
  ),
);

const GREETINGS = new Set('hi hello hey hiya dear greetings'.split(' '));
const DAYTIMES = new Set('morning afternoon evening day'.split(' '));
const SIGN_OFF_WORDS = new Set(
  'thanks thank thx ty ta cheers regards kind best warm warmest wishes sincerely yours many much so very you in advance again all'.split(
    ' ',
  ),
);

/**
 * How many leading words only greet: "Good morning," or "Hi team," (up to the first comma or dash, at most
 * three words), or a clause that is nothing but a greeting ("Hello!"). "Good morning world!!!" is no greeting.
 */
function greetingLength(tokens: readonly Token[], words: readonly Token[]): number {
  const first = words[0]?.lower ?? '';
  const daytime = first === 'good' && DAYTIMES.has(words[1]?.lower ?? '');
  if (!daytime && !GREETINGS.has(first)) return 0;
  const comma = tokens.findIndex((t) => t.kind === 'punct' && (t.text === ',' || t.text === '-'));
  let n = 0;
  if (comma >= 0) for (const w of words) if (w.end <= tokens[comma]!.start) n++;
  if (comma >= 0 && n <= 3) return n;
  if (daytime) return words.length === 2 ? 2 : 0;
  return 1;
}

/** A sign-off: sign-off words, then at most two capitalised words (a name). */
function isSignOff(words: readonly Token[]): boolean {
  if (words.length === 0 || words.length > 6 || !SIGN_OFF_WORDS.has(words[0]!.lower)) return false;
  let i = 0;
  while (i < words.length && SIGN_OFF_WORDS.has(words[i]!.lower)) i++;
  if (words.length - i > 2) return false;
  for (let k = i; k < words.length; k++) if (!/^[A-Z]/.test(words[k]!.text)) return false;
  return true;
}

/** "want to" and "need" state an intention ("I want to cancel my account"): a request, but not a polite one. */
const BLUNT = new Set(['want', 'need']);

/** 'polite' for "please", "could you", "I'd like"; 'blunt' for "I want to", "need"; else null. */
function requestKind(words: readonly Token[]): 'polite' | 'blunt' | null {
  const first = words[0]?.lower ?? '';
  if (REQUEST_OPENERS.has(first)) return BLUNT.has(first) ? 'blunt' : 'polite';
  for (let i = 0; i + 1 < words.length && i < 3; i++)
    if (REQUEST_BIGRAMS.get(words[i]!.lower)?.has(words[i + 1]!.lower))
      return BLUNT.has(words[i]!.lower) ? 'blunt' : 'polite';
  return null;
}

function isNonAnswer(words: readonly Token[]): boolean {
  if (words.length === 0 || words.length > 4) return false;
  for (const w of words) if (!NON_ANSWER_WORDS.has(w.lower)) return false;
  return true;
}

/** A ticket's subject line ("Subject: Cancel subscription") names a topic, like a request does. */
function isSubjectLine(tokens: readonly Token[], words: readonly Token[]): boolean {
  const first = words[0]?.lower;
  if (first !== 'subject' && first !== 're' && first !== 'fwd') return false;
  const next = tokens.indexOf(words[0]!) + 1;
  return tokens[next]?.text === ':';
}

/** A question opener among the first three words ("Quick one: does the plan include ...?"). */
function opensQuestion(words: readonly Token[]): boolean {
  for (let i = 0; i < 3 && i < words.length; i++) if (QUESTION_OPENERS.has(words[i]!.lower)) return true;
  return false;
}

/**
 * Words that name an action a customer asks for: in a question or request they carry little complaint
 * ("Please cancel my subscription at the end of the month"). A refund is not among them: asking for one
 * says something went wrong.
 */
const ACTION_WORDS = new Set(
  'cancel cancelled canceled cancelling canceling cancellation unsubscribe close closing delete return returns exchange send'.split(
    ' ',
  ),
);
/** What is left of an action word's negative valence in a question or request. */
export const ASKED_ACTION_SCALE = 0.05;

/** A word's or phrase's valence when the clause asks for it ("Please cancel my subscription"). */
export function applyAsk(mood: Mood, first: string, valence: number): number {
  return mood.asks && valence < 0 && ACTION_WORDS.has(first) ? valence * ASKED_ACTION_SCALE : valence;
}

export function readMood(tokens: readonly Token[], words: readonly Token[]): Mood {
  let sarcasm = false;
  let questionMark = false;
  for (const t of tokens) {
    if (t.kind === 'punct') questionMark ||= t.text.includes('?');
    else if (t.kind === 'emoji') sarcasm ||= SARCASM_MARKERS.has(t.lower);
  }
  const greeting = greetingLength(tokens, words);
  const rest = greeting > 0 ? words.slice(greeting) : words;
  const question = questionMark && opensQuestion(rest);
  const request = question ? null : isSubjectLine(tokens, words) ? 'polite' : requestKind(rest);
  return {
    positiveScale: question ? QUESTION_POSITIVE_SCALE : request !== null ? REQUEST_POSITIVE_SCALE : 1,
    asks: question || request === 'polite',
    sarcasm,
    nonAnswer: isNonAnswer(words),
    courtesy: isSignOff(words) ? 'sign-off' : greeting > 0 && greeting === words.length ? 'greeting' : null,
    greeting,
    why: words[greeting]?.lower === 'why',
  };
}

/** One word's or phrase's valence in this clause. */
export function applyMood(mood: Mood, valence: number): number {
  if (valence <= 0) return valence;
  if (mood.sarcasm) return valence * SARCASM_SCALE;
  return valence * mood.positiveScale;
}
