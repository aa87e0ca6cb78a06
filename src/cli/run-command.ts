import type { CliIo } from './io.ts';

export const usage = `volcal: calibrates option-pricing models to crypto derivatives markets

Usage: volcal <command> [options]

Commands:
  inspect <file>          forwards, kept and dropped quotes, implied vols per currency and expiry
  iv --input <file.csv>   implied volatilities for rows forward,strike,expiry_years,type,price
  price --model M --params JSON --input <file.csv>   model prices for rows forward,strike,expiry_years,type
  fit <file> --currency C --model M   calibrate smiles (svi, sabr), a surface (ssvi, essvi,
                          svi-surface) or a stochastic model (heston, bates, merton, kou, vg) and report the fit
  backtest <files...>     replay snapshots in time order: warm-started and regularised calibrations of
                          each currency and model, with out-of-sample scores, into the history store
  history --currency C --model M   the stored calibration series (text table or JSON lines)
  history --report <file.html>     the backtest report: model-selection tables and charts of the history
  help                    this text
  version                 volcal's version

Run 'volcal <command> --help' for a command's options.
`;

export const volcalVersion = '0.1.0';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands = new Map<string, () => Promise<Command>>([
  ['inspect', async () => (await import('./commands/inspect.ts')).inspectCommand],
  ['iv', async () => (await import('./commands/iv.ts')).ivCommand],
  ['price', async () => (await import('./commands/price.ts')).priceCommand],
  ['fit', async () => (await import('./commands/fit.ts')).fitCommand],
  ['backtest', async () => (await import('./commands/backtest.ts')).backtestCommand],
  ['history', async () => (await import('./commands/history.ts')).historyCommand],
]);

/** Runs one CLI invocation; returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage);
    return 0;
  }
  if (name === 'version' || name === '--version') {
    io.stdout(`${volcalVersion}\n`);
    return 0;
  }
  const load = commands.get(name);
  if (load === undefined) {
    io.stderr(`volcal: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  const command = await load();
  return command(rest, io);
}
