// Arrival channels of tickets and chats, from API via types and UI display names to one vocabulary.

const CHANNELS: ReadonlyArray<[RegExp, string]> = [
  [/^(e-?mail|mail|email_support|outbound e-?mail)$/, 'email'],
  [
    /^(web|web ?form|web_form|portal|feedback ?widget|web_widget|web_service|forum|help ?center|helpcenter)$/,
    'web',
  ],
  [
    /^(chat|live ?chat|chat_transcript|native_messaging|messaging|conversation|messenger|whatsapp|sms|line|wechat)$/,
    'chat',
  ],
  [/^(voice|phone|phone call.*|voicemail|call|phone_call|voice_inbound|voice_outbound)$/, 'phone'],
  [/^(api|rule|closed ?ticket|linked_problem|sample_ticket|merge|side_conversation)$/, 'api'],
  [/^(mobile|mobile_sdk|mobile sdk|mobihelp|mobile app|push)$/, 'mobile'],
  [
    /^(twitter|facebook|instagram|x|social|facebook_post|facebook_message|twitter_dm|instagram_dm)$/,
    'social',
  ],
];

/** Zendesk numeric via ids (via-types reference) for the few that matter. */
const ZENDESK_VIA_IDS: Readonly<Record<string, string>> = {
  '0': 'web',
  '4': 'email',
  '5': 'api',
  '8': 'web',
  '16': 'web',
  '17': 'web',
  '29': 'chat',
  '30': 'social',
  '33': 'phone',
  '34': 'phone',
  '35': 'phone',
  '44': 'phone',
  '45': 'phone',
  '46': 'phone',
  '55': 'api',
  '56': 'social',
  '57': 'social',
};

/** A source's channel value in painmap's vocabulary (email, web, chat, phone, api, mobile, social); else lower-cased. */
export function normalizeChannel(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const v = String(raw).trim().toLowerCase();
  if (v === '') return null;
  if (/^\d+$/.test(v)) return ZENDESK_VIA_IDS[v] ?? 'other';
  for (const [pattern, channel] of CHANNELS) if (pattern.test(v)) return channel;
  return v.replace(/\s+/g, '_');
}

/** Messages the company sent first (Freshdesk `Outbound Email`, Intercom `admin_initiated`). */
export function isCompanyInitiated(raw: string | null | undefined): boolean {
  return /^(outbound[ _-]?e-?mail|admin_initiated|outbound|proactive)$/i.test((raw ?? '').trim());
}

export interface SkipReason {
  code: string;
  reason: string;
}

const TRUE = /^(true|yes|1|y)$/i;

/**
 * A ticket the helpdesk marks deleted or spam (Zendesk `status: deleted`, Freshdesk `spam`/`deleted`
 * flags or a Spam/Deleted status): its placeholder or junk text is not customer feedback.
 */
export function removedTicketReason(
  tool: string,
  status: string | null | undefined,
  flags: { spam?: unknown; deleted?: unknown } = {},
): SkipReason | undefined {
  const s = (status ?? '').trim().toLowerCase();
  const flag = (v: unknown) => v === true || (typeof v === 'string' && TRUE.test(v.trim()));
  if (s === 'deleted' || s === 'trash' || flag(flags.deleted)) {
    return {
      code: 'deleted_ticket',
      reason: `The ticket was deleted in ${tool}; its text is a placeholder, not feedback.`,
    };
  }
  if (s === 'spam' || flag(flags.spam)) {
    return { code: 'spam_ticket', reason: `${tool} marks the ticket as spam; it is not feedback.` };
  }
  return undefined;
}
