/** Flag parsing shared by the commands: node:util's parseArgs with volcal's usage-error and --help handling. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';

export type CommandArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * Parses a command's flags. Returns the parsed values, or the exit code when the command is done: 0 after
 * printing the usage for `--help`, 2 after printing the error and the usage for an unknown or malformed flag.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(command: string, usage: string, config: T, io: CliIo): CommandArgs<T> | number {
  let parsed: CommandArgs<T>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    io.stderr(`volcal ${command}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
}
