/** Test support: the fit document of the committed sample chain (SVI, BTC, with the grid), as the CLI makes it. */
import { fileURLToPath } from 'node:url';
import { readChainFile } from '../io/read-chain.ts';
import { fitChain, type FitModelName } from '../app/fit-chain.ts';
import type { FitDocument } from '../app/fit-document.ts';

export const sampleChain = fileURLToPath(new URL('../../testdata/sample-chain.csv', import.meta.url));

export async function sampleFitDocument(
  options: { readonly grid?: boolean; readonly currency?: string; readonly model?: FitModelName } = {},
): Promise<FitDocument> {
  const read = await readChainFile(sampleChain);
  if (read.snapshot === null) throw new Error(`cannot read ${sampleChain}`);
  // A fixed clock: the times in the document are then 0 and the document is the same on every run.
  const result = fitChain(read.snapshot, { model: options.model ?? 'svi', currency: options.currency ?? 'BTC', grid: options.grid ?? true, clock: () => 0 });
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}
