// What the HTTP server and its routes use of a runtime: src/runtime.ts builds it (role 'api'), and
// api/embedded-runtime.ts the zero-setup one (PGlite, jobs in this process; `redis` is null).
import type { Runtime } from '../runtime.js';

export type ApiRuntime = Pick<Runtime, 'config' | 'db' | 'log' | 'redis' | 'dispatcher' | 'close'>;
