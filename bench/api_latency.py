#!/usr/bin/python3
"""Latency of POST /api/features against the bare Python loop, on this machine, in one run.

Method
- Service: the packaged app (`mvn package -DskipTests` first), demo weights, started by bench/service.py.
  Each sample is one multipart POST of bench/input-224.png (224x224 PNG) for one layer, all its maps,
  sigmoid, timed by a keep-alive HTTP client from sending to the last byte of the JSON answer: HTTP,
  multipart, decode, forward, statistics and grey levels, one PNG per map, base64, JSON.
- Reference of record: the bare loop of the blog (bench/reference_pipeline.py): cv2 decode of the same
  bytes, cv2 resize, preprocessing, forward up to the layer with Debian's python3-torch, the blog's sigmoid
  and rounding per map; no PNGs. Reported beside it, named as such: the same loop with one cv2.imencode PNG
  per map (from the same runs: the clock is read before and after the encodings). Same weights, image and
  layer, in this Python process, at --threads torch threads (default 2: as many cores as the service uses).
- Alternating blocks: --block service requests, then --block reference runs, and so on, --blocks times per
  layer after --warmup of each; the side not being timed is idle (the service gets no requests while the
  reference runs, and the reference runs nothing while the service answers). Reported per layer: medians
  and minimums of both sides, and the ratios service / reference of both. A target "ratio <= 1.0" is met
  only if it holds for medians and for minimums.
- Layers: relu1_2 (3, 64 maps), relu3_3 (15, 256 maps), relu5_3 (29, 512 maps).
- With --floor, io.featurelens.bench.ForwardFloor (forward pass alone against the matmul rate) runs after.

    mvn -q -B package -DskipTests
    mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
    /usr/bin/python3 bench/api_latency.py [--blocks 8] [--block 5] [--warmup 10] [--threads 2] [--floor]
"""
import argparse
import json
import os
import statistics
import subprocess
import time

import requests
import torch

from reference_pipeline import load_features, run_once
from service import ROOT, Service, add_reference_allocator, machine, use_reference_allocator

IMAGE = os.path.join(ROOT, "bench", "input-224.png")
LAYERS = [(3, "relu1_2"), (15, "relu3_3"), (29, "relu5_3")]


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--blocks", type=int, default=8)
    args.add_argument("--block", type=int, default=5)
    args.add_argument("--warmup", type=int, default=10)
    args.add_argument("--threads", type=int, default=2)
    args.add_argument("--floor", action="store_true")
    add_reference_allocator(args)
    a = args.parse_args()
    reference_allocator = use_reference_allocator(a.reference_allocator)

    torch.set_num_threads(a.threads)
    features = load_features()
    image = open(IMAGE, "rb").read()
    rows = []
    with Service() as app, requests.Session() as http:
        def post(layer):
            t = time.perf_counter()
            r = http.post(app.base + "/api/features", files={"image": ("input.png", image, "image/png")},
                          data={"layer": str(layer)}, timeout=120)
            body = r.content
            elapsed = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, r.text
            return elapsed, body

        for layer, name in LAYERS:
            for _ in range(a.warmup):
                post(layer)
                run_once(features, image, layer)
            service, bare, with_png = [], [], []
            for _ in range(a.blocks):
                service += [post(layer)[0] for _ in range(a.block)]
                for _ in range(a.block):
                    b, p = run_once(features, image, layer)
                    bare.append(b)
                    with_png.append(p)
            body = post(layer)[1]
            rows.append((name, service, bare, with_png, json.loads(body)["timingsMs"], len(body)))
        ready = app.ready_seconds

    print("Machine: %s; torch %s at %d threads; %d blocks of %d per side and layer; the reference's malloc: %s.\n"
          % (machine(), torch.__version__, torch.get_num_threads(), a.blocks, a.block, reference_allocator))
    print("| layer | service median (min) | bare loop median (min) | **service / bare loop**, medians (mins)"
          " | loop + PNGs median (min) | service / loop + PNGs |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, service, bare, with_png, _, _ in rows:
        s_med, s_min = statistics.median(service), min(service)
        b_med, b_min = statistics.median(bare), min(bare)
        p_med, p_min = statistics.median(with_png), min(with_png)
        print("| %s | %.1f ms (%.1f) | %.1f ms (%.1f) | **%.2f** (%.2f) | %.1f ms (%.1f) | %.2f (%.2f) |"
              % (name, s_med, s_min, b_med, b_min, s_med / b_med, s_min / b_min, p_med, p_min,
                 s_med / p_med, s_min / p_min))
    print()
    for name, _, _, _, timings, size in rows:
        print("- %s: the service's own timingsMs for one more request: %s; answer %.2f MB" % (name, timings, size / 1e6))
    print("- start-up to ready: %.0f ms" % (ready * 1000))
    if a.floor:
        classpath = open(os.path.join(ROOT, "target", "bench.classpath")).read().strip()
        floor = subprocess.run(["java", "-Dai.djl.offline=true", "-cp",
                                "target/test-classes:target/classes:" + classpath,
                                "io.featurelens.bench.ForwardFloor", "30"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        print("- forward pass vs floor: %s" % floor)


if __name__ == "__main__":
    main()
