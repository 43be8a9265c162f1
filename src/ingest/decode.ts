// The only ingest module that touches the file system: opens bytes, sniffs the encoding and
// decodes to text chunks (BOM → strict UTF-8 → windows-1252), enforcing byte and NUL rules.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { FileRejectedError } from './types.js';

export type ExportInput = { path: string } | { bytes: Uint8Array };

export interface ByteSource {
  /** The first bytes of the file, for sniffing. */
  head: Buffer;
  size: number;
  /** A fresh stream of the whole file, from byte 0. */
  readChunks(): AsyncIterable<Buffer>;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const HEAD_BYTES = 256 * 1024;
const CHUNK_BYTES = 256 * 1024;

/** Opens a path (streamed, never read whole) or an in-memory byte array. */
export async function openByteSource(input: ExportInput): Promise<ByteSource> {
  if ('bytes' in input) {
    const all = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
    return {
      head: all.subarray(0, HEAD_BYTES),
      size: all.length,
      async *readChunks() {
        for (let i = 0; i < all.length; i += CHUNK_BYTES) yield all.subarray(i, i + CHUNK_BYTES);
      },
    };
  }
  const { size } = await stat(input.path);
  const handle = await open(input.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return {
      head: head.subarray(0, bytesRead),
      size,
      readChunks: () => createReadStream(input.path, { highWaterMark: CHUNK_BYTES }),
    };
  } finally {
    await handle.close();
  }
}

const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx workbook?); export it as CSV'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'gzip-compressed; decompress it first'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Excel/Office file; export it as CSV'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
];

/** Decides the encoding from the head bytes, or rejects files that are not text. */
export function sniffEncoding(head: Buffer): { encoding: Encoding; bomLength: number } {
  if (head.length === 0) throw new FileRejectedError('empty_file', 'The file is empty.');
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  for (const [bytes, what] of MAGIC) {
    if (bytes.every((b, i) => head[i] === b)) {
      throw new FileRejectedError('binary_data', `The file is ${what}, not a text export.`, 1);
    }
  }
  assertNoNul(head);
  return { encoding: isUtf8(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function assertNoNul(head: Buffer): void {
  const at = head.indexOf(0);
  if (at < 0) return;
  const nulRatio = countByte(head, 0) / head.length;
  const line = countByte(head.subarray(0, at), 0x0a) + 1;
  if (nulRatio > 0.2) {
    const guess = looksLikeUtf16(head) ?? chardet.detect(head) ?? 'binary';
    if (/utf-16|utf-32/i.test(guess)) {
      throw new FileRejectedError(
        'unsupported_encoding',
        `The file looks like ${guess} without a byte-order mark; re-save it as UTF-8 (or UTF-16 with BOM).`,
        line,
      );
    }
    throw new FileRejectedError('binary_data', 'The file holds binary data, not a text export.', line);
  }
  throw new FileRejectedError('nul_byte', 'The file contains a NUL byte; text exports never do.', line);
}

/** ASCII-range text in UTF-16 has a NUL in every other byte: odd positions for LE, even for BE. */
function looksLikeUtf16(head: Buffer): string | null {
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.6 && even < pairs * 0.1) return 'UTF-16LE';
  if (even > pairs * 0.6 && odd < pairs * 0.1) return 'UTF-16BE';
  return null;
}

function isUtf8(head: Buffer): boolean {
  // The head may end inside a multi-byte character: drop up to 3 trailing bytes of an incomplete one.
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back]!;
    if (b < 0x80) break;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (need > back) end -= back;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

function countByte(buf: Buffer, byte: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i >= 0; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}

/** Decodes the head for sniffing (an incomplete trailing character is dropped). */
export function decodeHead(head: Buffer, encoding: Encoding): string {
  return createDecoder(encoding)
    .write(head)
    .replace(/^\uFEFF/, '');
}

interface TextDecoderLike {
  write(chunk: Buffer): string;
  end(): string;
}

function createDecoder(encoding: Encoding): TextDecoderLike {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: true });
    return { write: (c) => d.decode(c, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding);
  return { write: (c) => d.write(c), end: () => d.end() ?? '' };
}

/** Streams decoded text; throws FileRejectedError on invalid UTF-8, NUL bytes or the byte cap. */
export async function* decodeChunks(
  chunks: AsyncIterable<Buffer>,
  encoding: Encoding,
  maxBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  let bytes = 0;
  let lines = 0;
  let first = true;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      throw new FileRejectedError('too_large', `The file is over the ${maxBytes}-byte limit.`, lines + 1);
    }
    let text: string;
    try {
      text = decoder.write(chunk);
    } catch {
      throw invalidUtf8(chunk, lines);
    }
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    checkNul(text, lines);
    lines += countNewlines(text);
    if (text !== '') yield text;
  }
  let tail: string;
  try {
    tail = decoder.end();
  } catch {
    throw new FileRejectedError(
      'invalid_utf8',
      'The file ends inside an incomplete UTF-8 character.',
      lines + 1,
    );
  }
  if (tail !== '') yield tail;
}

function invalidUtf8(chunk: Buffer, linesBefore: number): FileRejectedError {
  const lenient = new TextDecoder('utf-8').decode(chunk);
  const at = lenient.indexOf('\uFFFD');
  const line = linesBefore + countNewlines(at < 0 ? '' : lenient.slice(0, at)) + 1;
  return new FileRejectedError(
    'invalid_utf8',
    'The file starts as UTF-8 but holds bytes that are not UTF-8; re-save the whole file as UTF-8.',
    line,
  );
}

function checkNul(text: string, linesBefore: number): void {
  const at = text.indexOf('\0');
  if (at < 0) return;
  const line = linesBefore + countNewlines(text.slice(0, at)) + 1;
  throw new FileRejectedError('nul_byte', 'The file contains a NUL byte; text exports never do.', line);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
