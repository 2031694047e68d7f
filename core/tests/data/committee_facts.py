#!/usr/bin/env python3
"""Independent numpy (float64) check of the `committee` model's expected behaviour.

Model y(x;theta) = v1*tanh(w1.x) + v2*tanh(w2.x), theta = (w1[0], w1[1], w2[0], w2[1], v1, v2),
25 grid points x = (-2+i, -2+j), teacher t = tanh(a.x) + tanh(b.x), a = (1.5, .15), b = (1.5, -.15),
L = sum_n (t_n - y_n)^2, theta0 = (0.1, 0.11, 0.1, 0.09, 0.1, 0.1).

Hand-written gradient, analytic Hessian (cross-checked by central differences of the gradient),
Fisher F = sum_n J_n^T J_n. Adam follows torch.optim.Adam's single-tensor update exactly
(cross-checked against torch when torch is importable). Plain numpy otherwise.

Run:  /work/venv-torch/bin/python core/tests/data/committee_facts.py
Writes committee_facts.txt beside this file (and prints it).
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "committee_facts.txt")

X = np.array([(-2.0 + i, -2.0 + j) for i in range(5) for j in range(5)])   # (25, 2), n = 5i+j
A = np.array([1.5, 0.15])
B = np.array([1.5, -0.15])
T = np.tanh(X @ A) + np.tanh(X @ B)
THETA0 = np.array([0.1, 0.11, 0.1, 0.09, 0.1, 0.1])
ESCAPE = 1.6e-4          # escape criterion L < 1.6e-4
GNORM_PLATEAU = 1e-3     # plateau entry: |grad L| first below this
MAXSTEPS = 60000

lines = []


def out(s=""):
    lines.append(s)
    print(s, flush=True)


def parts(th):
    w1, w2, v1, v2 = th[0:2], th[2:4], th[4], th[5]
    h1, h2 = np.tanh(X @ w1), np.tanh(X @ w2)
    y = v1 * h1 + v2 * h2
    return w1, w2, v1, v2, h1, h2, y


def loss(th):
    y = parts(th)[-1]
    return float(np.sum((T - y) ** 2))


def jac(th):
    """J[n, k] = d y_n / d theta_k, shape (25, 6)."""
    w1, w2, v1, v2, h1, h2, y = parts(th)
    s1, s2 = 1 - h1 ** 2, 1 - h2 ** 2
    return np.column_stack([v1 * s1 * X[:, 0], v1 * s1 * X[:, 1],
                            v2 * s2 * X[:, 0], v2 * s2 * X[:, 1], h1, h2])


def grad(th):
    y = parts(th)[-1]
    return -2.0 * jac(th).T @ (T - y)


def fisher(th):
    J = jac(th)
    return J.T @ J


def hessian(th):
    """H = 2 sum_n (J_n J_n^T - r_n * d2y_n), r = t - y."""
    w1, w2, v1, v2, h1, h2, y = parts(th)
    r = T - y
    J = jac(th)
    H = 2.0 * J.T @ J
    for n in range(25):
        x = X[n]
        d2 = np.zeros((6, 6))
        s1, s2 = 1 - h1[n] ** 2, 1 - h2[n] ** 2
        d2[0:2, 0:2] = v1 * (-2 * h1[n] * s1) * np.outer(x, x)
        d2[2:4, 2:4] = v2 * (-2 * h2[n] * s2) * np.outer(x, x)
        d2[0:2, 4] = d2[4, 0:2] = s1 * x
        d2[2:4, 5] = d2[5, 2:4] = s2 * x
        H -= 2.0 * r[n] * d2
    return H


def hessian_fd(th, h=1e-6):
    H = np.zeros((6, 6))
    for k in range(6):
        e = np.zeros(6)
        e[k] = h
        H[:, k] = (grad(th + e) - grad(th - e)) / (2 * h)
    return 0.5 * (H + H.T)


def cos(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def fmt_eigs(ev):
    return "[" + ", ".join(f"{v: .6e}" for v in ev) + "]"


def run(step_fn, name, record=False, maxsteps=MAXSTEPS):
    """Returns escape step and (optionally) per-step history."""
    th = THETA0.copy()
    state = {}
    hist = [] if record else None
    for k in range(maxsteps + 1):
        L = loss(th)
        if record:
            g = grad(th)
            hist.append((k, L, float(np.linalg.norm(g)), th.copy()))
        if L < ESCAPE:
            return k, th, hist
        if k == maxsteps:
            break
        th = step_fn(th, state, k + 1)
    return None, th, hist


def sgd_step(th, st, t, lr=0.01):
    return th - lr * grad(th)


def adam_step(th, st, t, lr=0.05, b1=0.9, b2=0.999, eps=1e-8):
    # torch.optim.Adam, single-tensor path, float64, no weight decay:
    # m = lerp(m, g, 1-b1); v = v*b2 + (1-b2)*g*g;
    # denom = sqrt(v)/sqrt(1-b2^t) + eps; p -= (lr/(1-b1^t)) * m/denom
    g = grad(th)
    m = st.get("m", np.zeros(6))
    v = st.get("v", np.zeros(6))
    m = m + (1 - b1) * (g - m)
    v = v * b2 + (1 - b2) * g * g
    st["m"], st["v"] = m, v
    bc1 = 1 - b1 ** t
    bc2 = 1 - b2 ** t
    denom = np.sqrt(v) / np.sqrt(bc2) + eps
    return th - (lr / bc1) * (m / denom)


def ngd_step(th, st, t, lr=0.01, delta=1e-4):
    F = fisher(th)
    return th - lr * np.linalg.solve(F + delta * np.eye(6), grad(th))


def adam_torch_escape():
    try:
        import torch
    except ImportError:
        return None, "torch not importable"
    Xt = torch.tensor(X)
    Tt = torch.tensor(T)
    theta = torch.tensor(THETA0.tolist(), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([theta], lr=0.05, foreach=False)
    for k in range(MAXSTEPS + 1):
        z1 = theta[0] * Xt[:, 0] + theta[1] * Xt[:, 1]
        z2 = theta[2] * Xt[:, 0] + theta[3] * Xt[:, 1]
        r = Tt - (theta[4] * torch.tanh(z1) + theta[5] * torch.tanh(z2))
        L = (r * r).sum()
        if float(L.detach()) < ESCAPE:
            return k, torch.__version__
        opt.zero_grad()
        L.backward()
        opt.step()
    return None, torch.__version__


def symmetric_critical_point(start3):
    """Newton on the gradient of L restricted to w1 = w2 = w, v1 = v2 = v (3 unknowns w0, w1, v)."""
    def embed(u):
        return np.array([u[0], u[1], u[0], u[1], u[2], u[2]])
    # restricted gradient / Hessian via the chain rule: theta = P u
    P = np.zeros((6, 3))
    P[0, 0] = P[2, 0] = 1
    P[1, 1] = P[3, 1] = 1
    P[4, 2] = P[5, 2] = 1
    u = np.array(start3, dtype=float)
    for it in range(100):
        th = embed(u)
        g = P.T @ grad(th)
        H = P.T @ hessian(th) @ P
        du = np.linalg.solve(H, g)
        u = u - du
        if np.linalg.norm(du) < 1e-15 * max(1, np.linalg.norm(u)):
            break
    return embed(u), it + 1


def check_facts(name, got, lo, hi):
    ok = lo <= got <= hi
    return f"{'OK ' if ok else 'DISAGREES'} ({name}: expected {lo:g}..{hi:g})"


def cross_check_json():
    """numpy sgd / adam vs the torch trajectories in torch-committee-cases.json (if present)."""
    import json
    path = os.path.join(HERE, "torch-committee-cases.json")
    if not os.path.exists(path):
        return
    cases = {c["plateau_name"]: c for c in json.load(open(path))["cases"]}
    out("cross-check: this numpy implementation vs torch-committee-cases.json (max |a-b|/max(1,|a|) over theta)")
    out("-" * 90)
    tt = np.array(json.load(open(path))["meta"]["teacher_t"])
    out(f"teacher t_n: max |numpy - torch| = {np.max(np.abs(tt - T)):.2e}")
    for name, fn in (("sgd", sgd_step), ("adam", adam_step)):
        c = cases[name]
        th, st = THETA0.copy(), {}
        row = []
        for k in range(1, 5001):
            th = fn(th, st, k)
            if k == 10:
                ref = np.array(c["trajectory_first10"][9])
            elif str(k) in c["at"]:
                ref = np.array(c["at"][str(k)]["params"])
            else:
                continue
            row.append(f"step {k}: {np.max(np.abs(th - ref) / np.maximum(1, np.abs(ref))):.2e}")
        out(f"{name:5s} " + ", ".join(row))
    out()


def main():
    out("committee model facts (numpy %s, float64; generator core/tests/data/committee_facts.py)" % np.__version__)
    out("=" * 90)
    L0 = loss(THETA0)
    out(f"L(theta0) = {L0!r}   {check_facts('L0', L0, 69.5, 69.7)}")
    # gradient checks
    g0 = grad(THETA0)
    gfd = np.array([(loss(THETA0 + 1e-6 * e) - loss(THETA0 - 1e-6 * e)) / 2e-6 for e in np.eye(6)])
    out(f"grad(theta0) = {fmt_eigs(g0)}   (|analytic - central FD| = {np.max(np.abs(g0 - gfd)):.2e})")
    Hfd_err = np.max(np.abs(hessian(THETA0) - hessian_fd(THETA0)))
    out(f"analytic Hessian vs central FD of the gradient at theta0: max |diff| = {Hfd_err:.2e}")
    out(f"teacher t_0..t_4 = {T[:5].tolist()}")
    out()

    # ---------------- SGD ----------------
    out("plain gradient descent theta <- theta - 0.01*grad L, from theta0")
    out("-" * 90)
    esc_sgd, th_esc, hist = run(sgd_step, "sgd", record=True)
    ks = np.array([h[0] for h in hist])
    Ls = np.array([h[1] for h in hist])
    gn = np.array([h[2] for h in hist])
    enter_g = int(ks[np.argmax(gn < GNORM_PLATEAU)]) if np.any(gn < GNORM_PLATEAU) else None
    enter_L = int(ks[np.argmax(Ls < 1.6e-3 * 1.05)]) if np.any(Ls < 1.6e-3 * 1.05) else None
    # plateau region = steps with |grad| < 1e-3 before escape
    plat = np.where((gn < GNORM_PLATEAU) & (ks < (esc_sgd or len(ks))))[0]
    leave_g = int(ks[plat[-1]]) + 1 if len(plat) else None
    kmin = int(ks[plat[np.argmin(gn[plat])]]) if len(plat) else None
    out(f"plateau entry (first step with |grad L| < 1e-3)       : {enter_g}")
    out(f"plateau entry (first step with L < 1.6e-3*1.05)        : {enter_L}")
    out(f"plateau exit  (first step after entry with |grad| >= 1e-3): {leave_g}")
    out(f"minimum |grad L| on the plateau: {gn[kmin]:.3e} at step {kmin}, L there = {float(Ls[kmin])!r}")
    Lplat_med = float(np.median(Ls[plat])) if len(plat) else float('nan')
    out(f"plateau loss level: L at min-|grad| step = {Ls[kmin]:.6e}, median over plateau = {Lplat_med:.6e}, "
        f"range [{Ls[plat].min():.6e}, {Ls[plat].max():.6e}]   {check_facts('plateau L', Ls[kmin], 1.5e-3, 1.65e-3)}")
    out(f"escape step (first step with L < 1.6e-4): {esc_sgd}   "
        f"{check_facts('sgd escape', esc_sgd or -1, 4000, 4800)}")
    out("during the plateau:")
    out(f"  {'step':>6} {'L':>14} {'|grad L|':>11} {'|w1-w2|':>11} {'cos(w1,w2)':>20} {'|v1-v2|':>11}")
    dws, coss = [], []
    for k in sorted(set([enter_g or 0, 500, 1000, 1500, 2000, 2500, 3000, 3500, kmin or 0, (leave_g or 1) - 1]
                        + list(range(enter_g or 0, leave_g or 0, 50)))):
        if k >= len(hist):
            continue
        _, L, g, th = hist[k]
        dw = float(np.linalg.norm(th[0:2] - th[2:4]))
        c = cos(th[0:2], th[2:4])
        if enter_g is not None and enter_g <= k < (leave_g or 0):
            dws.append(dw)
            coss.append(c)
        if k in (enter_g, 500, 1000, 1500, 2000, 2500, 3000, 3500, kmin, (leave_g or 1) - 1):
            out(f"  {k:6d} {L:14.6e} {g:11.3e} {dw:11.3e} {c:20.15f} {abs(th[4]-th[5]):11.3e}")
    out(f"  over the plateau (|grad| < 1e-3): |w1-w2| in [{min(dws):.4e}, {max(dws):.4e}], "
        f"cos(w1,w2) >= {min(coss):.10f}   "
        f"{check_facts('min cos', min(coss), 0.9999, 1.0)}")
    out(f"  {check_facts('|w1-w2| on plateau (max)', max(dws), 0.003, 0.03)}")
    for k in (4000, esc_sgd):
        if k is not None and k < len(hist):
            _, L, g, th = hist[k]
            out(f"  step {k}: L = {L:.6e}, |w1-w2| = {np.linalg.norm(th[0:2]-th[2:4]):.4e}, "
                f"cos = {cos(th[0:2], th[2:4]):.10f}, theta = {np.array2string(th, precision=6)}")
    out()

    # ---------------- symmetric critical point ----------------
    out("symmetric critical point (Newton on grad L restricted to w1 = w2, v1 = v2)")
    out("-" * 90)
    th2000 = hist[2000][3]
    u0 = [(th2000[0] + th2000[2]) / 2, (th2000[1] + th2000[3]) / 2, (th2000[4] + th2000[5]) / 2]
    ths, its = symmetric_critical_point(u0)
    out(f"theta* = {ths.tolist()}  (Newton iterations: {its}, started from the symmetrised sgd step-2000 point)")
    out(f"L(theta*) = {loss(ths)!r}, |grad L(theta*)| (full 6-dim) = {np.linalg.norm(grad(ths)):.3e}")
    F = fisher(ths)
    evF, vecF = np.linalg.eigh(F)
    out(f"eig F(theta*)  = {fmt_eigs(evF)}")
    nz = np.sum(np.abs(evF) < 1e-10 * evF.max())
    out(f"  {nz} eigenvalues ~ 0 (|lambda| < 1e-10*lambda_max)   {'OK ' if nz == 3 else 'DISAGREES'} (expected three)")
    N = vecF[:, :3]
    D = np.array([[1, 0, -1, 0, 0, 0], [0, 1, 0, -1, 0, 0], [0, 0, 0, 0, 1, -1]], dtype=float).T / np.sqrt(2)
    # principal angles between the null space and span{w1-w2 (2 dims), v1-v2}
    sv = np.linalg.svd(N.T @ D, compute_uv=False)
    out(f"  cosines of principal angles between null(F) and span(e_w1[0]-e_w2[0], e_w1[1]-e_w2[1], e_v1-e_v2): "
        f"{np.array2string(sv, precision=15)}   {'OK ' if np.all(sv > 1 - 1e-10) else 'DISAGREES'}")
    H = hessian(ths)
    evH, vecH = np.linalg.eigh(H)
    out(f"eig H(theta*)  = {fmt_eigs(evH)}   (analytic; max |H - FD H| = {np.max(np.abs(H - hessian_fd(ths))):.2e})")
    tol = 1e-10 * evH.max()
    neg = evH[evH < -tol]
    out(f"  negative eigenvalues (< -1e-10*lambda_max): {neg.tolist()}; "
        f"~0 eigenvalues: {int(np.sum(np.abs(evH) <= tol))}   "
        f"{'OK ' if len(neg) == 1 and abs(neg[0] + 0.147) < 0.005 else 'DISAGREES'} (expected one, ~ -0.147)")
    vneg = vecH[:, 0]
    out(f"  negative-curvature direction: {np.array2string(vneg, precision=6)} "
        f"(|component in the antisymmetric subspace| = {np.linalg.norm(D.T @ vneg):.6f})")
    out()
    out("at the sgd plateau point, step 2000")
    out("-" * 90)
    _, L, g, th = hist[2000]
    out(f"theta_2000 = {th.tolist()}")
    out(f"L = {L!r}, |grad L| = {g:.3e}, |theta_2000 - theta*| = {np.linalg.norm(th - ths):.4e}")
    out(f"eig F  = {fmt_eigs(np.linalg.eigvalsh(fisher(th)))}")
    out(f"eig H  = {fmt_eigs(np.linalg.eigvalsh(hessian(th)))}")
    out()

    # ---------------- Adam / natural gradient ----------------
    out("escape steps (first step with L < 1.6e-4) and speed-up over sgd")
    out("-" * 90)
    esc_adam, _, _ = run(adam_step, "adam")
    esc_adam_t, tv = adam_torch_escape()
    esc_ngd, _, _ = run(ngd_step, "ngd")
    out(f"sgd   (lr 0.01): {esc_sgd}")
    for name, e in (("adam  (numpy, torch semantics, lr 0.05, betas 0.9/0.999, eps 1e-8)", esc_adam),
                    (f"adam  (torch.optim.Adam {tv}, foreach=False)", esc_adam_t),
                    ("natural gradient (lr 0.01, delta 1e-4)", esc_ngd)):
        sp = esc_sgd / e if e else float('nan')
        out(f"{name}: {e}   speed-up {sp:.2f}x   {check_facts('speed-up', sp, 8, 14)}")
    out()

    cross_check_json()

    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
