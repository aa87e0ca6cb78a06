"""Symbolic checks behind src/core/smile/sabr-*.ts (Hagan, Kumar, Lesniewski & Woodward 2002, "Managing smile
risk", Wilmott Magazine, eq. 2.17a-b). Every identity the TypeScript code relies on is asserted here; a failed
assertion means the code's algebra is wrong.

Run: python3 scripts/sabr/derive-sabr-hagan.py   (prints the ATM expansion; exits non-zero on a failed check)

Notation (forward normalised to 1, k = ln(K/F), b = 1 - beta):
  m = e^{b k/2} = (fK)^{(1-beta)/2},  D = 1 + b^2 k^2/24 + b^4 k^4/1920,
  z = -(nu/alpha) m k,  x(z) = ln((sqrt(1 - 2 rho z + z^2) + z - rho)/(1 - rho)),  y = x/z,
  P = 1 + T [b^2 alpha^2/(24 m^2) + rho beta nu alpha/(4 m) + (2 - 3 rho^2) nu^2/24],
  sigma = alpha P / (m D y).
"""
import sympy as sp

z, r, k, a, n, T, be = sp.symbols('z rho k alpha nu T beta', real=True)
b = 1 - be
s = sp.sqrt(1 - 2 * r * z + z**2)
x = sp.log((s + z - r) / (1 - r))


def zero(expr, subs_list):
    """Numerically zero at several points (sympy cannot always simplify square roots symbolically)."""
    for subs in subs_list:
        v = sp.N(expr.subs(subs), 40)
        assert abs(v) < sp.Float('1e-30'), (expr, subs, v)


points = [{z: sp.Rational(p), r: sp.Rational(q)} for p, q in
          (('0.3', '-0.7'), ('-1.7', '0.4'), ('2.5', '0.95'), ('-0.05', '-0.99'), ('7', '0'))]

# 1. x/z = sum_n P_n(rho) z^n/(n+1): x'(z) = (1 - 2 rho z + z^2)^{-1/2} is the generating function of the
#    Legendre polynomials, so the near-the-money series of sabr-x-ratio.ts needs no table of coefficients.
N = 10
series = sp.series(x / z, z, 0, N).removeO()
legendre = sum(sp.legendre(j, r) * z**j / (j + 1) for j in range(N))
assert sp.expand(series - legendre) == 0
print('x(z)/z = sum P_n(rho) z^n/(n+1): checked to order', N - 1)

# 2. The cancellation-free forms used away from the money.
u = z - r
A_neg = (1 - r**2) / (s - u)  # = s + z - rho when z < rho, without subtracting nearly equal numbers
zero(A_neg - (s + z - r), points)
q = z * ((s + z - r) + 1 - r) / ((s + 1) * (1 - r))  # x = log1p(q)
zero(sp.log(1 + q) - x, points)
zero(sp.diff(x, z) - 1 / s, points)
x_rho = 1 / (1 - r) - (s + z) / (s * (s + z - r))
zero(sp.diff(x, r) - x_rho, points)
zero((1 - 2 * r * z) / (s - z) - (s + z), points)  # s + z for z < 0
# Reflection symmetry x(z, rho) = -x(-z, -rho), so y(z, rho) = y(-z, -rho): the code evaluates at rho <= 0.
zero(x + x.subs({z: -z, r: -r}, simultaneous=True), points)
print('closed forms of x, dx/dz, dx/drho, reflection: checked')

# 3. Hagan's vol near the money (T -> 0 part): slope and curvature in k used by sabr-initial-guess.ts.
m = sp.exp(b * k / 2)
D = 1 + b**2 * k**2 / 24 + b**4 * k**4 / 1920
zz = -(n / a) * m * k
y_series = sum(sp.legendre(j, r) * zz**j / (j + 1) for j in range(4))
sigma0 = a / (m * D * y_series)
s0 = sp.simplify(sigma0.subs(k, 0))
s1 = sp.simplify(sp.diff(sigma0, k).subs(k, 0))
s2 = sp.simplify(sp.diff(sigma0, k, 2).subs(k, 0))
assert sp.simplify(s0 - a) == 0
assert sp.simplify(s1 - (r * n - b * a) / 2) == 0
assert sp.simplify(s2 - (b**2 * a**2 + (2 - 3 * r**2) * n**2) / (6 * a)) == 0
print('sigma(0) =', s0, '; dsigma/dk(0) =', sp.factor(s1), '; d2sigma/dk2(0) =', sp.factor(s2), '(T -> 0)')
print("  (Hagan 2002 eq. 3.1a: sigma = alpha{1 - (b - rho lambda) k/2 + [b^2 + (2 - 3 rho^2) lambda^2] k^2/12}, lambda = nu/alpha)")

# 4. The gradient of sigma = alpha P G, G = 1/(m D y), written without dividing by P (P may vanish).
P = 1 + T * (b**2 * a**2 / (24 * m**2) + r * be * n * a / (4 * m) + (2 - 3 * r**2) * n**2 / 24)
yf = sp.Function('y')
sigma = a * P / (m * D * yf(zz, r))
G = 1 / (m * D * yf(zz, r))
for var, claim in (
    (a, G * (P + a * sp.diff(P, a)) - sigma * sp.diff(yf(zz, r), a) / yf(zz, r)),
    (r, a * G * sp.diff(P, r) - sigma * sp.diff(yf(zz, r), r) / yf(zz, r)),
    (n, a * G * sp.diff(P, n) - sigma * sp.diff(yf(zz, r), n) / yf(zz, r)),
):
    assert sp.simplify(sp.diff(sigma, var) - claim) == 0
# and dz/dalpha = -z/alpha, dz/dnu = -m k/alpha
assert sp.simplify(sp.diff(zz, a) + zz / a) == 0
assert sp.simplify(sp.diff(zz, n) + m * k / a) == 0
print('gradient of sigma in (alpha, rho, nu): checked')

# 5. k-derivatives of the pieces (for the density): m' = b m/2, z' = -(nu/alpha) m (1 + b k/2),
#    z'' = -(nu/alpha) b m (1 + b k/4), P' and P''.
assert sp.simplify(sp.diff(zz, k) + (n / a) * m * (1 + b * k / 2)) == 0
assert sp.simplify(sp.diff(zz, k, 2) + (n / a) * b * m * (1 + b * k / 4)) == 0
P1 = T * (-b**3 * a**2 / (24 * m**2) - b * r * be * n * a / (8 * m))
P2 = T * (b**4 * a**2 / (24 * m**2) + b**2 * r * be * n * a / (16 * m))
assert sp.simplify(sp.diff(P, k) - P1) == 0
assert sp.simplify(sp.diff(P, k, 2) - P2) == 0
print("k-derivatives z', z'', P', P'': checked")
