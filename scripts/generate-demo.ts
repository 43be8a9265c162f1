// Writes the demo data set of one fictional shop, "Northwind Home", to fixtures/demo/.
// `generateDemo()` is pure and seeded: the same code gives byte-identical files on every run.
// The data plants a story for the heatmap: delivery gets worse after a carrier change on
// 2026-06-01, and logging in gets better after a fix on 2026-05-04 (usage × account_login: the codebook's
// cell for log-in trouble outside sign-up). Every other cell
// keeps the same negative share and volume all along. Run: npm run generate:demo
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { seededRandom, seedOf } from '../src/aggregate/stats/prng.js';
import type { StageOrUnknown, TouchpointOrUnknown } from '../src/domain.js';

export const DEMO_HEADER = 'id,source,created_at,customer_id,channel,plan,region,persona,rating,text';
export const DEMO_WINDOW = { start: '2026-02-23T00:00:00Z', end: '2026-08-23T23:59:59Z' } as const;
const DAYS = 182;
const DAY_MS = 86_400_000;

export type Polarity = 'positive' | 'negative' | 'neutral';
type SourceName = 'survey' | 'app-review' | 'support-ticket';

/** The hidden truth behind one generated row: which templates wrote it. */
export interface DemoLabel {
  id: string;
  createdAt: string;
  stage: StageOrUnknown;
  touchpoint: TouchpointOrUnknown;
  polarity: Polarity;
  /** Template key, e.g. `fulfilment/delivery/negative#3` or `mixed#0`. */
  template: string;
  /** For a mixed item: the cell and polarity of its second clause. */
  mixedWith?: { stage: StageOrUnknown; touchpoint: TouchpointOrUnknown; polarity: Polarity };
}

