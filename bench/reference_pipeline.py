#!/usr/bin/python3
"""The reference: the blog's PyTorch pipeline as a bare Python loop, timed.

For one image and one layer it does what the blog's FeatureVisualization does, for every filter instead of
the first: decode (cv2.imdecode of the file's bytes), cv2.resize to 224x224, BGR->RGB, /255, ImageNet
mean/std, vgg16.features up to the layer, and per map the blog's sigmoid and round(255*x) to uint8. That
is the bare loop, the reference of record. Reported beside it, never instead: the same loop plus one PNG
per map (cv2.imencode, as cv2.imwrite would write them, but in memory). Weights: FeatureLens's demo
weights (same values as the Java service's), so both sides do identical arithmetic.

    /usr/bin/python3 bench/reference_pipeline.py IMAGE LAYER RUNS [THREADS]
        -> prints JSON with medians and minimums (ms) and the median minor page faults of a bare run

bench/api_latency.py imports run_once to alternate blocks of runs with blocks of requests to the service.
"""
import json
import os
import resource
import statistics
import sys
import time

import cv2
import numpy as np
import torch
from torchvision import models

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "golden"))
from generate_goldens import demo_state_dict, preprocess_image, sigmoid_grey  # noqa: E402


def run_once(features, data, layer):
    """One pass of the loop over the image file's bytes; returns (bare loop ms, loop with 64 PNGs ms)."""
    t0 = time.perf_counter()
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    x = preprocess_image(img)
    with torch.no_grad():
        for index, module in enumerate(features):
            x = module(x)
            if index == layer:
                break
    greys = [sigmoid_grey(m) for m in x[0].numpy()]
    t1 = time.perf_counter()
    pngs = [cv2.imencode(".png", g)[1] for g in greys]
    t2 = time.perf_counter()
    assert len(pngs) == x.shape[1]
    return (t1 - t0) * 1000, (t2 - t0) * 1000


def load_features():
    torch.manual_seed(0)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())
    return features


def faulting(run):
    """run() and the minor page faults (memory the kernel mapped in afresh) it took."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    result = run()
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def main():
    path, layer, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if len(sys.argv) > 4:
        torch.set_num_threads(int(sys.argv[4]))
    features = load_features()
    data = open(path, "rb").read()
    for _ in range(3):
        run_once(features, data, layer)
    timed = [faulting(lambda: run_once(features, data, layer)) for _ in range(runs)]
    bare, with_png = zip(*(t for t, _ in timed))
    print(json.dumps({
        "what": "reference python loop", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "layer": layer, "runs": runs,
        "bare_median_ms": round(statistics.median(bare), 1), "bare_min_ms": round(min(bare), 1),
        "with_png_median_ms": round(statistics.median(with_png), 1), "with_png_min_ms": round(min(with_png), 1),
        "page_faults_median": statistics.median(f for _, f in timed),
        "malloc": {k: v for k, v in os.environ.items() if k.startswith("MALLOC_")} or "glibc's defaults",
    }))


if __name__ == "__main__":
    main()
