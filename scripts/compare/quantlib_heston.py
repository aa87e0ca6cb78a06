#!/usr/bin/python3
"""QuantLib's Heston calibration on the quotes exported by scripts/compare/export-model-quotes.ts.

A developer comparison tool (docs/heston-vs-quantlib.md); nothing in the test suite uses it. Needs
QuantLib's Python bindings built with intraday dates (Debian's `quantlib-python`, run with /usr/bin/python3);
standard library only otherwise.

Per snapshot of the JSON:
- one ql.HestonModelHelper per quote: the out-of-the-money option at its strike (the helper picks the
  call when K >= forward and the put otherwise, the same side volcal keeps), market vol = the mid IV;
- forwards: every quote is normalised to a unit forward, strike K/F, with one spot 1 and flat zero rates
  and dividends. Exact, not an approximation: Deribit prices every expiry's options on that expiry's own
  forward and volcal's IVs are Black-76 on the undiscounted premium; Black-76 and Heston prices are both
  homogeneous of degree one in (F, K) (Heston's variance process does not depend on the price level), so
  C(F, K) = F * C(1, K/F) under both, with the same implied vol; and the IVs do not depend on discounting.
  Spot 1 with zero rates has forward 1 at every expiry.
- time: the process's curves start at the snapshot instant and each option expires at its expiry instant
  (QuantLib dates with time of day), ACT/365 fixed: the model prices with exactly volcal's T. A helper
  only takes a whole-day Period from its own curve's reference date, so each expiry's helpers get their own
  zero curve starting n whole days before the expiry instant (n = ceil(365 T)); the helper then prices the
  market side with tau = n/365 instead of T, so its market vol is the mid IV times sqrt(T/tau) (same Black
  price: with zero rates and a unit forward the Black price depends on vol * sqrt(time) only) and, for
  ImpliedVolError, whose per-helper error is a vol difference in tau units (sqrt(T/tau) times the one in
  T units), each helper gets the calibration weight tau/T (QuantLib multiplies the error by the square
  root of the weight): the minimised sum is exactly sum (model IV - mid IV)^2 with volcal's T. Relative
  price errors do not depend on the convention (weight 1).
- AnalyticHestonEngine (default: Gauss-Laguerre, order 144), LevenbergMarquardt(), EndCriteria(500, 50,
  1e-8, 1e-8, 1e-8), error type ImpliedVolError and, as a second run, RelativePriceError;
- start (generic, the same for both runs): v0 = ATM vol^2 of the shortest expiry, theta = ATM vol^2 of
  the longest, kappa 2, sigma 1, rho -0.5; ATM vol = the mid IV at k = 0, linear in total variance
  between the nearest quotes either side (as volcal's resolve step);
- after the fit: each quote's model IV by Black inversion of the model price (helper.modelValue(), a
  unit-forward undiscounted price) with volcal's T; RMSE against the mid IV (vol points), the share of
  two-sided quotes inside [bid IV, ask IV], best-of-3 wall time (helpers, model, engine and calibration,
  time.perf_counter), parameters, Feller (2 kappa theta >= sigma^2).
Checks, when the JSON has volcal's fits (export --fit): the RMSE of volcal's own fitted parameters repriced
by QuantLib (the two pricers agree if it matches volcal's number), and QuantLib ImpliedVolError started
from volcal's L2 fit (timed the same way: how much of QuantLib's time is its generic start).

Run: /usr/bin/python3 scripts/compare/quantlib_heston.py IN.json OUT.json [--engine laguerre|lobatto]
Tables of the write-up: /usr/bin/python3 scripts/compare/quantlib_heston.py tables OUT.md VOLCAL.json QL.json [...]
"""

import argparse
import json
import math
import sys
import time

import QuantLib as ql

REPEATS = 3
END_CRITERIA = {getattr(ql.EndCriteria, n): n for n in dir(ql.EndCriteria) if n[:1].isupper() and isinstance(getattr(ql.EndCriteria, n), int)}
MS_PER_DAY = 86_400_000


