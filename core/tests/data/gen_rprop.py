#!/usr/bin/env python3
"""Real torch.optim.Rprop reference trajectories for plateau's `rprop` optimizer.

torch float64 on CPU, ONE 2-element leaf tensor p = [x, y], Rprop built with foreach=False
(the single-tensor code path `_single_tensor_rprop`). Gradients are analytic: computed in
Python float64 in exactly the floating-point order of plateau's `Formula::gradient`
(core/src/landscape/*.rs, docs/reference/OPTIMIZERS.md section 1) and assigned to p.grad
before each opt.step(), as in torch-optim-cases.json.

Two kinds of record:
  cases               an optimizer run on a landscape: positions after steps 1..10, 200 and
                      1000, and the first step whose position is non-finite;
  gradient_sequences  Rprop fed a fixed list of gradients (infinities, signed zeros, products
                      that underflow or overflow, NaN): the position and torch's step_size
                      state after every step.

Run:  /work/venv-torch/bin/python core/tests/data/gen_rprop.py
Writes torch-rprop-cases.json beside this file.
"""

import datetime
import json
import math
import os
import platform
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch-rprop-cases.json")
GENERATOR = "core/tests/data/gen_rprop.py"
STEPS = 1000

# --- gradients, in the floating-point order of plateau's Formula::gradient -----------------


def bowl(x, y):
    # core/src/landscape/bowl.rs: Point::new(2.0 * p.x, 2.0 * p.y)
    return 2.0 * x, 2.0 * y


def himmelblau(x, y):
    u = x * x + y - 11.0
    w = x + y * y - 7.0
    return 4.0 * x * u + 2.0 * w, 2.0 * u + 4.0 * y * w


def saddle(x, y):
    return 2.0 * x, -2.0 * y


# core/src/landscape/neuron.rs TARGETS: 1.5*tanh(x_n) as glibc gives it.
NEURON_TARGETS = [
    -1.4460413701137254,
    -1.3577223804672995,
    -1.1423912339336473,
    -0.6931757358900146,
    0.0,
    0.6931757358900146,
    1.1423912339336473,
    1.3577223804672995,
    1.4460413701137254,
]


def neuron(v, w):
    gv, gw = 0.0, 0.0
    for n in range(9):
        x = -2.0 + 0.5 * n
        a = math.tanh(w * x)
        r = NEURON_TARGETS[n] - v * a
        gv += r * a
        gw += r * x * (1.0 - a * a)
    return -2.0 * gv, -2.0 * v * gw


def rosenbrock(x, y):
    a, b = 1.0, 100.0
    d = y - x * x
    return -2.0 * (a - x) - 4.0 * b * x * d, 2.0 * b * d


GRADIENTS = {
    "bowl": bowl,
    "himmelblau": himmelblau,
    "saddle": saddle,
    "neuron": neuron,
    "rosenbrock": rosenbrock,
}

# (plateau landscape, start, constructor kwargs besides foreach, why)
CASES = [
    ("bowl", (2.0, 3.0), {}, "seed article example; convex sanity check"),
    (
        "himmelblau",
        (-0.5, 0.5),
        {},
        "between the maximum and two saddles: the sign of gx flips early, exercising etaminus",
    ),
    (
        "saddle",
        (1.0, 1e-3),
        {},
        "strict saddle: |gy| = 2e-3 is tiny, yet y's step grows like x's (sign-only steps)",
    ),
    (
        "neuron",
        (0.01, 9.0),
        {},
        "tanh plateau: dL/dw ~ 1e-5 at w = 9, Rprop's steps do not shrink with it",
    ),
    ("rosenbrock", (-1.5, 2.0), {}, "narrow curved valley: frequent sign changes"),
    (
        "rosenbrock",
        (-1.5, 2.0),
        {"lr": 0.1, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.5)},
        "non-default etas and step_sizes; both clamps are reached",
    ),
]

