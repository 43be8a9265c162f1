// The plain dependency object every pipeline step takes first. Built once per process.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Dispatcher } from '../queue/dispatcher.js';
import type { Db } from '../storage/db.js';
import type { TagInput, TagResult } from '../tagging/types.js';

export interface Deps {
  config: Config;
  db: Db;
  log: Logger;
  dispatcher: Dispatcher;
  tag: (input: TagInput) => TagResult;
}
