// Removing company-written text: quoted e-mail replies and HTML markup.
import { convert } from 'html-to-text';

const QUOTE_HEADER =
  /^\s*(on .{3,200} wrote:|-{2,}\s*original message\s*-{2,}|am .{3,200} schrieb .{1,100}:|le .{3,200} a écrit ?:)\s*$/i;

/** Drops `>` quoted lines and the "On … wrote:" line that introduces them. */
export function stripQuotedReply(text: string): string {
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) continue;
    if (QUOTE_HEADER.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** HTML (Intercom message bodies) → plain text: tags removed, entities decoded, links without URLs. */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'blockquote', format: 'skip' },
    ],
  }).trim();
}
