#!/usr/bin/python3
"""Seconds per optimisation step of feature visualisation: FeatureLens against the same optimisation in PyTorch.

Method: for each target layer (conv1_2, relu3_3, relu5_3 by default; filter 1), FeatureLens runs the packaged
jar's `visualize` command (build it with `mvn package -DskipTests`) on the demo weights for filters 0-1 with
--steps N; it prints, for each filter, its whole render (N steps plus the two activations and the PNG) divided
by N, and the seconds per step over steps 2-N alone (from the end of step 1 to the end of step N, divided by
N - 1), which is what the PyTorch side times. The first filter is a warm-up; the numbers taken are the second's
steps-only figure (reported) and its whole-render figure (reported beside it), without the JVM's start or the
weights' load. The service's allocator settings are the CPU image's (bench/service.py). PyTorch (Debian's python3-torch, in this process) runs the same optimisation on the
same demo weights: Lucent's fft_image and to_valid_rgb (tools/golden/generate_visualize_goldens.py), Lucid's
transforms (pad 12 with 0.5, jitter 8, scale from 1 + (i - 5)/50, rotation from Lucid's angle list, bilinear,
jitter 4; F.interpolate and grid_sample), ImageNet normalisation, vgg16.features up to the layer, the mean of
the filter's map, torch.optim.Adam(lr=0.05); a warm-up render of a few steps, then a render of N steps of which
steps 2-N are timed. Both sides
draw every step's crops, scale and angle from the same sequence (FeatureLens's seed through java.util.Random's
formula, JavaRandom here), so both transform the same image sizes: the network's cost follows them. FeatureLens
computes only the target filter at the last convolution (everything after it works channel by channel); the
reference computes the whole layer, as Lucent does. Both sides
use the same thread count (--threads; DJL's ai.djl.pytorch.num_threads and OMP_NUM_THREADS, torch.set_num_threads).
Blocks alternate (FeatureLens then PyTorch, then the other way round), --blocks per layer; each side is idle
while the other runs. Reported: median and minimum s/step per side and their ratios (target <= 1.0 on both).

    /usr/bin/python3 bench/visualize_steps.py [--steps 16] [--blocks 3] [--threads 2] [--layers conv1_2,relu3_3,relu5_3]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import torch
from torchvision import models

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "golden"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_goldens import demo_state_dict  # noqa: E402
from generate_visualize_goldens import fft_image, to_valid_rgb  # noqa: E402
from lucid_transforms import transform  # noqa: E402
from service import add_reference_allocator, use_reference_allocator, with_allocator  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
INDEX = {"conv1_2": 2, "relu3_3": 15, "relu5_3": 29}
SIZE = 224
FILTER = 1
SEED = 0
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


class JavaRandom:
    """java.util.Random's generator (the linear congruential formula its documentation gives), so that the
    reference draws every step's crops, scale and angle exactly as FeatureLens does: the network's cost follows
    the transformed image's size, which the draws decide."""

    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ 0x5DEECE66D) & self.MASK
        self.spare = None

    def _next(self, bits):
        self.state = (self.state * 0x5DEECE66D + 0xB) & self.MASK
        return self.state >> (48 - bits)

    def next_int(self, bound):
        r = self._next(31)
        if bound & (bound - 1) == 0:
            return (bound * r) >> 31
        u, r = r, r % bound
        while u - r + bound - 1 >= 1 << 31:
            u = self._next(31)
            r = u % bound
        return r

    def next_gaussian(self):
        """Advances the state as nextGaussian does (its polar method draws pairs); the value is not needed."""
        if self.spare is not None:
            self.spare = None
            return
        while True:
            v1 = 2 * (((self._next(26) << 27) + self._next(27)) / (1 << 53)) - 1
            v2 = 2 * (((self._next(26) << 27) + self._next(27)) / (1 << 53)) - 1
            if 0 < v1 * v1 + v2 * v2 < 1:
                self.spare = True
                return

    def randint(self, low, high):
        return low + self.next_int(high - low + 1)

    def randrange(self, n):
        return self.next_int(n)


