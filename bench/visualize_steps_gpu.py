#!/usr/bin/env python3
"""Seconds per feature-visualisation step in PyTorch on a GPU, for the atlas estimate in docs/visualize.md.

Method: the optimisation of bench/visualize_steps.py (Lucid's Fourier parameterisation with colour decorrelation,
its transforms, ImageNet normalisation, vgg16.features up to the layer, Adam 0.05), with nothing but torch and
torchvision (the transforms are bench/lucid_transforms.py, shared with it; the picture is written here because
the golden generator it comes from needs OpenCV) so that it runs on a GPU machine without the repository's CPU tools: torchvision's
randomly initialised VGG16 (the time does not depend on the weights' values), on CUDA. For each layer and each
batch size B (B filters of the layer optimised together, one picture each, the objective the sum of each
picture's own filter mean), a warm-up of --warmup steps, then --steps timed steps with torch.cuda.synchronize()
around them. Reported: seconds per step per batch, per filter, and the whole atlas (every filter of the 13
conv layers, 4,224, at --atlas-steps steps) at the best batch size measured.

    python3 bench/visualize_steps_gpu.py [--steps 20] [--warmup 5] [--batches 1,16,64] [--atlas-steps 256]
"""
import argparse
import math
import random
import time

import torch
from torchvision import models

from lucid_transforms import transform

LAYERS = {"conv1_2": 2, "relu3_3": 15, "relu5_3": 29}
CONV_CHANNELS = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
SIZE = 224
COLOR = [[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]]


def rfft2d_scale(h, w, device):
    fy = torch.fft.fftfreq(h)[:, None]
    fx = torch.fft.rfftfreq(w)[None, :]
    return (1.0 / torch.maximum(torch.sqrt(fx * fx + fy * fy), torch.tensor(1.0 / max(h, w)))).to(device)


def picture(spectrum, scale, colour):
    image = torch.fft.irfftn(torch.view_as_complex(scale[None, None, ..., None] * spectrum), s=(SIZE, SIZE), norm="ortho") / 4.0
    return torch.sigmoid(torch.einsum("bchw,dc->bdhw", image, colour))


def seconds_per_step(net, batch, steps, warmup, device):
    scale = rfft2d_scale(SIZE, SIZE, device)
    norms = torch.tensor(COLOR).norm(dim=0).max()
    colour = (torch.tensor(COLOR) / norms).to(device)
    mean = torch.tensor([0.485, 0.456, 0.406], device=device).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225], device=device).view(1, 3, 1, 1)
    spectrum = (torch.randn(batch, 3, SIZE, SIZE // 2 + 1, 2, device=device) * 0.01).requires_grad_(True)
    optimizer = torch.optim.Adam([spectrum], lr=0.05)
    filters = torch.arange(batch, device=device)
    rng = random.Random(0)
    for step in range(warmup + steps):
        if step == warmup:
            torch.cuda.synchronize()
            start = time.perf_counter()
        optimizer.zero_grad()
        maps = net((transform(picture(spectrum, scale, colour), rng) - mean) / std)
        loss = -maps[torch.arange(batch, device=device), filters].mean(dim=(1, 2)).sum()
        loss.backward()
        optimizer.step()
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batches", default="1,16,64")
    parser.add_argument("--atlas-steps", type=int, default=256)
    args = parser.parse_args()
    device = torch.device("cuda")
    features = models.vgg16().features.eval().to(device)
    for p in features.parameters():
        p.requires_grad_(False)
    print(f"{torch.cuda.get_device_name(0)}; torch {torch.__version__}; {args.steps} timed steps after {args.warmup}")
    print("| target | filters per step | s/step | s/step per filter |")
    print("|---|---:|---:|---:|")
    best = {}
    for name, index in LAYERS.items():
        net = features[:index + 1]
        for batch in (int(b) for b in args.batches.split(",")):
            s = seconds_per_step(net, batch, args.steps, args.warmup, device)
            best[name] = min(best.get(name, math.inf), s / batch)
            print(f"| {name} | {batch} | {s:.4f} | {s / batch:.5f} |", flush=True)
    # Each conv layer's filters at the per-filter cost of the nearest measured depth.
    depth = [best["conv1_2"]] * 2 + [best["relu3_3"]] * 5 + [best["relu5_3"]] * 6
    total = sum(c * d for c, d in zip(CONV_CHANNELS, depth)) * args.atlas_steps
    print(f"\nwhole atlas, {sum(CONV_CHANNELS)} filters x {args.atlas_steps} steps, at the best batch measured "
          f"(conv1_x at conv1_2's cost, conv2_x-conv3_x at relu3_3's, conv4_x-conv5_x at relu5_3's): "
          f"{total:.0f} s = {total / 3600:.2f} h on one GPU")


if __name__ == "__main__":
    main()
