/**
 * The `volcal` command: dispatches to one module per subcommand. Each command is a function from
 * arguments and an output sink to an exit code, so tests run commands in-process without spawning.
 */
import { runCommand } from './run-command.ts';

// A closed pipe (`volcal history … | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
