#!/usr/bin/env python3
"""Real torch.optim reference trajectories for plateau's 6-parameter `committee` model.

Model   y(x; theta) = v1*tanh(w1.x) + v2*tanh(w2.x),  x in R^2,  w.x = w[0]*x[0] + w[1]*x[1]
theta   (w1[0], w1[1], w2[0], w2[1], v1, v2)
data    x_n = (-2+i, -2+j), i, j = 0..4, n = 5i + j          (25 grid points)
teacher t_n = tanh(a.x_n) + tanh(b.x_n), a = (1.5, 0.15), b = (1.5, -0.15)
loss    L = sum_n (t_n - y_n)^2                              (a SUM, not a mean)
start   theta0 = (0.1, 0.11, 0.1, 0.09, 0.1, 0.1)

torch float64 on CPU, ONE 6-element leaf tensor, every optimizer built with foreach=False,
gradients by autograd (loss.backward()), opt.zero_grad() before each step.

Run:  /work/venv-torch/bin/python core/tests/data/gen_committee.py
Writes torch-committee-cases.json beside this file.
"""

import datetime
import json
import math
import os
import platform
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch-committee-cases.json")
GENERATOR = "core/tests/data/gen_committee.py"

THETA0 = [0.1, 0.11, 0.1, 0.09, 0.1, 0.1]
A = (1.5, 0.15)
B = (1.5, -0.15)
CHECKPOINTS = [10, 100, 1000, 5000]       # chaos check at these steps
AT_STEPS = [100, 1000, 5000]              # stored params + loss at these steps
STEPS = max(CHECKPOINTS)
LOSS_EVERY = 100
RTOL_OK = 1e-9                            # recommended rtol when ...
STABLE_DEV = 1e-10                        # ... the perturbed / reimplemented runs stay within this

GRID = [(-2.0 + i, -2.0 + j) for i in range(5) for j in range(5)]   # n = 5i + j

torch.set_default_dtype(torch.float64)
X0 = torch.tensor([p[0] for p in GRID], dtype=torch.float64)
X1 = torch.tensor([p[1] for p in GRID], dtype=torch.float64)
T = torch.tanh(A[0] * X0 + A[1] * X1) + torch.tanh(B[0] * X0 + B[1] * X1)
T_LIST = [float(v) for v in T.tolist()]

# (plateau name, torch class, constructor kwargs given explicitly)
CASES = [
    ("sgd", "SGD", dict(lr=0.01)),
    ("momentum", "SGD", dict(lr=0.01, momentum=0.9)),
    ("nesterov", "SGD", dict(lr=0.01, momentum=0.9, nesterov=True)),
    ("adagrad", "Adagrad", dict(lr=0.1)),
    ("adadelta", "Adadelta", dict(lr=1.0)),
    ("rmsprop", "RMSprop", dict(lr=0.01)),
    ("adam", "Adam", dict(lr=0.05)),
    ("adamw", "AdamW", dict(lr=0.05)),
]

# Algorithmic hyperparameters recorded per class (all of them, torch defaults filled in);
# implementation switches (foreach, fused, capturable, differentiable) are recorded separately.
HYPER_KEYS = {
    "SGD": ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"],
    "Adagrad": ["lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "maximize"],
    "Adadelta": ["lr", "rho", "eps", "weight_decay", "maximize"],
    "RMSprop": ["lr", "momentum", "alpha", "eps", "centered", "weight_decay", "maximize"],
    "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"],
    "AdamW": ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"],
}
IMPL_KEYS = ["foreach", "fused", "capturable", "differentiable"]


def label(cls, kw):
    return cls + "(" + ", ".join(f"{k}={v!r}" for k, v in kw.items()) + ")"


def loss_torch(theta):
    """Vectorised over the 25 points; same formula order as the model text."""
    z1 = theta[0] * X0 + theta[1] * X1
    z2 = theta[2] * X0 + theta[3] * X1
    y = theta[4] * torch.tanh(z1) + theta[5] * torch.tanh(z2)
    r = T - y
    return (r * r).sum()


def grad_analytic(th):
    """Independent hand-written gradient in Python float64 (math module), sequential sum over n."""
    g = [0.0] * 6
    for n, (x0, x1) in enumerate(GRID):
        h1 = math.tanh(th[0] * x0 + th[1] * x1)
        h2 = math.tanh(th[2] * x0 + th[3] * x1)
        r = T_LIST[n] - (th[4] * h1 + th[5] * h2)
        c = -2.0 * r
        d1 = c * th[4] * (1.0 - h1 * h1)
        d2 = c * th[5] * (1.0 - h2 * h2)
        g[0] += d1 * x0
        g[1] += d1 * x1
        g[2] += d2 * x0
        g[3] += d2 * x1
        g[4] += c * h1
        g[5] += c * h2
    return g


