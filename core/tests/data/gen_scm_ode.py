"""An independent implementation of the soft committee machine's ODE (erf units, on-line
SGD; docs/reference/SCM.md), for core/tests/it/theory_reference.rs.

Vectorised numpy over the index tuples, integrated by SciPy's DOP853 (rtol 1e-12, atol 1e-14);
the symmetric fixed points by scipy.optimize.fsolve in (Q_d, Q_o, R): the identical one on
the line Q_d = Q_o, the plateau from where the symmetric flow (LSODA) settles.

Writes scm-ode-reference.json: for K = M = 2, eta = 0.1 from SCM.md section 3's start
(numpy default_rng(1)), eps_g, Q and R at a few alpha; the fixed points of a few (K, M, eta).

Run: python3 gen_scm_ode.py  (numpy, scipy).
"""

import itertools
import json

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve


def covariance(Q, R, T):
    return np.block([[Q, R], [R.T, T]])


def i2(C, a, b):
    d = 1.0 + np.diag(C)
    return 2 / np.pi * np.arcsin(C[a, b] / np.sqrt(d[a] * d[b]))


def i3(C, a, b, c):
    d = 1.0 + np.diag(C)
    l3 = d[a] * d[c] - C[a, c] ** 2
    return 2 / np.pi * (C[b, c] * d[a] - C[a, b] * C[a, c]) / (d[a] * np.sqrt(l3))


def i4(C, a, b, c, e):
    d = 1.0 + np.diag(C)
    l4 = d[a] * d[b] - C[a, b] ** 2
    l0 = (l4 * C[c, e] - C[b, c] * C[b, e] * d[a] - C[a, c] * C[a, e] * d[b]
          + C[a, b] * C[a, c] * C[b, e] + C[a, b] * C[a, e] * C[b, c])
    l1 = l4 * d[c] - C[b, c] ** 2 * d[a] - C[a, c] ** 2 * d[b] + 2 * C[a, b] * C[a, c] * C[b, c]
    l2 = l4 * d[e] - C[b, e] ** 2 * d[a] - C[a, e] ** 2 * d[b] + 2 * C[a, b] * C[a, e] * C[b, e]
    return 4 / np.pi ** 2 / np.sqrt(l4) * np.arcsin(l0 / np.sqrt(l1 * l2))


def eps_g(Q, R, T):
    K, M = R.shape
    C = covariance(Q, R, T)
    s = np.array([-1.0] * K + [1.0] * M)
    a, b = np.meshgrid(np.arange(K + M), np.arange(K + M), indexing="ij")
    return 0.5 * np.sum(s[a] * s[b] * i2(C, a, b))


def derivatives(Q, R, T, eta):
    K, M = R.shape
    C = covariance(Q, R, T)
    s = np.array([-1.0] * K + [1.0] * M)
    P = np.arange(K + M)
    dQ = np.zeros((K, K))
    dR = np.zeros((K, M))
    p, q = np.meshgrid(P, P, indexing="ij")
    for i in range(K):
        for k in range(K):
            dQ[i, k] = eta * np.sum(s * (i3(C, i, k, P) + i3(C, k, i, P))) + eta ** 2 * np.sum(
                s[p] * s[q] * i4(C, i, k, p, q))
        for n in range(M):
            dR[i, n] = eta * np.sum(s * i3(C, i, K + n, P))
    return dQ, dR


def pack(Q, R):
    return np.concatenate([Q.ravel(), R.ravel()])


def unpack(y, K, M):
    return y[:K * K].reshape(K, K), y[K * K:].reshape(K, M)


def trajectory(K, M, eta, Q0, R0, alphas):
    T = np.eye(M)

    def f(_, y):
        Q, R = unpack(y, K, M)
        dQ, dR = derivatives(0.5 * (Q + Q.T), R, T, eta)
        return pack(dQ, dR)

    sol = solve_ivp(f, (0, alphas[-1]), pack(Q0, R0), method="DOP853", rtol=1e-12,
                    atol=1e-14, t_eval=alphas)
    rows = []
    for j, alpha in enumerate(sol.t):
        Q, R = unpack(sol.y[:, j], K, M)
        rows.append({"alpha": float(alpha), "eps_g": float(eps_g(Q, R, T)),
                     "Q": Q.tolist(), "R": R.tolist()})
    return rows


def symmetric(K, M, eta):
    T = np.eye(M)

    def full(v):
        qd, qo, r = v
        Q = np.full((K, K), qo)
        np.fill_diagonal(Q, qd)
        return Q, np.full((K, M), r)

    def g(v):
        dQ, dR = derivatives(*full(v), T, eta)
        return np.array([dQ[0, 0], dQ[0, 1], dR[0, 0]])

    def on_line(w):
        q, r = w
        dQ, dR = derivatives(*full((q, q, r)), T, eta)
        return np.array([dQ[0, 0], dR[0, 0]])

    lim = 1.0 / (2 * K - 1)
    q, r = fsolve(on_line, [lim, np.sqrt(lim / K)], xtol=1e-15)
    identical = np.array([q, q, r])
    settled = solve_ivp(lambda _, v: g(v), (0, 2e5), [0.5, 0.0, 0.0], method="LSODA",
                        rtol=1e-10, atol=1e-12).y[:, -1]
    plateau = fsolve(g, settled, xtol=1e-15)
    out = []
    for kind, v in (("identical", identical), ("plateau", plateau)):
        Q, R = full(v)
        out.append({"K": K, "M": M, "eta": eta, "kind": kind, "Q_diag": float(v[0]),
                    "Q_offdiag": float(v[1]), "R": float(v[2]),
                    "eps_g": float(eps_g(Q, R, T)), "residual": float(np.abs(g(v)).max())})
    return out


def main():
    K = M = 2
    eta = 0.1
    rng = np.random.default_rng(1)
    R0 = 1e-12 * rng.random((K, M))
    Q0 = np.diag(0.5 * rng.random(K))
    off = 1e-12 * rng.random(K * (K - 1) // 2)
    for (i, k), v in zip(itertools.combinations(range(K), 2), off):
        Q0[i, k] = Q0[k, i] = v
    alphas = [0.0, 10.0, 50.0, 200.0, 1000.0, 3000.0, 4500.0, 6000.0]
    data = {
        "generator": "core/tests/data/gen_scm_ode.py",
        "trajectory": {"K": K, "M": M, "eta": eta, "Q0": Q0.tolist(), "R0": R0.tolist(),
                       "rows": trajectory(K, M, eta, Q0, R0, alphas)},
        "fixed_points": [p for case in ((2, 2, 0.1), (2, 2, 0.5), (3, 2, 0.5), (2, 3, 0.3))
                         for p in symmetric(*case)],
    }
    with open("scm-ode-reference.json", "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
