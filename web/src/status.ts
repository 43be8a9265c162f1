// What a failed request means to the reader.
import { ApiError } from './api.js';

export function explain(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'The token was refused: enter a read token.';
  if (error instanceof ApiError && error.status === 503)
    return 'The server cannot reach its database; retrying helps.';
  return (error as Error).message;
}