def featurelens_draws(seed):
    """A generator in the state FeatureLens's render has after drawing its start (the spectrum's normals)."""
    rng = JavaRandom(seed)
    for _ in range(2 * 3 * SIZE * (SIZE // 2 + 1)):
        rng.next_gaussian()
    return rng


def pytorch_steps(features, layer, steps):
    """Seconds per step over steps 2-`steps` of the optimisation in PyTorch, as FeatureLens reports its own."""
    net = features[:INDEX[layer] + 1]
    torch.manual_seed(0)
    rng = featurelens_draws(SEED)
    spectrum = (torch.randn(1, 3, SIZE, SIZE // 2 + 1, 2) * 0.01).requires_grad_(True)
    optimizer = torch.optim.Adam([spectrum], lr=0.05)
    start = None
    for t in range(steps):
        if t == 1:
            start = time.perf_counter()
        optimizer.zero_grad()
        x = (transform(to_valid_rgb(fft_image(spectrum, SIZE, SIZE)), rng) - MEAN) / STD
        loss = -net(x)[:, FILTER].mean()
        loss.backward()
        optimizer.step()
    return (time.perf_counter() - start) / (steps - 1)


def featurelens_steps(layer, steps, threads):
    """(seconds per step over steps 2-N, whole render / N) of filter FILTER, the second rendered."""
    env = with_allocator(os.environ, None)
    env.update(FEATURELENS_MODEL_WEIGHTS="demo", OMP_NUM_THREADS=str(threads))
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run(["java", f"-Dai.djl.pytorch.num_threads={threads}", "-jar", JAR, "visualize",
                              "--layers", layer, "--filters", f"0-{FILTER}", "--steps", str(steps), "--seed", str(SEED),
                              "--out", out],
                             env=env, capture_output=True, text=True, check=True)
    per_step = re.findall(r"filter-(\d{3})\.png: .*\(([0-9.]+) s/step; ([0-9.]+) s/step over steps", run.stderr)
    whole, steps_only = {f: (float(w), float(s)) for f, w, s in per_step}[f"{FILTER:03d}"]
    return steps_only, whole


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--layers", default="conv1_2,relu3_3,relu5_3")
    add_reference_allocator(parser)
    args = parser.parse_args()
    reference_allocator = use_reference_allocator(args.reference_allocator)
    torch.set_num_threads(args.threads)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())
    for p in features.parameters():
        p.requires_grad_(False)
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; threads {args.threads}; "
          f"{args.steps} steps per block, {args.blocks} blocks; torch {torch.__version__}; the reference's malloc: "
          f"{reference_allocator}")
    print("| target | FeatureLens s/step median (min) | PyTorch s/step median (min) | ratio of medians | ratio of minimums | "
          "FeatureLens whole render / N, median (min) |")
    print("|---|---|---|---|---|---|")
    for layer in args.layers.split(","):
        pytorch_steps(features, layer, 2)
        java, torch_ = [], []
        for block in range(args.blocks):
            sides = [lambda: java.append(featurelens_steps(layer, args.steps, args.threads)),
                     lambda: torch_.append(pytorch_steps(features, layer, args.steps))]
            for side in (sides if block % 2 == 0 else sides[::-1]):
                side()
        steps, whole = [j[0] for j in java], [j[1] for j in java]
        jm, tm = statistics.median(steps), statistics.median(torch_)
        print(f"| {layer} | {jm:.3f} ({min(steps):.3f}) | {tm:.3f} ({min(torch_):.3f}) | {jm / tm:.2f} | "
              f"{min(steps) / min(torch_):.2f} | {statistics.median(whole):.3f} ({min(whole):.3f}) |", flush=True)


if __name__ == "__main__":
    main()
