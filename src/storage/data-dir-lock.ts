// One process per embedded data folder: PGlite is a single-connection Postgres inside the process,
// and two processes writing the same folder can corrupt it. A lock file holds the owner's pid.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock (a stale one, left by a process that died, is taken over); returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'painmap.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(
          `${dataDir} is in use by another painmap process (pid ${owner}): stop it first, or set ` +
            'PAINMAP_DATA_DIR to another folder. One embedded database serves one process.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock ${dataDir}: another process keeps taking ${path}.`);
}
