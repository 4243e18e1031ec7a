#!/usr/bin/python3
"""The reference: the blog's PyTorch pipeline as a bare Python loop, timed.

For one image and one layer it does what the blog's FeatureVisualization does, for every filter instead of
the first: decode (cv2.imdecode of the file's bytes), cv2.resize to 224x224, BGR->RGB, /255, ImageNet
mean/std, vgg16.features up to the layer, sigmoid, round(255*x), and one PNG per map (cv2.imencode, as
cv2.imwrite would write them, but in memory). Weights: FeatureLens's demo weights (same values as the
Java service's), so both sides do identical arithmetic.

    /usr/bin/python3 bench/reference_pipeline.py IMAGE LAYER RUNS   -> prints JSON with the median and all runs (ms)

bench/api_latency.py imports run_once to alternate single runs with single requests to the service.
"""
import json
import os
import statistics
import sys
import time

import cv2
import numpy as np
import torch
from torchvision import models

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "golden"))
from generate_goldens import demo_state_dict, preprocess_image, sigmoid_grey  # noqa: E402


def run_once(features, path, layer):
    with open(path, "rb") as f:
        data = np.frombuffer(f.read(), np.uint8)
    t0 = time.perf_counter()
    img = cv2.imdecode(data, cv2.IMREAD_COLOR)
    x = preprocess_image(img)
    with torch.no_grad():
        for index, module in enumerate(features):
            x = module(x)
            if index == layer:
                break
    t1 = time.perf_counter()
    maps = x[0].numpy()
    pngs = [cv2.imencode(".png", sigmoid_grey(m))[1] for m in maps]
    t2 = time.perf_counter()
    assert len(pngs) == maps.shape[0]
    return (t2 - t0) * 1000, (t1 - t0) * 1000


def main():
    path, layer, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(0)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())
    for _ in range(3):
        run_once(features, path, layer)
    totals, forwards = zip(*(run_once(features, path, layer) for _ in range(runs)))
    print(json.dumps({
        "what": "reference python pipeline", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "layer": layer, "runs": runs,
        "median_ms": round(statistics.median(totals), 1),
        "median_decode_forward_ms": round(statistics.median(forwards), 1),
        "all_ms": [round(t, 1) for t in totals],
    }))


if __name__ == "__main__":
    main()
