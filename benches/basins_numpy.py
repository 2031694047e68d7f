"""The user's alternative to `plateau basins -l himmelblau -o adam --width 120 --height 40
--steps 2000`: the same basin map written vectorised in plain numpy.

Adam (torch's update, lr 0.05, betas 0.9, 0.999, eps 1e-8) runs from all 120x40 cell
centres of [-5, 5]^2 at once for 2000 steps (no early stop: a vectorised loop cannot drop
converged starts cheaply), then each end is matched to the nearest of himmelblau's four
minima within plateau's capture radius (1% of the domain's diagonal). Prints the shares and
the time; time the whole script with hyperfine to include numpy's start-up, as plateau's
time includes its own.

    /work/venv-torch/bin/python benches/basins_numpy.py
"""

import time

import numpy as np

WIDTH, HEIGHT, STEPS = 120, 40, 2000
LR, BETA1, BETA2, EPS = 0.05, 0.9, 0.999, 1e-8
MINIMA = np.array(
    [
        [3.0, 2.0],
        [3.5844283403304917, -1.8481265269644036],
        [-2.805118086952745, 3.131312518250573],
        [-3.779310253377747, -3.2831859912861696],
    ]
)
CAPTURE = 0.01 * np.hypot(10.0, 10.0)


def gradient(x, y):
    """Himmelblau's gradient, in plateau's (and torch's reference runs') order."""
    u = x * x + y - 11.0
    w = x + y * y - 7.0
    return 4.0 * x * u + 2.0 * w, 2.0 * u + 4.0 * y * w


def main():
    began = time.perf_counter()
    cols = -5.0 + (np.arange(WIDTH) + 0.5) / WIDTH * 10.0
    rows = 5.0 - (np.arange(HEIGHT) + 0.5) / HEIGHT * 10.0
    x, y = (a.ravel().copy() for a in np.meshgrid(cols, rows))
    mx, my, vx, vy = (np.zeros_like(x) for _ in range(4))
    for step in range(1, STEPS + 1):
        gx, gy = gradient(x, y)
        bias1 = 1.0 - BETA1**step
        bias2_sqrt = (1.0 - BETA2**step) ** 0.5
        mx += (1.0 - BETA1) * (gx - mx)
        my += (1.0 - BETA1) * (gy - my)
        vx = BETA2 * vx + (1.0 - BETA2) * gx * gx
        vy = BETA2 * vy + (1.0 - BETA2) * gy * gy
        x -= (LR / bias1) * mx / (np.sqrt(vx) / bias2_sqrt + EPS)
        y -= (LR / bias1) * my / (np.sqrt(vy) / bias2_sqrt + EPS)
    distance = np.hypot(x[:, None] - MINIMA[:, 0], y[:, None] - MINIMA[:, 1])
    nearest = distance.argmin(axis=1)
    captured = distance.min(axis=1) <= CAPTURE
    elapsed = time.perf_counter() - began
    for i in range(len(MINIMA)):
        share = np.count_nonzero(captured & (nearest == i)) / x.size
        print(f"minimum {i} {MINIMA[i]}: {100 * share:.1f}% of the view")
    print(f"not in a minimum: {100 * np.count_nonzero(~captured) / x.size:.1f}%")
    print(f"{x.size} starts x {STEPS} steps in {elapsed:.3f} s (numpy {np.__version__})")


if __name__ == "__main__":
    main()
