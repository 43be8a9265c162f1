// Customer-experience phrasing that carries sentiment without a sentiment word: waiting, repetition, nobody
// answering, things that do not work; and speed, accuracy and reliability praise. Valence on VADER's -4..+4
// scale, merged into the phrase lexicon (src/tagging/sentiment/lexicon.ts). `#` matches a number written in
// digits or words ("3 weeks", "three times", "an hour"). A phrase of valence 0 only stops its words from
// scoring ("gift card", "need help"). One-letter words ("a", "I") are ignored on both sides, as in VADER.

const WAIT_VERBS = ['took', 'taken', 'takes', 'waited', 'waiting', 'wait'];
const QUALIFIERS = ['', 'almost', 'nearly', 'over', 'about', 'around', 'more than', 'literally', 'another'];
/** Unit → valence of "took <unit>": a few minutes is fine, weeks are a complaint. */
const WAIT_UNITS: ReadonlyArray<[string, number]> = [
  ['# hours', -1.4],
  ['# days', -1.2],
  ['# weeks', -2],
  ['# months', -2.4],
  ['week', -1.6],
  ['month', -2],
  ['# hour', -0.8],
];

function waitingPhrases(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const verb of WAIT_VERBS)
    for (const q of QUALIFIERS)
      for (const [unit, valence] of WAIT_UNITS) out[`${verb} ${q} ${unit}`.replace(/\s+/g, ' ')] = valence;
  for (const [unit, valence] of [
    ['hours', -0.8],
    ['days', -1.2],
    ['weeks', -1.8],
    ['months', -2],
  ] as const) {
    out[`# ${unit} later`] = valence;
    out[`# ${unit} for`] = valence;
  }
  return out;
}

const NOBODY_VERBS = [
  'answers',
  'answered',
  'called',
  'calls',
  'came',
  'replied',
  'replies',
  'responded',
  'responds',
  'got back',
  'gets back',
  'helped',
  'could',
  'picks up',
  'picked up',
  'cares',
  'bothered',
];

function nobodyPhrases(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const verb of NOBODY_VERBS) {
    out[`nobody ${verb}`] = -2.2;
    out[`no one ${verb}`] = -2.2;
  }
  return out;
}

/** Verbs that name something failing to happen: "won't load", "can't connect". */
const FAILING_VERBS = ['load', 'open', 'connect', 'pair', 'sync', 'start', 'turn on', 'update', 'install'];

function failingPhrases(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const verb of FAILING_VERBS)
    for (const neg of ["won't", 'wont', 'will not', "can't", 'cant', 'cannot', "doesn't", 'does not', 'not'])
      out[`${neg} ${verb}`] = -2;
  return out;
}

export const CX_PATTERNS: Readonly<Record<string, number>> = {
  ...waitingPhrases(),
  ...nobodyPhrases(),
  ...failingPhrases(),
  // repetition and chasing
  '# times': -1,
  'had to': -0.8,
  'had to chase': -2,
  'every time': -0.9,
  'every single time': -1.4,
  'works every time': 2.2,
  'yet again': -1.4,
  'again and again': -1.4,
  'over and over': -1.4,
  twice: -0.6,
  'twice as': 0,
  // nobody answering
  'never heard back': -2.4,
  'never heard anything': -2.2,
  'heard nothing': -2,
  'never called back': -2.4,
  'never got back': -2.2,
  'never replied': -2.2,
  'never responded': -2.2,
  'never answered': -2.2,
  'no callback': -2,
  'no call back': -2,
  'was promised': -0.8,
  'were promised': -0.8,
  // things not working
  '404': -1.6,
  'white screen': -1.8,
  'blank screen': -1.8,
  'black screen': -1.6,
  'does nothing': -1.8,
  'nothing happens': -1.8,
  'nothing works': -2.4,
  'unable to': -1.8,
  'timed out': -1.4,
  'timing out': -1.6,
  'times out': -1.6,
  'locked out': -1.8,
  'error message': -1.6,
  'keeps failing': -2.2,
  'keeps rejecting': -2,
  'keeps timing out': -2,
  'gone downhill': -2.2,
  'going downhill': -2.2,
  'gone down': -1.2,
  'going down': -1,
  'price rise': -1.2,
  'price increase': -1.2,
  'prices went up': -1.2,
  'thanks for nothing': -2.6,
  'love that for me': -1.8,
  'oh sure': -1,
  'oh great': -1.2,
  'no thanks': -1,
  // speed, accuracy and reliability praise
  'does exactly what': 2.2,
  'exactly what needed': 2.2,
  'exactly what need': 2.2,
  'exactly what wanted': 2.2,
  'exactly what was looking for': 2.4,
  'exactly as described': 2.2,
  'as described': 1.2,
  'as advertised': 1.2,
  'does what it says': 1.8,
  'does the job': 1.5,
  'works a treat': 2.4,
  'still looks brand new': 2,
  'like new': 1,
  'arrived early': 1.8,
  'day early': 1.6,
  'days early': 1.8,
  '# day early': 1.6,
  '# days early': 1.8,
  'earlier than expected': 1.8,
  'earlier than promised': 1.8,
  'sooner than expected': 1.8,
  'quicker than expected': 2,
  'faster than expected': 2,
  'next day': 1,
  'same day': 1,
  'in minutes': 1.5,
  'within minutes': 1.6,
  'in seconds': 1.5,
  'within # minutes': 1.4,
  'within # hours': 1.2,
  'within # hour': 1.2,
  'within # days': 0.8,
  'in # minutes': 0.8,
  'in # min': 0.8,
  'straight away': 1.2,
  'right away': 1,
  'well packaged': 1.8,
  'no questions asked': 1.8,
  'would buy again': 2.6,
  'will buy again': 2.6,
  'buy again': 2,
  'order again': 2,
  'will order again': 2.4,
  '10/10': 2.5,
  'refund came through': 1.6,
  'refund arrived': 1.4,
  'refund was processed': 1.2,
  'got my refund': 1.2,
  'full refund': 0.4,
  'used to be': -0.6,
  'used to be great': -1.6,
  'used to be good': -1.4,
  'used to be my favourite': -1.4,
  'used to be my favorite': -1.4,
  'used to love': -1.6,
  'well deserved': 2,
  '5 star': 2.4,
  'five star': 2.4,
  // topic words, not sentiment, in feedback
  'noise cancelling': 0,
  'noise canceling': 0,
  'need help': 0,
  'gift card': 0,
  'gift cards': 0,
  'free trial': 0,
  'free plan': 0,
  'refer friend': 0,
  'friend recommended': 0.4,
  'friends recommended': 0.4,
  'recommended by': 0.4,
};

/** Number words `#` accepts besides digits. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set(
  'an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty several few couple'.split(
    ' ',
  ),
);
