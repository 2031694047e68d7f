#!/usr/bin/env python3
"""Speed baseline: torch.optim.Adam (lr 0.05) on the `committee` model, 20,000 steps.

6-element float64 leaf tensor on CPU, foreach=False, autograd loss (L = sum_n (t_n - y_n)^2 over
the 25 grid points). Two loss forms are timed: vectorised torch ops over 25-element tensors (the
form used by gen_committee.py) and a per-point Python loop of scalar torch ops.

Run:  /work/venv-torch/bin/python core/tests/data/bench_torch_committee.py [steps]
"""

import sys
import time

import torch

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
THETA0 = [0.1, 0.11, 0.1, 0.09, 0.1, 0.1]
GRID = [(-2.0 + i, -2.0 + j) for i in range(5) for j in range(5)]
X0 = torch.tensor([p[0] for p in GRID], dtype=torch.float64)
X1 = torch.tensor([p[1] for p in GRID], dtype=torch.float64)
T = torch.tanh(1.5 * X0 + 0.15 * X1) + torch.tanh(1.5 * X0 + (-0.15) * X1)
T_LIST = T.tolist()


def loss_vec(theta):
    z1 = theta[0] * X0 + theta[1] * X1
    z2 = theta[2] * X0 + theta[3] * X1
    r = T - (theta[4] * torch.tanh(z1) + theta[5] * torch.tanh(z2))
    return (r * r).sum()


def loss_loop(theta):
    w10, w11, w20, w21, v1, v2 = theta.unbind()
    total = 0.0
    for n, (x0, x1) in enumerate(GRID):
        y = v1 * torch.tanh(w10 * x0 + w11 * x1) + v2 * torch.tanh(w20 * x0 + w21 * x1)
        r = T_LIST[n] - y
        total = total + r * r
    return total


def bench(loss_fn, steps):
    theta = torch.tensor(THETA0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([theta], lr=0.05, foreach=False)
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(theta)
        loss.backward()
        opt.step()
    dt = time.perf_counter() - t0
    return steps / dt, dt, float(loss_fn(theta).detach())


def main():
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"cpu capability {torch.backends.cpu.get_cpu_capability()}, Adam lr 0.05, foreach=False, float64")
    bench(loss_vec, 200)                    # warm-up
    for name, fn in (("vectorised loss", loss_vec), ("per-point loop loss", loss_loop)):
        sps, dt, L = bench(fn, STEPS)
        print(f"{name:20s}: {STEPS} steps in {dt:.3f} s = {sps:,.0f} steps/s  (final L = {L:.6e})")


if __name__ == "__main__":
    main()