def ql_instant(ms):
    """A QuantLib date with time of day (UTC) from epoch milliseconds."""
    t = time.gmtime(ms // 1000)
    return ql.Date(t.tm_mday, t.tm_mon, t.tm_year, t.tm_hour, t.tm_min, t.tm_sec, int(ms % 1000), 0)


def atm_vol(expiry):
    """Mid IV at k = 0: linear in total variance between the nearest quotes either side, else the nearest."""
    below = max((q for q in expiry['quotes'] if q['logMoneyness'] <= 0), key=lambda q: q['logMoneyness'], default=None)
    above = min((q for q in expiry['quotes'] if q['logMoneyness'] >= 0), key=lambda q: q['logMoneyness'], default=None)
    if below is None or above is None:
        nearest = below or above
        return nearest['midVol']
    span = above['logMoneyness'] - below['logMoneyness']
    if span == 0:
        return below['midVol']
    w = below['midVol'] ** 2 + (-below['logMoneyness'] / span) * (above['midVol'] ** 2 - below['midVol'] ** 2)
    return math.sqrt(w)


def generic_start(snapshot):
    expiries = sorted(snapshot['expiries'], key=lambda e: e['timeToExpiryYears'])
    return {'v0': atm_vol(expiries[0]) ** 2, 'kappa': 2.0, 'theta': atm_vol(expiries[-1]) ** 2, 'sigma': 1.0, 'rho': -0.5}


class Setup:
    """Curves, process, model, engine and helpers for one snapshot from one start."""

    def __init__(self, snapshot, start, error_type, engine_kind):
        self.snapshot = snapshot
        day_count = ql.Actual365Fixed()
        calendar = ql.NullCalendar()
        now = ql_instant(snapshot['snapshotTimeMs'])
        ql.Settings.instance().evaluationDate = now
        curve = ql.YieldTermStructureHandle(ql.FlatForward(now, 0.0, day_count))
        spot = ql.QuoteHandle(ql.SimpleQuote(1.0))
        process = ql.HestonProcess(curve, curve, spot, start['v0'], start['kappa'], start['theta'], start['sigma'], start['rho'])
        self.model = ql.HestonModel(process)
        if engine_kind == 'lobatto':
            engine = ql.AnalyticHestonEngine(self.model, 1e-10, 100000)
        else:
            engine = ql.AnalyticHestonEngine(self.model)
        self.helpers = []
        self.weights = []
        self.quotes = []  # (T, unit strike, is_call, quote)
        for expiry in snapshot['expiries']:
            T = expiry['timeToExpiryYears']
            days = max(1, math.ceil(T * 365 - 1e-9))
            helper_ref = ql_instant(expiry['expiryMs'] - days * MS_PER_DAY)
            helper_curve = ql.YieldTermStructureHandle(ql.FlatForward(helper_ref, 0.0, day_count))
            tau = days / 365
            check = day_count.yearFraction(now, ql_instant(expiry['expiryMs']))
            if abs(check - T) > 1e-12:
                raise ValueError(f"{snapshot['file']}: QuantLib T {check} vs volcal T {T}")
            scale = math.sqrt(T / tau)
            for q in expiry['quotes']:
                K = q['strike'] / expiry['forward']
                helper = ql.HestonModelHelper(ql.Period(days, ql.Days), calendar, 1.0, K,
                                              ql.QuoteHandle(ql.SimpleQuote(q['midVol'] * scale)),
                                              helper_curve, helper_curve, error_type)
                helper.setPricingEngine(engine)
                self.helpers.append(helper)
                # ImpliedVolError is (model vol - market vol) in the helper's tau; times sqrt(tau/T) it is in T.
                self.weights.append(tau / T if error_type == ql.BlackCalibrationHelper.ImpliedVolError else 1.0)
                self.quotes.append((T, K, K >= 1.0, q))

    def calibrate(self):
        method = ql.LevenbergMarquardt()
        end = ql.EndCriteria(500, 50, 1e-8, 1e-8, 1e-8)
        self.model.calibrate(self.helpers, method, end, ql.NoConstraint(), self.weights)
        return self.model


def model_params(model):
    return {'v0': model.v0(), 'kappa': model.kappa(), 'theta': model.theta(), 'sigma': model.sigma(), 'rho': model.rho()}


def statistics(setup):
    """RMSE vs mid (vol points) and inside share, from the model prices inverted with volcal's T."""
    sum_sq = 0.0
    two_sided = 0
    inside = 0
    failed = 0
    for helper, (T, K, is_call, q) in zip(setup.helpers, setup.quotes):
        price = helper.modelValue()
        kind = ql.Option.Call if is_call else ql.Option.Put
        intrinsic = max(1.0 - K, 0.0) if is_call else max(K - 1.0, 0.0)
        try:
            vol = ql.blackFormulaImpliedStdDev(kind, K, 1.0, price, 1.0, 0.0, q['midVol'] * math.sqrt(T), 1e-14, 1000) / math.sqrt(T)
        except RuntimeError:
            failed += 1
            vol = 0.0 if price <= intrinsic else 10.0
        sum_sq += (vol - q['midVol']) ** 2
        if q['bidVol'] > 0 and q['askVol'] is not None:
            two_sided += 1
            if q['bidVol'] <= vol <= q['askVol']:
                inside += 1
    n = len(setup.quotes)
    return {'rmseVolPoints': 100 * math.sqrt(sum_sq / n), 'insideSpreadShare': inside / two_sided if two_sided else 0.0,
            'quotes': n, 'twoSidedQuotes': two_sided, 'inversionFailures': failed}


def feller(p):
    return 2 * p['kappa'] * p['theta'] >= p['sigma'] ** 2


def run(snapshot, start, error_type, engine_kind):
    times = []
    setup = None
    for _ in range(REPEATS):
        started = time.perf_counter()
        setup = Setup(snapshot, start, error_type, engine_kind)
        model = setup.calibrate()
        times.append(1000 * (time.perf_counter() - started))
    params = model_params(model)
    return {'ok': True, 'start': start, 'timeMs': min(times), 'timesMs': times, 'params': params, 'feller': feller(params),
            'endCriteria': END_CRITERIA.get(model.endCriteria(), str(model.endCriteria())), **statistics(setup)}


def reprice(snapshot, params, engine_kind):
    """QuantLib's RMSE and inside share at given parameters, no calibration."""
    return statistics(Setup(snapshot, params, ql.BlackCalibrationHelper.ImpliedVolError, engine_kind))


def main():
    parser = argparse.ArgumentParser(description='QuantLib Heston calibration on exported volcal quotes')
    parser.add_argument('input')
    parser.add_argument('output')
    parser.add_argument('--engine', choices=('laguerre', 'lobatto'), default='laguerre',
                        help='AnalyticHestonEngine: Gauss-Laguerre order 144 (default) or adaptive Gauss-Lobatto 1e-10')
    args = parser.parse_args()
    engine_kind = args.engine
    with open(args.input) as f:
        document = json.load(f)
    results = []
    for snapshot in document['snapshots']:
        start = generic_start(snapshot)
        entry = {'file': snapshot['file'], 'currency': snapshot['currency'], 'snapshotTime': snapshot['snapshotTime'],
                 'expiries': len(snapshot['expiries']), 'quotes': sum(len(e['quotes']) for e in snapshot['expiries']),
                 'engine': engine_kind}
        for key, error_type in (('impliedVol', ql.BlackCalibrationHelper.ImpliedVolError),
                                ('relativePrice', ql.BlackCalibrationHelper.RelativePriceError)):
            try:
                entry[key] = run(snapshot, start, error_type, engine_kind)
            except RuntimeError as error:
                entry[key] = {'ok': False, 'reason': str(error)}
        volcal = snapshot.get('volcal')
        if volcal is not None:
            checks = {}
            for name in ('default', 'l2Uniform'):
                if volcal[name]['ok']:
                    checks[f'reprice_{name}'] = reprice(snapshot, volcal[name]['params'], engine_kind)
            if volcal['l2Uniform']['ok']:
                checks['impliedVolFromVolcalL2'] = run(snapshot, volcal['l2Uniform']['params'],
                                                       ql.BlackCalibrationHelper.ImpliedVolError, engine_kind)
            entry['checks'] = checks
        line = ' '.join(f"{k} {entry[k]['rmseVolPoints']:.2f} vp {100 * entry[k]['insideSpreadShare']:.1f}% {entry[k]['timeMs']:.0f} ms"
                        if entry[k].get('ok') else f"{k} failed" for k in ('impliedVol', 'relativePrice'))
        print(f"{snapshot['file']} {snapshot['currency']}: {line}", file=sys.stderr)
        results.append(entry)
    out = {'tool': 'scripts/compare/quantlib_heston.py', 'quantlib': ql.__version__, 'python': sys.version.split()[0],
           'engine': engine_kind, 'results': results}
    with open(args.output, 'w') as f:
        json.dump(out, f, indent=1)


CRASH_FROM = '2026-02-04'
CRASH_TO = '2026-02-08'
RUNS = (('QL IV', 'ql', 'impliedVol'), ('QL RelPrice', 'ql', 'relativePrice'),
        ('volcal L2', 'vc', 'l2Uniform'), ('volcal Huber', 'vc', 'default'))


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return float('nan') if n == 0 else (xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2)


def tables_main(argv):
    """`tables OUT.md VOLCAL.json QL.json [VOLCAL.json QL.json ...]`: the markdown tables of the write-up."""
    out_path, pairs = argv[0], argv[1:]
    rows = []
    for i in range(0, len(pairs), 2):
        with open(pairs[i]) as f:
            vc = json.load(f)
        with open(pairs[i + 1]) as f:
            qld = json.load(f)
        for snap, res in zip(vc['snapshots'], qld['results']):
            assert snap['file'] == res['file'] and snap['currency'] == res['currency']
            runs = {name: (res[key] if src == 'ql' else snap['volcal'][key]) for name, src, key in RUNS}
            window = 'crash' if CRASH_FROM <= snap['snapshotTime'][:10] < CRASH_TO else 'calm'
            rows.append({'currency': snap['currency'], 'time': snap['snapshotTime'][:16].replace('T', ' '), 'window': window,
                         'expiries': res['expiries'], 'quotes': res['quotes'], 'runs': runs, 'checks': res.get('checks', {})})
    rows.sort(key=lambda r: (r['currency'], r['window'], r['time']))
    names = [name for name, _, _ in RUNS]
    ok = lambda r, n: r['runs'][n].get('ok', False)
    rm = lambda r, n: f"{r['runs'][n]['rmseVolPoints']:.2f}" if ok(r, n) else 'failed'
    ins = lambda r, n: f"{100 * r['runs'][n]['insideSpreadShare']:.1f}%" if ok(r, n) else '–'
    ms = lambda r, n: f"{r['runs'][n]['timeMs']:.0f}" if ok(r, n) else '–'
    lines = ['### Fit: RMSE against mid IV (vol points) and share of two-sided quotes inside [bid, ask]', '',
             '| ccy | snapshot (UTC) | window | expiries / quotes | ' + ' | '.join(f'{n} RMSE' for n in names) + ' | '
             + ' | '.join(f'{n} inside' for n in names) + ' |', '|' + '---|' * 12]
    for r in rows:
        lines.append(f"| {r['currency']} | {r['time']} | {r['window']} | {r['expiries']} / {r['quotes']} | "
                     + ' | '.join(rm(r, n) for n in names) + ' | ' + ' | '.join(ins(r, n) for n in names) + ' |')
    lines += ['', '### Time: best of 3, ms, one run at a time on the shared 2-core machine', '',
              '| ccy | snapshot (UTC) | ' + ' | '.join(f'{n} ms' for n in names)
              + ' | QL IV ÷ volcal L2 | QL RelPrice ÷ volcal Huber | QL IV from volcal L2 fit, ms |', '|' + '---|' * 9]
    for r in rows:
        ratio = lambda a, b: f"{r['runs'][a]['timeMs'] / r['runs'][b]['timeMs']:.1f}×" if ok(r, a) and ok(r, b) else '–'
        warm = r['checks'].get('impliedVolFromVolcalL2', {})
        lines.append(f"| {r['currency']} | {r['time']} | " + ' | '.join(ms(r, n) for n in names)
                     + f" | {ratio('QL IV', 'volcal L2')} | {ratio('QL RelPrice', 'volcal Huber')} | "
                     + (f"{warm['timeMs']:.0f}" if 'timeMs' in warm else '–') + ' |')
    lines += ['', '### Parameters: vol of variance σ (Feller 2κθ ≥ σ²: ✓ holds, ✗ broken), and κ', '',
              '| ccy | snapshot (UTC) | ' + ' | '.join(f'{n} σ' for n in names) + ' | ' + ' | '.join(f'{n} κ' for n in names) + ' |',
              '|' + '---|' * 10]
    for r in rows:
        sig = lambda n: f"{r['runs'][n]['params']['sigma']:.2f} {'✓' if r['runs'][n]['feller'] else '✗'}" if ok(r, n) else '–'
        kap = lambda n: f"{r['runs'][n]['params']['kappa']:.1f}" if ok(r, n) else '–'
        lines.append(f"| {r['currency']} | {r['time']} | " + ' | '.join(sig(n) for n in names) + ' | ' + ' | '.join(kap(n) for n in names) + ' |')
    lines += ['', '### Medians over the snapshots of each window (RMSE vp / inside / ms)', '',
              '| ccy | window | snapshots | ' + ' | '.join(names) + ' |', '|' + '---|' * 7]
    groups = [(c, w) for c in ('BTC', 'ETH', 'both') for w in ('calm', 'crash')]
    for c, w in groups:
        g = [r for r in rows if r['window'] == w and (c == 'both' or r['currency'] == c)]
        if not g:
            continue
        cell = lambda n: (f"{median([r['runs'][n]['rmseVolPoints'] for r in g if ok(r, n)]):.2f} / "
                          f"{100 * median([r['runs'][n]['insideSpreadShare'] for r in g if ok(r, n)]):.1f}% / "
                          f"{median([r['runs'][n]['timeMs'] for r in g if ok(r, n)]):.0f}")
        lines.append(f"| {c} | {w} | {len(g)} | " + ' | '.join(cell(n) for n in names) + ' |')
    lines += ['', '### Checks', '', '| ccy | snapshot (UTC) | QuantLib RMSE at volcal L2 params − volcal RMSE | '
              'same at volcal Huber params | QL IV from volcal L2 fit: RMSE | its κ, σ |', '|' + '---|' * 6]
    for r in rows:
        ch = r['checks']
        d = lambda key, run: (f"{ch[key]['rmseVolPoints'] - r['runs'][run]['rmseVolPoints']:+.1e}"
                              if key in ch and ok(r, run) else '–')
        warm = ch.get('impliedVolFromVolcalL2', {})
        lines.append(f"| {r['currency']} | {r['time']} | {d('reprice_l2Uniform', 'volcal L2')} | {d('reprice_default', 'volcal Huber')} | "
                     + (f"{warm['rmseVolPoints']:.4f} | {warm['params']['kappa']:.1f}, {warm['params']['sigma']:.2f}" if 'params' in warm else '– | –')
                     + ' |')
    with open(out_path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    if sys.argv[1:2] == ['tables']:
        tables_main(sys.argv[2:])
    else:
        main()
