// Which errors pause a queue (a service is down) and which fail a job at once (bad input).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileRejectedError } from '../../../src/ingest/types.js';
import { classifyError, isInfrastructureError, ServiceUnavailableError } from '../../../src/queue/errors.js';

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

describe('one classification for the workers and the API', () => {
  // The union of the two code lists there used to be (queue/errors.ts and api/infra-errors.ts).
  // Written by kind, not copied from the module's list: this table is the spec the list must meet.
  const sockets = ['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT'];
  const routesAndNames = ['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
  const postgresStates = ['57P01', '57P02', '57P03', '53300', '08001', '08006'];
  it.each([...sockets, ...routesAndNames, ...postgresStates])(
    'code %s pauses a queue and answers 503',
    (code) => {
      const error = withCode(`failed with ${code}`, code);
      expect(classifyError(error)).toBe('infrastructure');
      expect(isInfrastructureError(error)).toBe(true);
    },
  );

  it.each([
    "Stream isn't writeable and enableOfflineQueue options is false",
    'Connection is closed.',
    'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
    'connect ETIMEDOUT',
    'timeout exceeded when trying to connect',
    'Connection terminated unexpectedly',
    'Client has encountered a connection error and is not queryable',
    'the database system is shutting down',
  ])('the message "%s" (no code) pauses a queue and answers 503', (message) => {
    expect(isInfrastructureError(new Error(message))).toBe(true);
  });

  it('names an outage by its class too: ioredis MaxRetriesPerRequestError, our ServiceUnavailableError', () => {
    const maxRetries = Object.assign(new Error('gave up'), { name: 'MaxRetriesPerRequestError' });
    expect(classifyError(maxRetries)).toBe('infrastructure');
    expect(classifyError(new ServiceUnavailableError('Redis did not answer in 3000 ms'))).toBe(
      'infrastructure',
    );
  });

  it('finds an outage in any error of an AggregateError, not only the first', () => {
    const error = new AggregateError([new Error('other'), withCode('connect ECONNREFUSED', 'ECONNREFUSED')]);
    expect(classifyError(error)).toBe('infrastructure');
  });

  it('keeps bad input and bugs out of the 503s', () => {
    expect(isInfrastructureError(withCode('invalid input syntax', '22P02'))).toBe(false);
    expect(isInfrastructureError(new TypeError('x is undefined'))).toBe(false);
  });
});
