// Option parsers shared by several commands.
import { InvalidArgumentError } from 'commander';

/** `--segment plan=pro` (repeatable): accumulates key=value pairs. */
export const keyValue = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};
