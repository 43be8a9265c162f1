import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../../src/storage/data-dir-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'painmap-lock-'));

describe('lockDataDir', () => {
  it('holds the folder with this pid and lets go on release', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'painmap.lock'), 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(join(dir, 'painmap.lock'))).toBe(false);
  });

  it('refuses a folder a live process holds, naming its pid', () => {
    const dir = folder();
    writeFileSync(join(dir, 'painmap.lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`in use by another painmap process (pid ${process.ppid})`);
  });

  it('takes over the lock of a process that died without releasing it', () => {
    const dir = folder();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'painmap.lock'), `${dead.stdout.toString()}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'painmap.lock'), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
