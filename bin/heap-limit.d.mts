// Types for heap-limit.mjs (plain JavaScript: the bin runs it before any TypeScript loader).
export declare const DEFAULT_MAX_OLD_SPACE_MB: number;
export declare function nodeOptionsWithHeapLimit(
  nodeOptions?: string,
  execArgv?: readonly string[],
): string | undefined;
export declare function runWithHeapLimit(entry: () => Promise<unknown>): Promise<unknown>;
