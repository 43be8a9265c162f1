// What the HTTP server and its routes use of a runtime: src/runtime.ts builds it (role 'api'), and
// api/embedded-runtime.ts the zero-setup one (PGlite, jobs in this process; `redis` is null).
import type { Runtime } from '../runtime.js';

// `db` takes the writes (uploads, items, erasure) and the status of uploads and runs a client polls
// right after its own write; `readDb` every other read, which DATABASE_READ_URL sends to a replica.
export type ApiRuntime = Pick<Runtime, 'config' | 'db' | 'readDb' | 'log' | 'redis' | 'dispatcher' | 'close'>;
