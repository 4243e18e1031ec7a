"""Lucid's standard transforms in PyTorch, as the reference side of the visualisation benchmarks runs them: pad 12
with 0.5, jitter 8, scale by one of 1 + (i - 5)/50 (bilinear, half-pixel centres), rotate by one of Lucid's angles
(bilinear, zeros outside), jitter 4. One draw per step for the whole batch, from `rng` (anything with Python's
randint and randrange); on the device of the input."""
import math

import torch
import torch.nn.functional as F

ANGLES = list(range(-10, 11)) + 5 * [0]


def jitter(x, d, rng):
    dy, dx = rng.randint(0, d), rng.randint(0, d)
    h, w = x.shape[2], x.shape[3]
    return x[:, :, dy:dy + h - d, dx:dx + w - d]


def resize(x, h, w):
    return F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)


def rotate(x, degrees):
    if degrees == 0:
        return x
    a = math.radians(degrees)
    theta = torch.tensor([[math.cos(a), -math.sin(a), 0.0], [math.sin(a), math.cos(a), 0.0]], device=x.device)
    grid = F.affine_grid(theta[None].expand(x.shape[0], 2, 3), list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def transform(x, rng):
    x = F.pad(x, (12, 12, 12, 12), mode="constant", value=0.5)
    x = jitter(x, 8, rng)
    s = 1 + (rng.randrange(11) - 5) / 50.0
    x = resize(x, int(s * x.shape[2]), int(s * x.shape[3]))
    x = rotate(x, ANGLES[rng.randrange(len(ANGLES))])
    return jitter(x, 4, rng)