# Fixed gradient lists. Non-finite inputs are written as strings in the JSON.
INF, NAN = math.inf, math.nan
SEQUENCES = [
    (
        "non_finite_and_extreme",
        (0.5, -0.25),
        {},
        "infinite gradients (inf*0 = NaN product: torch's sign gives 0, factor 1), "
        "signed zeros, products that underflow to 0 or overflow to inf, subnormals",
        [
            (INF, -INF),  # prev = 0: inf*0 = NaN, sign(NaN) = 0 -> factor 1; moves by lr
            (1.0, -1.0),  # same signs as prev: etaplus
            (-1.0, 1.0),  # sign change: etaminus, gradient zeroed, no move
            (-1.0, 1.0),  # prev = 0: factor 1
            (-1e-200, 1e-200),  # same signs; next products underflow
            (-1e-200, 1e-200),  # product 1e-400 -> 0: factor 1 although the signs agree
            (-1e300, -0.0),  # same sign for x; -0 gradient: no move for y
            (-1e300, 5e-324),  # x: product inf -> etaplus; y: prev -0 -> product -0 -> 1
            (-INF, 5e-324),  # x: inf product -> etaplus; y: 5e-324^2 underflows -> 1
            (INF, -5e-324),  # x: sign change; y: product underflows to -0 -> factor 1
            (0.0, 3.0),
            (2.0, 3.0),
        ]
        + [(1.0, -1.0)] * 55,  # steps grow to step_size_max
    ),
    (
        "non_default_clamps",
        (0.0, 0.0),
        {"lr": 0.7, "etas": (0.1, 3.0), "step_sizes": (0.01, 0.5)},
        "step sizes clamped at both ends; lr above step_size_max is clamped on the first step",
        [(1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (-1.0, 1.0)] * 4 + [(1.0, 1.0)] * 6,
    ),
    (
        "nan_gradient",
        (0.5, -0.25),
        {},
        "torch.sign(NaN) is 0 on CPU (pytorch/pytorch#41245): a NaN gradient component "
        "leaves that coordinate and its step size unchanged (prev becomes NaN, so the next "
        "factor is 1). plateau deliberately propagates NaN here instead (see rprop.rs)",
        [(1.0, 1.0), (NAN, 1.0), (1.0, NAN), (1.0, 1.0)],
    ),
]


def full_kwargs(kw):
    """All of Rprop's algorithmic hyperparameters, torch defaults filled in."""
    out = {"lr": 0.01, "etas": (0.5, 1.2), "step_sizes": (1e-6, 50), "maximize": False}
    out.update(kw)
    return out


def make(kw, start):
    p = torch.tensor(list(start), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Rprop([p], foreach=False, **kw)
    group = opt.param_groups[0]
    assert group["foreach"] is False and group["capturable"] is False
    assert group["differentiable"] is False and group["maximize"] is False
    return p, opt


def position(p):
    return [v if math.isfinite(v) else None for v in p.detach().tolist()]


def num(v):
    """A float for JSON: a number, or "inf" / "-inf" / "nan"."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def run_case(land, start, kw, why):
    grad_fn = GRADIENTS[land]
    p, opt = make(kw, start)
    first10, at, first_nonfinite = [], {}, None
    for step in range(1, STEPS + 1):
        x, y = p.detach().tolist()
        gx, gy = grad_fn(x, y)
        p.grad = torch.tensor([gx, gy], dtype=torch.float64)
        opt.step()
        pos = position(p)
        if step <= 10:
            first10.append(pos)
        if step in (200, 1000):
            at[step] = pos
        if None in pos:
            first_nonfinite = step
            break
    state = opt.state[p]
    hyper = full_kwargs(kw)
    return {
        "id": f"{land}@({start[0]!r},{start[1]!r})/Rprop({', '.join(f'{k}={v!r}' for k, v in kw.items())})",
        "landscape": land,
        "start": list(start),
        "start_rationale": why,
        "optimizer": "Rprop",
        "default_hyperparams": not kw,
        "hyperparams": {k: list(v) if isinstance(v, tuple) else v for k, v in hyper.items()},
        "steps": STEPS,
        "trajectory_first10": first10,
        "at_200": at.get(200),
        "at_1000": at.get(1000),
        "first_nonfinite_step": first_nonfinite,
        "step_size_at_end": [num(v) for v in state["step_size"].tolist()],
    }


def run_sequence(name, start, kw, why, grads):
    p, opt = make(kw, start)
    positions, step_sizes = [], []
    for gx, gy in grads:
        p.grad = torch.tensor([gx, gy], dtype=torch.float64)
        opt.step()
        positions.append([num(v) for v in p.detach().tolist()])
        step_sizes.append([num(v) for v in opt.state[p]["step_size"].tolist()])
    hyper = full_kwargs(kw)
    return {
        "id": name,
        "start": list(start),
        "rationale": why,
        "hyperparams": {k: list(v) if isinstance(v, tuple) else v for k, v in hyper.items()},
        "gradients": [[num(gx), num(gy)] for gx, gy in grads],
        "positions": positions,
        "step_sizes": step_sizes,
    }


def main():
    torch.set_default_dtype(torch.float64)
    for n in range(9):
        x = -2.0 + 0.5 * n
        assert NEURON_TARGETS[n] == 1.5 * math.tanh(1.0 * x), n
    # torch's sign maps NaN to 0 on this build; the nan_gradient sequence records the effect.
    sign_of_nan = torch.tensor([NAN, -NAN], dtype=torch.float64).sign().tolist()
    out = {
        "meta": {
            "generator": GENERATOR,
            "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            ),
            "torch_version": torch.__version__,
            "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "dtype": "float64; params are ONE 2-element leaf tensor [x, y] on CPU; "
            "torch.optim.Rprop constructed with foreach=False (_single_tensor_rprop)",
            "gradients": "analytic, Python float64, in the floating-point order of plateau's "
            "Formula::gradient (docs/reference/OPTIMIZERS.md section 1), assigned to p.grad "
            "before each opt.step()",
            "indexing": "trajectory_first10[i] = position after i+1 steps (the start is not "
            "included); at_200 / at_1000 = position after 200 / 1000 steps; "
            "gradient_sequences positions[i] / step_sizes[i] = after i+1 steps",
            "nonfinite": "case positions: non-finite coordinates are null, the run stops at "
            "first_nonfinite_step (first step with a non-finite position); gradient_sequences: "
            'non-finite numbers are the strings "inf", "-inf", "nan"',
            "numbers": "Python repr (shortest round-trip) of binary64; parse with a "
            "correctly rounding parser (serde_json: float_roundtrip)",
            "torch_sign_of_nan": sign_of_nan,
        },
        "cases": [run_case(*c) for c in CASES],
        "gradient_sequences": [run_sequence(*s) for s in SEQUENCES],
    }
    text = json.dumps(out, indent=1, allow_nan=False)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    print(f"wrote {OUT}: {len(out['cases'])} cases, {len(out['gradient_sequences'])} sequences")
    for c in out["cases"]:
        print(f"  {c['id']}: at_1000 {c['at_1000']} step_size {c['step_size_at_end']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
