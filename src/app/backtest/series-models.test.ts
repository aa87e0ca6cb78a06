import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { heston } from '../../core/pricing/fourier/heston.ts';
import { modelSurface } from '../../core/calibration/testing/model-surface.ts';
import { seriesModel, type SeriesFit, type SeriesFitResult } from './series-models.ts';

function ok(result: SeriesFitResult): SeriesFit {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

describe('stochastic series: the drift trigger measures the structural parameters, not the level', () => {
  // Heston quotes (1 vol-bp noise): a cold fit, then a warm fit against a previous state whose v0 (the level,
  // LEVEL_PARAMETERS) sits 100 of its standard errors away and whose other parameters are the fit's own.
  const truth = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const slices = modelSurface(heston, truth, { days: [7, 14, 30, 60, 120, 240], strikes: 15, noiseVol: 1e-4, halfSpreadVol: 0.001, seed: 3 });
  const model = seriesModel('heston');
  const cold = ok(model.fit({ slices, previous: null, warm: false, strength: 0 }));
  const packed = (cold.state.packed as number[]).slice();
  const errors = (cold.state.standardErrors as number[]).slice();

  it('a level that moved 100 standard errors is not drift', () => {
    const previous = { packed: [packed[0]! + 100 * errors[0]!, ...packed.slice(1)], standardErrors: errors };
    const warm = ok(model.fit({ slices, previous, warm: true, strength: 0 }));
    assert.ok(warm.driftInStandardErrors < 1, `drift ${warm.driftInStandardErrors}`);
  });

  it('a structural parameter that moved 100 standard errors is', () => {
    const previous = { packed: [packed[0]!, packed[1]! + 100 * errors[1]!, ...packed.slice(2)], standardErrors: errors };
    const warm = ok(model.fit({ slices, previous, warm: true, strength: 0 }));
    assert.ok(Math.abs(warm.driftInStandardErrors - 100) < 1, `drift ${warm.driftInStandardErrors}`);
  });
});