export interface DemoFile {
  file: string;
  content: string;
  labels: DemoLabel[];
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

type Random = () => number;

/** Tried a few; with this one the sampled story rates land closest to the planted ones. */
const SEED = 'northwind-home-5';

const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const between = (rnd: Random, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

function weighted<T>(rnd: Random, values: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let u = rnd() * total;
  for (let i = 0; i < values.length; i++) {
    u -= weights[i]!;
    if (u < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

function poisson(rnd: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rnd();
  while (p > limit) {
    k++;
    p *= rnd();
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// What customers write about: one cell per (stage, touchpoint), templates per polarity.
// Slots: {item} a product, {days} {mins} {n} numbers, {order} an order number, {day} a weekday.
// ---------------------------------------------------------------------------------------------

interface Cell {
  stage: StageOrUnknown;
  touchpoint: TouchpointOrUnknown;
  /** Relative weight of this cell within each source: survey, app review, support ticket. */
  weights: readonly [number, number, number];
  negative: number;
  neutral?: number;
  positiveTexts: readonly string[];
  negativeTexts: readonly string[];
  neutralTexts?: readonly string[];
}

const DELIVERY = 'fulfilment/delivery';
const LOGIN = 'usage/account_login';

export const CELLS: readonly Cell[] = [
  {
    stage: 'awareness',
    touchpoint: 'social_media',
    weights: [3, 0.5, 0],
    negative: 0.2,
    positiveTexts: [
      'Saw your ad on Instagram and had to have a look.',
      'I first heard of you through an ad on Facebook, glad I clicked',
      'Found you on Instagram, your posts of the living rooms are lovely',
      'a friend shared your instagram post about the {item} and here I am',
      'Your TikTok videos are what got me to try Northwind Home 😊',
    ],
    negativeTexts: [
      'I keep seeing the same ad on Facebook ten times a day, it is a bit much',
      'The Instagram ad showed a price for the {item} that was not the real price',
      'Your ads on Facebook follow me everywhere. Creepy.',
    ],
  },
  {
    stage: 'awareness',
    touchpoint: 'store',
    weights: [1.5, 0, 0],
    negative: 0.15,
    positiveTexts: [
      'Walked past the new showroom in town and went in, lovely place',
      'A friend told me about your showroom and I popped in on a {day}',
      'Discovered you when the showroom opened near my office',
    ],
    negativeTexts: ['Nobody I know had heard of the showroom, the signage outside is easy to miss'],
  },
  {
    stage: 'consideration',
    touchpoint: 'website',
    weights: [3, 0.3, 0.3],
    negative: 0.25,
    positiveTexts: [
      'I spent a while comparing sofas on the website and the reviews helped me decide.',
      'Customer reviews and photos on the website made it easy to choose the {item}',
      'The size guide on the website helped me compare the rugs before buying',
      'Comparing products side by side on your site is really useful',
    ],
    negativeTexts: [
      'Hard to compare the {item} options on the website, the dimensions are missing',
      'I was comparing two sofas and the website had no reviews for either',
      'The product pages on the site do not say what the {item} is made of, I almost went elsewhere',
    ],
  },
  {
    stage: 'consideration',
    touchpoint: 'store',
    weights: [1.5, 0, 0],
    negative: 0.2,
    positiveTexts: [
      'Tried the armchairs in the showroom before deciding, staff were helpful and not pushy',
      'Being able to see the {item} in store first made the decision easy',
    ],
    negativeTexts: [
      'Went to the showroom to see the {item} but it was not on display',
      'Staff in store could not tell me anything about the fabric options',
    ],
  },
  {
    stage: 'purchase',
    touchpoint: 'checkout',
    weights: [4, 1.5, 2],
    negative: 0.3,
    neutral: 0.1,
    positiveTexts: [
      'Checkout was quick and easy.',
      'Ordering was simple, the checkout took less than a minute',
      'Payment page worked first time with Apple Pay, nice',
      'the promo code worked at checkout, saved 15%',
      'Smooth checkout, I bought the {item} in two clicks 👍',
      'Easy to order, and I liked that checkout showed the full price upfront',
    ],
    negativeTexts: [
      'The promo code would not apply at checkout, tried three times',
      'Checkout kept failing at the payment page with an unknown error',
      'I tried to order the {item} and the payment page just spun forever',
      'Checkout asked me to create an account before I could pay. Annoying.',
      'My card was declined at checkout even though it works everywhere else',
      'checkout froze after I entered my card details, no idea if the order went through',
    ],
    neutralTexts: [
      'Is there a promo code for first orders?',
      'Can I pay by bank transfer at checkout for a large order?',
    ],
  },
  {
    stage: 'purchase',
    touchpoint: 'website',
    weights: [3, 0, 1],
    negative: 0.3,
    positiveTexts: [
      'The website is easy to browse and I found the {item} straight away',
      'Search on the site works well, typed "oak" and got exactly what I wanted',
      'Ordered on the website in my lunch break, very straightforward',
    ],
    negativeTexts: [
      'Search on the site is useless, searching "lamp" shows me towels',
      'The website kept emptying my basket before I could buy',
      'Website is really slow on my laptop, took ages to order the {item}',
      'Filters on the website reset every time I go back a page',
    ],
  },
  {
    stage: 'purchase',
    touchpoint: 'mobile_app',
    weights: [1, 3, 0.5],
    negative: 0.3,
    positiveTexts: [
      'Ordering in the app is faster than on the website',
      'Bought the {item} through the app, super easy',
      'Love that I can reorder past purchases in the app with one tap',
    ],
    negativeTexts: [
      'The app would not let me add the {item} to my basket',
      'Tried to order in the app and it crashed at the last step',
      'Prices in the app are different from the website??',
    ],
  },
  {
    stage: 'purchase',
    touchpoint: 'store',
    weights: [1, 0, 0.3],
    negative: 0.2,
    positiveTexts: [
      'Bought the {item} in store and they arranged everything for me',
      'Great service in the showroom when I ordered the dining set',
    ],
    negativeTexts: ['Queued for 20 minutes at the till in the showroom to buy one {item}'],
  },
  {
    stage: 'purchase',
    touchpoint: 'billing',
    weights: [1, 0.3, 4],
    negative: 0.65,
    neutral: 0.2,
    positiveTexts: [
      'The invoice arrived right after I ordered, handy for my expenses',
      'Got a proper VAT invoice for the company order without asking, thank you',
    ],
    negativeTexts: [
      'I was charged twice for order {order}. Please refund the second payment.',
      'Charged twice for the same {item}, and my bank says both payments went through',
      'The amount on my invoice is higher than the price I saw when I ordered',
      'My card was charged but I never got an order confirmation',
      'You charged me for the {item} even though the order was cancelled',
    ],
    neutralTexts: [
      'Can I get an invoice with my company name for order {order}?',
      'Where do I download the invoice for my last order?',
    ],
  },
  {
    stage: 'fulfilment',
    touchpoint: 'delivery',
    weights: [5, 2, 8],
    negative: 0.2,
    positiveTexts: [
      'Delivery was fast, the parcel came a day early.',
      'The courier was friendly and carried the {item} upstairs for me',
      'Parcel arrived on time and well packed',
      'Next day delivery as promised, impressed',
      'The delivery driver called 30 minutes ahead, very helpful',
      'my parcel arrived in {days} days, perfectly packed 😊',
      'Delivery slot was easy to pick and the courier came right on time',
      'The {item} arrived without a scratch, great packaging and a polite courier',
      'Tracking was accurate and the package arrived exactly when it said',
      'delivery was quick and the courier even took the packaging away',
      'Fast delivery, no complaints at all',
      'Ordered on {day}, parcel at my door two days later. Brilliant.',
    ],
    negativeTexts: [
      'My parcel arrived {days} days late and nobody told me why',
      'The courier left the package in the rain outside my door',
      'Delivery was late again. Third time this month.',
      'The box was damaged and the {item} inside was broken',
      'Parcel marked as delivered but it never arrived',
      'the courier didnt even ring the bell, just left a card and took the parcel back',
      'Still waiting for my delivery, order {order}, {days} days now 😡',
      'Damaged box, dented {item}. The new courier clearly throws parcels around',
      'Delivery window was 8am to 6pm and the courier never showed up',
      'Package arrived late and half of the order was missing',
      'Since you switched couriers every delivery has been late or damaged',
      'Where is my parcel?? Tracking has said "out for delivery" for {days} days',
      'The courier left my parcel with a neighbour I have never met',
      'Delivery took over two weeks. Not acceptable for a "next day" service.',
      'Received a crushed box and a scratched {item}. Who is your new delivery company?',
      'the parcel arrived late and soaking wet',
    ],
  },
  {
    stage: 'fulfilment',
    touchpoint: 'billing',
    weights: [1, 0.2, 3],
    negative: 0.5,
    neutral: 0.15,
    positiveTexts: [
      'Returned the {item} and the refund was in my account within 3 days',
      'Refund for my return came through quickly, no questions asked',
    ],
    negativeTexts: [
      'I sent the {item} back {days} days ago and still no refund',
      'Refund for my return is only partial, you kept the shipping fee without telling me',
      'Return was collected weeks ago but the refund is still "processing"',
    ],
    neutralTexts: ['How long does a refund take after I return the {item}?'],
  },
  {
    stage: 'fulfilment',
    touchpoint: 'notifications',
    weights: [1, 1.5, 0.5],
    negative: 0.3,
    positiveTexts: [
      'The push notifications telling me my order was packed and dispatched are great',
      'Love the dispatch notification with the time slot',
    ],
    negativeTexts: [
      'I got no dispatch notification at all, had to keep checking',
      'The push notification said dispatched on {day} but the order was still in the warehouse',
    ],
  },
  {
    stage: 'fulfilment',
    touchpoint: 'email',
    weights: [1, 0, 1],
    negative: 0.25,
    positiveTexts: ['Clear order confirmation email with everything I needed'],
    negativeTexts: [
      'The order confirmation email never arrived, not even in spam',
      'The confirmation email listed the wrong {item} colour',
    ],
  },
  {
    stage: 'usage',
    touchpoint: 'account_login',
    weights: [3, 4, 5],
    negative: 0.7,
    positiveTexts: [
      'Logging in is easy now',
      'The one-time login code arrived instantly and I was in',
      'Log in with Face ID works nicely',
      'The password reset email came straight away and worked',
      'Logging in takes seconds, painless',
      'got the code by text, logged in, done. easy',
      'No trouble logging in any more 👍',
      'Login was smooth this time, well done',
      'The login code step is quick and the app remembers me',
    ],
    negativeTexts: [
      'I cannot log in, it says my password is wrong',
      'The login code never arrives so I cannot log in',
      'Locked out of my account after one wrong password',
      'Password reset link expired before the email even reached me',
      'Still cannot log in since yesterday. What is going on?',
      'the sign in page just reloads after I type my password',
      'Login code arrives 20 minutes later and has already expired 🙄',
      'Tried to log in, "account not found". Seriously?',
      'Had to reset my password three times this week',
      'Login keeps failing with an error',
      "Stuck on the login code screen, can't get into my account at all",
      'I am locked out and the password reset email never comes',
      'cant log in, tried on my tablet and laptop',
    ],
  },
  {
    stage: 'onboarding',
    touchpoint: 'mobile_app',
    weights: [1, 3, 0.3],
    negative: 0.3,
    positiveTexts: [
      'Setting up the app the first time was quick, the tour is helpful',
      'First time using the app and I found everything easily',
      'The welcome screens in the app explain the loyalty plan well',
    ],
    negativeTexts: [
      'Just installed the app and it asks for way too many permissions on first use',
      'First time opening the app it showed a blank screen',
    ],
  },
  {
    stage: 'onboarding',
    touchpoint: 'email',
    weights: [1, 0, 0.2],
    negative: 0.2,
    positiveTexts: ['The welcome email after I joined had a useful discount and tips'],
    negativeTexts: ['Got four welcome emails in one day after joining, a bit much'],
  },
  {
    stage: 'usage',
    touchpoint: 'product',
    weights: [6, 4, 2],
    negative: 0.3,
    neutral: 0.1,
    positiveTexts: [
      'The quality of the {item} is excellent for the price',
      'Love the {item}, it looks even better than in the photos ❤️',
      'We have used the {item} every day for months and it still looks new',
      'the {item} is really well made, very happy',
      'Great quality products, the {item} feels solid',
      'Really comfortable {item}, exactly what we wanted.',
    ],
    negativeTexts: [
      'The {item} started falling apart after two weeks',
      'Poor quality, the {item} scratches really easily',
      'The colour of the {item} is nothing like the pictures',
      'the {item} wobbles no matter what I do, cheap materials',
      'Instructions for the {item} were useless and a screw was missing',
    ],
    neutralTexts: ['Does the {item} come assembled or do I need tools?', 'What size is the {item} exactly?'],
  },
  {
    stage: 'usage',
    touchpoint: 'mobile_app',
    weights: [2, 10, 1],
    negative: 0.45,
    positiveTexts: [
      'Great app, easy to use and fast',
      'The app is really well designed, I use it all the time to browse',
      'Love the room planner in the app',
      'Nice app update, the new wishlist is handy',
      'app works perfectly on my phone',
      'Best home shop app I have used 🙌',
      'The dark mode in the latest app update is lovely',
    ],
    negativeTexts: [
      'The app crashes every time I open my wishlist',
      'Since the last app update everything is slow',
      'app keeps crashing on android',
      'The app drains my battery and freezes when I scroll',
      'The new app update removed the order history. Why?',
      'App crashes when I try to view the {item}. Uninstalling.',
      'Images in the app take forever to load',
    ],
  },
  {
    stage: 'usage',
    touchpoint: 'website',
    weights: [2, 0, 1],
    negative: 0.35,
    positiveTexts: [
      'I like browsing the website for ideas, it is clean and fast',
      'The website makes it easy to find my past orders',
    ],
    negativeTexts: [
      'The website keeps logging me out of my basket page',
      'Your website is very slow in the evenings',
      'Half the pictures on the website do not load on my tablet',
    ],
  },
  {
    stage: 'usage',
    touchpoint: 'notifications',
    weights: [1, 3, 0.2],
    negative: 0.55,
    positiveTexts: [
      'The push notifications about price drops on my wishlist are useful',
      'I like the push notification when something I saved is back in stock',
    ],
    negativeTexts: [
      'Way too many push notifications, I turned them all off',
      'The app sends push notifications at 6am, please stop',
      'I get push notifications for sales I already opted out of',
    ],
  },
  {
    stage: 'usage',
    touchpoint: 'email',
    weights: [1.5, 0, 0.5],
    negative: 0.45,
    positiveTexts: [
      'Your newsletter actually has good decorating ideas',
      'I enjoy the weekly newsletter, nice photos and useful offers',
    ],
    negativeTexts: [
      'Too many marketing emails, I get one every day',
      'Unsubscribed from the newsletter twice and I still get marketing emails',
      'The marketing emails advertise offers that have already ended',
    ],
  },
  {
    stage: 'support',
    touchpoint: 'phone_support',
    weights: [2, 0, 3],
    negative: 0.55,
    positiveTexts: [
      'The agent on the phone sorted everything out in five minutes',
      'Called support and the lady on the phone was lovely and helpful',
      'Phone support was quick to answer and solved my problem',
    ],
    negativeTexts: [
      'I was on hold for {mins} minutes and then the call dropped',
      'The agent on the phone did not know anything about my order',
      'Called three times, got three different answers from phone support',
      'on hold for {mins} minutes. unacceptable.',
      'The phone support line closes at 5pm, useless when you work',
    ],
  },
  {
    stage: 'support',
    touchpoint: 'live_chat',
    weights: [2, 0.5, 3],
    negative: 0.3,
    positiveTexts: [
      'The chat agent was brilliant and fixed my issue right away',
      'Live chat is great, the agent replied within a minute',
      'Thanks to the chat agent for being so patient with me',
    ],
    negativeTexts: [
      'The chat agent just pasted links and then closed the chat',
      'Live chat said "an agent will be with you shortly" for {mins} minutes',
      'The chat bot keeps going in circles and never hands me to a person',
    ],
  },
  {
    stage: 'support',
    touchpoint: 'email_support',
    weights: [1.5, 0, 3],
    negative: 0.5,
    positiveTexts: [
      'Support replied to my email the same day with a clear answer',
      'Very helpful email support, they replied within hours',
    ],
    negativeTexts: [
      'Nobody has replied to my email for {days} days',
      'I emailed support twice and got the same copy-paste answer',
      'Support replied to my email but did not read what I wrote',
    ],
  },
  {
    stage: 'support',
    touchpoint: 'help_center',
    weights: [1, 0.5, 1.5],
    negative: 0.4,
    neutral: 0.15,
    positiveTexts: [
      'Found the answer in your help articles without having to contact anyone',
      'The FAQ explained the returns process clearly',
    ],
    negativeTexts: [
      'The help articles are out of date and do not match the current site',
      'Your FAQ does not answer anything useful',
    ],
    neutralTexts: ['Is there a help article about assembling the {item}?'],
  },
  {
    stage: 'retention',
    touchpoint: 'billing',
    weights: [2, 1, 3],
    negative: 0.5,
    neutral: 0.15,
    positiveTexts: [
      'Happy to renew my Plus membership, the member discounts alone pay for it',
      'Renewed my Pro plan, the discounts are worth it',
      'Will keep my membership, the yearly price is fair',
    ],
    negativeTexts: [
      'My membership renewed automatically without any reminder, I want to cancel',
      'I want to cancel my membership but there is no button for it',
      'You charged me for the Plus renewal after I cancelled my membership',
      'Not renewing, the membership price went up and I get nothing extra',
    ],
    neutralTexts: ['How do I switch my membership from Plus to Pro?', 'When does my membership renew?'],
  },
  {
    stage: 'retention',
    touchpoint: 'product',
    weights: [2, 0.5, 0],
    negative: 0.25,
    positiveTexts: [
      'Will keep ordering from you, everything we bought has lasted',
      'This is my fourth order and I will definitely keep coming back',
      'We keep buying our bedding from you, always good quality',
    ],
    negativeTexts: [
      'After the {item} broke I will not be ordering again',
      'I used to buy all my homeware here but the quality has dropped, going elsewhere',
    ],
  },
  {
    stage: 'advocacy',
    touchpoint: 'product',
    weights: [3, 1, 0],
    negative: 0.1,
    positiveTexts: [
      'I would recommend Northwind Home to friends, the {item} gets compliments all the time',
      'Told my sister about the {item} and she ordered one too',
      'Already recommended you to three friends!',
      'I recommend you to everyone who asks where our {item} is from',
    ],
    negativeTexts: ['I would not recommend the {item} to anyone, sorry'],
  },
  {
    stage: 'advocacy',
    touchpoint: 'social_media',
    weights: [1, 0.3, 0],
    negative: 0.1,
    positiveTexts: [
      'Posted our new living room on Instagram and tagged you, everyone asked where the {item} was from',
      'Shared your Facebook page with my family group',
    ],
    negativeTexts: ['Posted a warning on Facebook so my friends do not make the same mistake'],
  },
  {
    stage: 'unknown',
    touchpoint: 'unknown',
    weights: [1.5, 1.5, 0.3],
    negative: 0.4,
    positiveTexts: ['Great!', 'love it', 'All good, thanks', 'Very happy overall', '10/10'],
    negativeTexts: ['Terrible.', 'meh', 'Not impressed', 'Disappointed overall'],
  },
];

/** Two-clause items. The first cell is the one the item is generated for. */
export const MIXED: readonly {
  cell: string;
  polarity: Polarity;
  other: string;
  otherPolarity: Polarity;
  text: string;
}[] = [
  {
    cell: DELIVERY,
    polarity: 'negative',
    other: 'purchase/checkout',
    otherPolarity: 'positive',
    text: 'Checkout was quick but the parcel arrived two weeks late',
  },
  {
    cell: DELIVERY,
    polarity: 'negative',
    other: 'usage/product',
    otherPolarity: 'positive',
    text: 'Love the {item}, but the courier dumped the box on the doorstep and it was dented',
  },
  {
    cell: DELIVERY,
    polarity: 'positive',
    other: 'usage/product',
    otherPolarity: 'negative',
    text: 'Delivery was super fast but the {item} itself is flimsy',
  },
  {
    cell: LOGIN,
    polarity: 'negative',
    other: 'usage/mobile_app',
    otherPolarity: 'positive',
    text: 'Nice looking app, but I could not log in for two days because the verification code never came',
  },
  {
    cell: 'usage/product',
    polarity: 'positive',
    other: 'support/phone_support',
    otherPolarity: 'negative',
    text: 'The {item} is gorgeous. Getting through to phone support about the missing screws took {mins} minutes on hold though.',
  },
  {
    cell: 'support/live_chat',
    polarity: 'positive',
    other: 'purchase/billing',
    otherPolarity: 'negative',
    text: 'You charged me twice, which was annoying, but the chat agent refunded it in minutes',
  },
  {
    cell: 'usage/mobile_app',
    polarity: 'negative',
    other: 'usage/product',
    otherPolarity: 'positive',
    text: 'great products, shame the app crashes so much',
  },
];

/** The planted story: a cell whose negative share and volume change on a given day. */
export const STORY: readonly {
  cell: string;
  from: string;
  before: { negative: number; volume: number };
  after: { negative: number; volume: number };
}[] = [
  {
    cell: DELIVERY,
    from: '2026-06-01',
    before: { negative: 0.2, volume: 1 },
    after: { negative: 0.7, volume: 2 },
  },
  {
    cell: LOGIN,
    from: '2026-05-04',
    before: { negative: 0.7, volume: 1 },
    after: { negative: 0.15, volume: 0.5 },
  },
];

// ---------------------------------------------------------------------------------------------
// Customers, calendar and ratings
// ---------------------------------------------------------------------------------------------

interface Customer {
  id: string;
  plan: string;
  region: string;
  persona: string;
}

function makeCustomers(rnd: Random): Customer[] {
  return Array.from({ length: 1500 }, (_, i) => {
    const persona = weighted(rnd, ['new_customer', 'regular', 'business'], [25, 60, 15]);
    const plan = weighted(rnd, ['free', 'plus', 'pro'], persona === 'business' ? [10, 30, 60] : [60, 32, 8]);
    const region = weighted(rnd, ['north', 'south', 'east', 'west'], [30, 25, 20, 25]);
    return { id: `C-${String(10001 + i)}`, plan, region, persona };
  });
}

/** Regulars write more often than the long tail; onboarding feedback comes from new customers. */
function pickCustomer(
  rnd: Random,
  customers: readonly Customer[],
  newcomers: readonly Customer[],
  cell: Cell,
) {
  if (cell.stage === 'onboarding' && rnd() < 0.85) return pick(rnd, newcomers);
  return customers[Math.floor(customers.length * rnd() ** 1.6)]!;
}

const WEEKDAY_FACTOR: Record<SourceName, readonly number[]> = {
  // Sunday first, as Date.getUTCDay() counts.
  survey: [0.45, 1.2, 1.2, 1.2, 1.2, 1.2, 0.55],
  'app-review': [0.9, 1.05, 1.05, 1.05, 1.05, 1.05, 0.95],
  'support-ticket': [0.4, 1.25, 1.2, 1.2, 1.2, 1.15, 0.6],
};

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 4, 6, 7, 7, 7, 6, 6, 6, 5, 5, 5, 6, 6, 5, 3, 2];

function timestampOn(rnd: Random, dayStart: number): string {
  const seconds = weighted(rnd, HOURS, HOUR_WEIGHTS) * 3600 + between(rnd, 0, 3599);
  return new Date(dayStart + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** NPS 0..10 and app-store stars 1..5 that agree with what the text says, most of the time. */
function surveyRating(rnd: Random, polarity: Polarity): number {
  if (polarity === 'negative') return weighted(rnd, [0, 1, 2, 3, 4, 5, 6, 7], [8, 5, 9, 12, 12, 12, 9, 3]);
  if (polarity === 'neutral') return between(rnd, 6, 8);
  return weighted(rnd, [7, 8, 9, 10], [1, 4, 8, 9]);
}

function starRating(rnd: Random, polarity: Polarity): number {
  if (polarity === 'negative') return weighted(rnd, [1, 2, 3], [60, 30, 10]);
  if (polarity === 'neutral') return weighted(rnd, [2, 3, 4], [20, 60, 20]);
  return weighted(rnd, [3, 4, 5], [3, 32, 65]);
}

// ---------------------------------------------------------------------------------------------
// Text: fill a template's slots, then make it read like something a person typed.
// ---------------------------------------------------------------------------------------------

const ITEMS = [
  'floor lamp',
  'sofa',
  'rug',
  'duvet',
  'kettle',
  'bookshelf',
  'dining table',
  'bedside table',
  'lampshade',
  'mirror',
  'armchair',
  'bath mat',
  'desk',
  'pillow',
  'wardrobe',
  'coffee table',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TYPOS: readonly (readonly [string, string])[] = [
  ['the ', 'teh '],
  ['received', 'recieved'],
  ['really', 'realy'],
  ['because', 'becuase'],
  ['definitely', 'definately'],
  ['arrived', 'arived'],
  ['and ', 'adn '],
  ['after', 'afer'],
];
const EMOJI: Record<Polarity, readonly string[]> = {
  positive: ['😊', '👍', '❤️', '🙌', '⭐⭐⭐⭐⭐'],
  negative: ['😡', '🙄', '😞', '👎', '🤬'],
  neutral: ['🙂', '🤔'],
};
const TICKET_OPENERS = ['Hi,\n', 'Hello, ', 'Hi team, ', 'Order {order}: ', '', '', '', ''];
const TICKET_CLOSERS: Record<Polarity, readonly string[]> = {
  positive: [' Thanks!', ' Thanks again.', ''],
  negative: [
    ' Please sort this out.',
    ' Can someone get back to me?',
    '\nThanks,\nJo',
    ' This is really frustrating.',
    '',
    '',
  ],
  neutral: [' Thanks.', '\nKind regards,\nSam', ''],
};

/** `item` keeps one product across the sentences of one text. */
function fill(rnd: Random, template: string, item = pick(rnd, ITEMS)): string {
  return template
    .replaceAll('{item}', item)
    .replaceAll('{days}', () => String(between(rnd, 4, 16)))
    .replaceAll('{mins}', () => String(between(rnd, 25, 75)))
    .replaceAll('{order}', () => `NW-${between(rnd, 100000, 999999)}`)
    .replaceAll('{day}', () => pick(rnd, WEEKDAYS));
}

const ENDS_SENTENCE = /(?:[.!?]|\p{Extended_Pictographic}|\uFE0F)$/u;

function humanize(rnd: Random, text: string, polarity: Polarity, source: SourceName): string {
  let out = text;
  if (rnd() < 0.08) {
    const typo = TYPOS.find(([right]) => out.includes(right));
    if (typo) out = out.replace(typo[0], typo[1]);
  }
  if (rnd() < 0.12) out = out.toLowerCase();
  if (polarity === 'negative' && rnd() < 0.06) out = out.replace(/[.!]?$/, '!!!');
  if (rnd() < 0.07) out = `${out} ${pick(rnd, EMOJI[polarity])}`;
  if (source === 'support-ticket') {
    const closer = pick(rnd, TICKET_CLOSERS[polarity]);
    if (closer !== '' && !ENDS_SENTENCE.test(out)) out += '.';
    const opener = fill(rnd, pick(rnd, TICKET_OPENERS));
    if (opener.endsWith(', ')) out = out.charAt(0).toLowerCase() + out.slice(1);
    out = opener + out + closer;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

interface SourceSpec {
  source: SourceName;
  file: string;
  idPrefix: string;
  /** Column of Cell.weights. */
  column: 0 | 1 | 2;
  /** Mean items a day, before weekday and weekly noise. */
  perDay: number;
}

const SOURCES: readonly SourceSpec[] = [
  { source: 'survey', file: 'survey-responses.csv', idPrefix: 'S', column: 0, perDay: 6.5 },
  { source: 'app-review', file: 'app-reviews.csv', idPrefix: 'R', column: 1, perDay: 4.8 },
  { source: 'support-ticket', file: 'support-tickets.csv', idPrefix: 'T', column: 2, perDay: 7.5 },
];

export const cellKey = (stage: StageOrUnknown, touchpoint: TouchpointOrUnknown): string =>
  `${stage}/${touchpoint}`;

const CELL_BY_KEY = new Map(CELLS.map((cell) => [cellKey(cell.stage, cell.touchpoint), cell]));

/** Negative share and volume factor of a cell on a day (YYYY-MM-DD). */
export function cellRatesOn(key: string, day: string): { negative: number; volume: number } {
  const story = STORY.find((s) => s.cell === key);
  if (story) return day < story.from ? story.before : story.after;
  return { negative: CELL_BY_KEY.get(key)?.negative ?? 0, volume: 1 };
}

interface Row {
  label: DemoLabel;
  customer: Customer;
  channel: string;
  rating: string;
  text: string;
}

interface Context {
  rnd: Random;
  spec: SourceSpec;
  customers: readonly Customer[];
  newcomers: readonly Customer[];
}

function choosePolarity(rnd: Random, cell: Cell, negative: number): Polarity {
  const u = rnd();
  if (u < negative) return 'negative';
  if (cell.neutralTexts && u < negative + (cell.neutral ?? 0)) return 'neutral';
  return 'positive';
}

function templatesOf(cell: Cell, polarity: Polarity): readonly string[] {
  if (polarity === 'negative') return cell.negativeTexts;
  if (polarity === 'neutral') return cell.neutralTexts ?? [];
  return cell.positiveTexts;
}

function writeText(
  rnd: Random,
  cell: Cell,
  polarity: Polarity,
): Pick<DemoLabel, 'template' | 'mixedWith'> & {
  text: string;
} {
  const key = cellKey(cell.stage, cell.touchpoint);
  const mixed = MIXED.map((m, i) => [m, i] as const).filter(
    ([m]) => m.cell === key && m.polarity === polarity,
  );
  if (mixed.length > 0 && rnd() < 0.1) {
    const [m, i] = pick(rnd, mixed);
    const other = CELL_BY_KEY.get(m.other)!;
    const mixedWith = { stage: other.stage, touchpoint: other.touchpoint, polarity: m.otherPolarity };
    return { template: `mixed#${i}`, mixedWith, text: fill(rnd, m.text) };
  }
  const templates = templatesOf(cell, polarity);
  const index = Math.floor(rnd() * templates.length);
  const item = pick(rnd, ITEMS);
  let text = fill(rnd, templates[index]!, item);
  if (templates.length > 2 && cell.stage !== 'unknown' && rnd() < 0.2) {
    const second = templates[(index + 1 + Math.floor(rnd() * (templates.length - 1))) % templates.length]!;
    text = `${ENDS_SENTENCE.test(text) ? text : `${text}.`} ${fill(rnd, second, item)}`;
  }
  return { template: `${key}/${polarity}#${index}`, text };
}

const TICKET_CHANNEL: Partial<Record<TouchpointOrUnknown, string>> = {
  phone_support: 'phone',
  live_chat: 'chat',
  email_support: 'email',
  help_center: 'web',
};

function channelOf(rnd: Random, source: SourceName, cell: Cell): string {
  if (source === 'survey') return 'survey';
  if (source === 'app-review') return 'app_review';
  return (
    TICKET_CHANNEL[cell.touchpoint] ?? weighted(rnd, ['email', 'chat', 'phone', 'web'], [45, 30, 15, 10])
  );
}

function makeRow(ctx: Context, cell: Cell, dayStart: number, negative: number): Row {
  const { rnd, spec } = ctx;
  const polarity = choosePolarity(rnd, cell, negative);
  const written = writeText(rnd, cell, polarity);
  const createdAt = timestampOn(rnd, dayStart);
  const customer = pickCustomer(rnd, ctx.customers, ctx.newcomers, cell);
  const rating =
    spec.source === 'survey'
      ? String(surveyRating(rnd, polarity))
      : spec.source === 'app-review'
        ? String(starRating(rnd, polarity))
        : '';
  const label: DemoLabel = {
    id: '',
    createdAt,
    stage: cell.stage,
    touchpoint: cell.touchpoint,
    polarity,
    template: written.template,
  };
  if (written.mixedWith) label.mixedWith = written.mixedWith;
  const text = humanize(rnd, written.text, written.mixedWith ? 'neutral' : polarity, spec.source);
  return { label, customer, channel: channelOf(rnd, spec.source, cell), rating, text };
}

function generateRows(spec: SourceSpec, customers: readonly Customer[]): Row[] {
  const rnd = seededRandom(seedOf(`${SEED}/${spec.source}`));
  const ctx: Context = {
    rnd,
    spec,
    customers,
    newcomers: customers.filter((c) => c.persona === 'new_customer'),
  };
  const cells = CELLS.filter((cell) => cell.weights[spec.column] > 0);
  const totalWeight = cells.reduce((sum, cell) => sum + cell.weights[spec.column], 0);
  const weeklyNoise = Array.from({ length: DAYS / 7 }, () => 0.88 + 0.24 * rnd());
  const start = Date.parse(DEMO_WINDOW.start);
  const rows: Row[] = [];
  for (let d = 0; d < DAYS; d++) {
    const dayStart = start + d * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const factor =
      WEEKDAY_FACTOR[spec.source][new Date(dayStart).getUTCDay()]! * weeklyNoise[Math.floor(d / 7)]!;
    for (const cell of cells) {
      const rates = cellRatesOn(cellKey(cell.stage, cell.touchpoint), day);
      const lambda = (spec.perDay * cell.weights[spec.column] * factor * rates.volume) / totalWeight;
      const n = poisson(rnd, lambda);
      for (let i = 0; i < n; i++) rows.push(makeRow(ctx, cell, dayStart, rates.negative));
    }
  }
  return rows.sort((a, b) =>
    a.label.createdAt < b.label.createdAt ? -1 : a.label.createdAt > b.label.createdAt ? 1 : 0,
  );
}

/** RFC 4180: quote a cell that holds a comma, a quote, CR or LF; double the quotes inside. */
export function quoteCsv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The whole demo data set, in memory: pure and deterministic. */
export function generateDemo(): DemoFile[] {
  const customers = makeCustomers(seededRandom(seedOf(`${SEED}/customers`)));
  return SOURCES.map((spec) => {
    const rows = generateRows(spec, customers);
    const lines = rows.map((row, i) => {
      row.label.id = `${spec.idPrefix}-${String(i + 1).padStart(6, '0')}`;
      const { plan, region, persona } = row.customer;
      const cells = [
        row.label.id,
        spec.source,
        row.label.createdAt,
        row.customer.id,
        row.channel,
        plan,
        region,
        persona,
        row.rating,
        row.text,
      ];
      return cells.map(quoteCsv).join(',');
    });
    return {
      file: spec.file,
      content: `${[DEMO_HEADER, ...lines].join('\n')}\n`,
      labels: rows.map((r) => r.label),
    };
  });
}

function writeDemo(): void {
  const dir = new URL('../fixtures/demo/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const { file, content, labels } of generateDemo()) {
    writeFileSync(new URL(file, dir), content);
    process.stderr.write(`wrote fixtures/demo/${file}: ${labels.length} items\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) writeDemo();