def finite(v):
    return [x if math.isfinite(x) else None for x in v]


def run(cls, kw, start, grad_mode="autograd", record=False):
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, cls)([theta], foreach=False, **kw)
    out = {"first10": [], "at": {}, "loss_every": [], "first_nonfinite_step": None, "opt": opt}
    for k in range(STEPS + 1):           # at iteration k, theta holds theta_k (after k steps)
        if record or k in CHECKPOINTS:
            with torch.no_grad():
                lk = float(loss_torch(theta))
            if k == 0:
                out["loss0"] = lk
            if k % LOSS_EVERY == 0:
                out["loss_every"].append(lk if math.isfinite(lk) else None)
        if k in CHECKPOINTS:
            out["at"][k] = {"params": [float(v) for v in theta.detach().tolist()], "loss": lk}
        if k == STEPS:
            break
        opt.zero_grad()
        if grad_mode == "autograd":
            loss = loss_torch(theta)
            loss.backward()
        else:
            theta.grad = torch.tensor(grad_analytic(theta.detach().tolist()), dtype=torch.float64)
        opt.step()
        p = [float(v) for v in theta.detach().tolist()]
        if k < 10:
            out["first10"].append(p)
        if not all(math.isfinite(v) for v in p):
            out["first_nonfinite_step"] = k + 1
            break
    return out


def rel_dev(a, b):
    if a is None or b is None:
        return math.inf
    return max(abs(x - y) / max(1.0, abs(x)) for x, y in zip(a, b))


