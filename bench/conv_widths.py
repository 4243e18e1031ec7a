#!/usr/bin/python3
"""One convolution's forward pass at several input widths: FeatureLens's libtorch (through DJL) against Debian's
python3-torch, in alternating blocks.

Why: a feature visualisation step's images are 212-260 pixels wide (Lucid's pad, jitter and scale), so block 4 sees
widths 26-32. This measures how one convolution's cost follows the width on both sides, for the layer and height
given (default conv4_2, 512 -> 512 channels, 30 rows; widths 24-33).

Method: FeatureLens side, io.featurelens.bench.ConvWidths (test classes; build with `mvn -q -B test-compile
dependency:build-classpath -Dmdep.outputFile=target/bench.classpath`): the reference's layout, grad mode on and
an input that needs its gradient, as filterMap runs blocks 4-5 (use it for those layers); the image's malloc settings (bench/service.py). PyTorch side, in this process: the same layer of torchvision's vgg16
with the same demo weights, the same shapes, an input that needs its gradient. Both at --threads threads. Each
block times --reps calls per width after three of warm-up, one side at a time (the other idle), alternating which
goes first, --blocks blocks. Reported per width: median and minimum over all calls of both sides, and their ratios.

    /usr/bin/python3 bench/conv_widths.py [--layer 19] [--height 30] [--widths 24,...,33] [--blocks 4] [--reps 15]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
from torchvision import models

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "golden"))
from generate_goldens import demo_state_dict  # noqa: E402
from service import ROOT, machine, with_allocator  # noqa: E402


def featurelens(layer, height, widths, reps, threads):
    classpath = open(os.path.join(ROOT, "target", "bench.classpath")).read().strip()
    env = with_allocator(os.environ, None)
    env["OMP_NUM_THREADS"] = str(threads)
    out = subprocess.run(["java", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={threads}", "-cp",
                          "target/test-classes:target/classes:" + classpath, "io.featurelens.bench.ConvWidths",
                          str(layer), str(height), ",".join(map(str, widths)), str(reps)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return {int(w): v for w, v in json.loads(out.strip().splitlines()[-1]).items()}


def pytorch(conv, height, widths, reps):
    result = {}
    for width in widths:
        ms = []
        for r in range(-3, reps):
            x = torch.randn(1, conv.in_channels, height, width).requires_grad_(True)
            t0 = time.perf_counter()
            conv(x)
            if r >= 0:
                ms.append((time.perf_counter() - t0) * 1000)
        result[width] = ms
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layer", type=int, default=19)
    parser.add_argument("--height", type=int, default=30)
    parser.add_argument("--widths", default="24,26,27,28,29,30,31,32,33")
    parser.add_argument("--blocks", type=int, default=4)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    torch.set_num_threads(args.threads)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())
    for p in features.parameters():
        p.requires_grad_(False)
    conv = features[args.layer]
    java = {w: [] for w in widths}
    python = {w: [] for w in widths}
    for block in range(args.blocks):
        sides = [lambda: [java[w].extend(v) for w, v in featurelens(args.layer, args.height, widths, args.reps,
                                                                     args.threads).items()],
                 lambda: [python[w].extend(v) for w, v in pytorch(conv, args.height, widths, args.reps).items()]]
        for side in (sides if block % 2 == 0 else sides[::-1]):
            side()
    print(f"{machine()}; torch {torch.__version__}, {args.threads} threads; layer {args.layer} "
          f"({conv.in_channels} -> {conv.out_channels}), height {args.height}; {args.blocks} blocks of {args.reps} calls\n")
    print("| width | FeatureLens ms, median (min) | PyTorch ms, median (min) | ratio of medians | ratio of minimums |")
    print("|---:|---:|---:|---:|---:|")
    for w in widths:
        j_med, j_min = statistics.median(java[w]), min(java[w])
        p_med, p_min = statistics.median(python[w]), min(python[w])
        print(f"| {w} | {j_med:.1f} ({j_min:.1f}) | {p_med:.1f} ({p_min:.1f}) | {j_med / p_med:.2f} | {j_min / p_min:.2f} |")


if __name__ == "__main__":
    main()
