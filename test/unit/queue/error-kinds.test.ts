// Which errors pause a queue (a service is down) and which fail a job at once (bad input).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileRejectedError } from '../../../src/ingest/types.js';
import { classifyError } from '../../../src/queue/errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it.each([
    ['a refused socket', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    [
      'Postgres shutting down (57P01)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['Postgres starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a pg connection cut without a code', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['an ioredis closed connection', new Error('Connection is closed.')],
    ['a cause chain', new Error('query failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('%s is infrastructure', (_, error) => {
    expect(classifyError(error)).toBe('infrastructure');
  });

  it.each([
    ['a NUL in text (22021)', withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021')],
    ['a bad jsonb escape (22P05)', withCode('unsupported Unicode escape sequence', '22P05')],
    ['a not-null violation (23502)', withCode('null value in column', '23502')],
    ['an index row too large (54000)', withCode('index row size exceeds btree maximum', '54000')],
    ['a payload that fails its schema', (() => z.object({ a: z.number() }).safeParse({}).error)()],
    ['a rejected file', new FileRejectedError('nul_byte', 'NUL byte at line 2')],
  ])('%s is data', (_, error) => {
    expect(classifyError(error)).toBe('data');
  });

  it.each([
    ['a deadlock (40P01), retried with backoff', withCode('deadlock detected', '40P01')],
    ['a unique violation (23505), possibly a race', withCode('duplicate key value', '23505')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a thrown string', 'boom'],
  ])('%s is neither', (_, error) => {
    expect(classifyError(error)).toBe('other');
  });
});