def main():
    cases = []
    for name, cls, kw in CASES:
        ref = run(cls, kw, THETA0, record=True)
        group = ref["opt"].param_groups[0]
        hyper = {}
        for key in HYPER_KEYS[cls]:
            v = group[key]
            hyper[key] = list(v) if isinstance(v, tuple) else v
        impl = {key: group.get(key) for key in IMPL_KEYS if key in group}
        # chaos check
        variants = {}
        for i in range(6):
            s = list(THETA0)
            s[i] = math.nextafter(s[i], math.inf)
            variants[f"ulp_coord{i}"] = run(cls, kw, s)
        s = [math.nextafter(v, math.inf) for v in THETA0]
        variants["ulp_all"] = run(cls, kw, s)
        variants["analytic_grad"] = run(cls, kw, THETA0, grad_mode="analytic")
        sens = {}
        rtol = {}
        for c in CHECKPOINTS:
            a = ref["at"].get(c, {}).get("params")
            devs = {vn: rel_dev(a, v["at"].get(c, {}).get("params")) for vn, v in variants.items()}
            ulp_devs = [d for vn, d in devs.items() if vn.startswith("ulp")]
            ulp_max = max(ulp_devs)
            ana = devs["analytic_grad"]
            worst = max(ulp_max, ana)
            sens[str(c)] = {
                "max_rel_dev_ulp_perturbed": ulp_max,
                "max_rel_dev_ulp_per_coord": [devs[f"ulp_coord{i}"] for i in range(6)],
                "max_rel_dev_ulp_all": devs["ulp_all"],
                "max_rel_dev_analytic_grad": ana,
                "max_rel_dev": worst,
            }
            rtol[str(c)] = RTOL_OK if worst <= STABLE_DEV else None
        case = {
            "id": f"committee@theta0/{label(cls, kw)}",
            "plateau_name": name,
            "optimizer": cls,
            "optimizer_label": label(cls, kw),
            "hyperparams": hyper,
            "torch_impl_flags": impl,
            "start": list(THETA0),
            "steps": STEPS,
            "loss0": ref["loss0"],
            "trajectory_first10": [finite(p) for p in ref["first10"]],
            "at": {str(k): {"params": finite(ref["at"][k]["params"]), "loss": ref["at"][k]["loss"]}
                   for k in AT_STEPS if k in ref["at"]},
            "loss_every_100": ref["loss_every"],
            "first_nonfinite_step": ref["first_nonfinite_step"],
            "recommended_rtol": rtol,
            "sensitivity": sens,
        }
        cases.append(case)
        print(f"{name:9s} L0={ref['loss0']:.6g} L5000={ref['at'][STEPS]['loss']:.6g} "
              + " ".join(f"{c}:{sens[str(c)]['max_rel_dev']:.2e}" for c in CHECKPOINTS),
              flush=True)

    meta = {
        "generator": GENERATOR,
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "torch_version": torch.__version__,
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "model": "y(x;theta) = v1*tanh(w1.x) + v2*tanh(w2.x), w.x = w[0]*x[0] + w[1]*x[1]",
        "param_order": ["w1[0]", "w1[1]", "w2[0]", "w2[1]", "v1", "v2"],
        "data": "x_n = (-2+i, -2+j), i,j = 0..4, n = 5i+j (25 points)",
        "x": [list(p) for p in GRID],
        "teacher": "t_n = tanh(a.x_n) + tanh(b.x_n), a = (1.5, 0.15), b = (1.5, -0.15), computed in "
                   "torch float64 as torch.tanh(1.5*X0 + 0.15*X1) + torch.tanh(1.5*X0 + (-0.15)*X1)",
        "teacher_t": T_LIST,
        "loss": "L(theta) = sum_n (t_n - y_n)^2, a SUM over the 25 points",
        "loss_form": "vectorised torch ops over 25-element tensors: z1 = theta[0]*X0 + theta[1]*X1; "
                     "z2 = theta[2]*X0 + theta[3]*X1; y = theta[4]*tanh(z1) + theta[5]*tanh(z2); "
                     "r = T - y; L = (r*r).sum()  (torch's reduction order, not a sequential sum)",
        "dtype": "float64; params are ONE 6-element leaf tensor on CPU; every optimizer constructed "
                 "with foreach=False (single-tensor code path); gradients by autograd "
                 "(opt.zero_grad(); loss.backward(); opt.step())",
        "theta0": list(THETA0),
        "indexing": "trajectory_first10[i] = theta after i+1 optimizer steps (the start is NOT included); "
                    "at[\"K\"] = {params: theta after K steps, loss: L(theta_K)}; loss0 = L(theta0); "
                    "loss_every_100[j] = L(theta after 100*j steps), j = 0..50",
        "nonfinite": "non-finite numbers are written as null; first_nonfinite_step = first step whose "
                     "theta has a non-finite coordinate (the run stops there), null if none",
        "numbers": "all floats are Python repr (shortest round-trip) of IEEE-754 binary64; parse with "
                   "a correctly-rounding parser (serde_json needs the float_roundtrip feature)",
        "chaos_check": "for each case the run is repeated (a) with the start perturbed by 1 ulp "
                       "(math.nextafter towards +inf) in ONE coordinate at a time (6 runs), (b) in ALL "
                       "six coordinates at once (1 run), and (c) from the unperturbed start with an "
                       "independent hand-written analytic gradient (Python math, sequential sum over n) "
                       "assigned to p.grad instead of autograd. sensitivity[\"K\"] holds the max "
                       "relative deviation |a-b|/max(1,|a|) over the 6 params at step K: "
                       "max_rel_dev_ulp_perturbed = max over (a) and (b); max_rel_dev = max of that and (c).",
        "recommended_rtol": "per checkpoint K in {10,100,1000,5000}: 1e-9 if sensitivity[K].max_rel_dev "
                            "<= 1e-10 (compare params at K with |a-b| <= rtol*max(1,|ref|); a port with "
                            "ulp-level op-order differences stays inside), else null = chaotic there, "
                            "do not compare. Step 10 applies to trajectory_first10[9] (and earlier rows); "
                            "the at[K].loss values may be compared with the same rtol when it is non-null.",
        "hyperparams": "every algorithmic hyperparameter of the torch class with torch defaults filled in "
                       "(read back from opt.param_groups[0]); torch_impl_flags holds the implementation "
                       "switches (foreach=False etc.)",
        "schema": {
            "meta": "this block",
            "cases[]": {
                "id": "str", "plateau_name": "sgd|momentum|nesterov|adagrad|adadelta|rmsprop|adam|adamw",
                "optimizer": "torch.optim class name", "optimizer_label": "str",
                "hyperparams": "{name: number|bool|[b1,b2]}", "torch_impl_flags": "{name: value}",
                "start": "[6]", "steps": "int (5000)", "loss0": "float",
                "trajectory_first10": "[10][6]", "at": "{\"100\"|\"1000\"|\"5000\": {params: [6], loss: float}}",
                "loss_every_100": "[51] float", "first_nonfinite_step": "int|null",
                "recommended_rtol": "{\"10\"|\"100\"|\"1000\"|\"5000\": 1e-9|null}",
                "sensitivity": "{\"K\": {max_rel_dev_ulp_perturbed, max_rel_dev_ulp_per_coord[6], "
                               "max_rel_dev_ulp_all, max_rel_dev_analytic_grad, max_rel_dev}}",
            },
        },
    }
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": cases}, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
