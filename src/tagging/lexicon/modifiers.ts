// Negators, degree adverbs and idioms from VADER (MIT, see LICENSE-VADER.txt), extended for feedback.

/** Empirical VADER constants: booster step, ALL-CAPS step, negation scalar. */
export const BOOST_STEP = 0.293;
export const CAPS_STEP = 0.733;
export const NEGATION_SCALAR = -0.74;

export const NEGATORS: ReadonlySet<string> = new Set(
  (
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't " +
    "dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't " +
    "neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent " +
    "oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom " +
    'despite no nobody wont dnt didn doesn isn wasn couldn wouldn ' +
    // the other languages feedback arrives in: their negation of an action is a complaint too
    'jamais nunca nie niemals nicht kein keine nada'
  ).split(' '),
);

const UP = BOOST_STEP;
const DOWN = -BOOST_STEP;

export const BOOSTERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...(
    'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely ' +
    'especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully ' +
    'fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite ' +
    'really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly ' +
    'very super insanely ridiculously seriously truly beyond sehr très tres muy'
  )
    .split(' ')
    .map((w): [string, number] => [w, UP]),
  ...(
    'almost barely hardly kinda kindof kind-of less little marginally occasionally partly scarcely slightly ' +
    'somewhat sorta sortof sort-of a-bit fairly'
  )
    .split(' ')
    .map((w): [string, number] => [w, DOWN]),
]);

/** Two-word dampeners ("kind of good"). */
export const BOOSTER_BIGRAMS: ReadonlyMap<string, number> = new Map([
  ['kind of', DOWN],
  ['sort of', DOWN],
  ['a bit', DOWN],
  ['a little', DOWN],
  ['just enough', DOWN],
]);

/** Contrastive words that open a new clause; the weight scales that clause in the item score. */
export const CONTRAST_WEIGHTS: ReadonlyMap<string, number> = new Map([
  ['but', 1.5],
  ['however', 1.5],
  ['yet', 1.5],
  ['although', 0.5],
  ['though', 0.5],
  ['whereas', 1],
  ['except', 1.5],
  ['unfortunately', 1.5],
]);
