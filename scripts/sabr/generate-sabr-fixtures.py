"""Reference values of Hagan's SABR Black vol (Hagan et al. 2002, Wilmott, eq. 2.17a-b) at 50 digits, for
src/core/smile/sabr-vol.test.ts.

Run: python3 scripts/sabr/generate-sabr-fixtures.py  (writes src/core/smile/fixtures/sabr-reference.json)

An independent evaluation: the formula as printed, in strikes and an un-normalised forward F = 60000 with
Hagan's alpha = alpha_normalised * F^(1 - beta), at 50 significant digits, so the cancellation near the
money (z/x(z) at small z) and the forward scaling of volcal's code are both tested. Derivatives (in the
normalised alpha, rho, nu and in k) by mpmath.diff at that precision. Each value is the double nearest to
the 50-digit result. Also prints QuantLib's published Hagan value (test-suite/sabr.py, testHagenFormula:
0.205953 to 6 decimals) recomputed here, as a check of this script itself.
"""
import json
from pathlib import Path

import mpmath as mp

mp.mp.dps = 50
F = mp.mpf(60000)


def hagan(alpha_hagan, beta, rho, nu, f, K, T):
    alpha_hagan, beta, rho, nu, f, K, T = (mp.mpf(v) for v in (alpha_hagan, beta, rho, nu, f, K, T))
    b = 1 - beta
    fk = (f * K) ** (b / 2)
    lfk = mp.log(f / K)
    z = nu / alpha_hagan * fk * lfk
    if abs(z) < mp.mpf('1e-12'):
        # mpmath.diff steps by ~1e-25, where the printed z/x(z) loses every digit: use its Taylor series
        # 1 - rho z/2 + (2 - 3 rho^2) z^2/12 (Hagan 2002 sec. 3), truncation below 1e-36.
        ratio = 1 - rho * z / 2 + (2 - 3 * rho**2) * z**2 / 12
    else:
        x = mp.log((mp.sqrt(1 - 2 * rho * z + z * z) + z - rho) / (1 - rho))
        ratio = z / x
    denom = fk * (1 + b**2 / 24 * lfk**2 + b**4 / 1920 * lfk**4)
    corr = 1 + (b**2 / 24 * alpha_hagan**2 / fk**2 + rho * beta * nu * alpha_hagan / (4 * fk)
                + (2 - 3 * rho**2) / 24 * nu**2) * T
    return alpha_hagan / denom * ratio * corr


def vol(alpha, rho, nu, beta, k, T):
    alpha, beta = mp.mpf(alpha), mp.mpf(beta)
    return hagan(alpha * F ** (1 - beta), beta, rho, nu, F, F * mp.exp(mp.mpf(k)), T)


# QuantLib's published value, from its own (un-normalised) inputs: 9 Jan 2019 + 6 months = 181 days, Act/365.
ql = hagan(0.35, 0.85, 0.85, 0.75, 100, 110, mp.mpf(181) / 365)
print('QuantLib testHagenFormula: 0.205953 published, this script', mp.nstr(ql, 12))
assert abs(ql - mp.mpf('0.205953')) < mp.mpf('5e-7')

cases = []
params = [
    (0.6, -0.3, 1.5, 1.0, 0.05), (0.8, 0.4, 4.0, 1.0, 7 / 365), (0.5, -0.9, 0.8, 1.0, 1.0),
    (0.6, -0.3, 1.5, 0.5, 0.25), (0.9, 0.999, 2.0, 0.5, 0.1), (0.4, -0.999, 2.0, 0.0, 0.5),
    (0.7, 0.0, 0.0, 1.0, 0.3), (0.7, 0.2, 1e-6, 0.0, 2.0), (1.2, -0.5, 9.0, 0.0, 1 / 365),
]
ks = [-3.0, -1.0, -0.2, -0.01, -1e-7, 0.0, 1e-9, 0.003, 0.05, 0.4, 1.5, 3.0]
for alpha, rho, nu, beta, T in params:
    for k in ks:
        value = vol(alpha, rho, nu, beta, k, T)
        grad = [mp.diff(lambda a: vol(a, rho, nu, beta, k, T), alpha),
                mp.diff(lambda r: vol(alpha, r, nu, beta, k, T), rho),
                mp.diff(lambda n: vol(alpha, rho, n, beta, k, T), nu)]
        dk1 = mp.diff(lambda kk: vol(alpha, rho, nu, beta, kk, T), k)
        dk2 = mp.diff(lambda kk: vol(alpha, rho, nu, beta, kk, T), k, 2)
        cases.append({
            'alpha': alpha, 'rho': rho, 'nu': nu, 'beta': beta, 'timeYears': T, 'k': k,
            'vol': float(value), 'gradient': [float(g) for g in grad], 'dVolDk': float(dk1), 'd2VolDk2': float(dk2),
        })

out = Path(__file__).resolve().parents[2] / 'src/core/smile/fixtures/sabr-reference.json'
out.write_text(json.dumps({
    'source': 'scripts/sabr/generate-sabr-fixtures.py (mpmath, 50 digits, F = 60000 un-normalised)',
    'cases': cases,
}, indent=1) + '\n')
print(len(cases), 'cases written to', out)
