#!/usr/bin/python3
"""Latency of POST /api/features against the reference PyTorch pipeline, on this machine, in one run.

Method
- Service: the packaged app (`mvn package -DskipTests` first), demo weights, started by bench/service.py.
  Start-up time is from launching the JVM to the first UP from /q/health/ready (polled every 50 ms).
  After --warmup requests (the JIT needs them), each sample is one multipart POST of bench/input-224.png
  (224x224 PNG) with layer=3 (relu1_2), all 64 maps, sigmoid, timed by a keep-alive HTTP client from
  sending to the last byte of the ~1.1 MB JSON answer: HTTP, decode, forward, 64 PNG encodings, base64.
- Reference: the blog's loop (bench/reference_pipeline.py) in this same Python process, with Debian's
  python3-torch, same image, weights and layer, decoding from bytes and encoding 64 PNGs in memory; in
  one phase at torch's default thread count here (1), in another with 2 threads, as many as the service
  uses. The thread count stays fixed within a phase: switching it between runs makes torch's next
  convolutions about twice as slow, which would flatter the service.
- Within a phase, service and reference alternate sample by sample, --samples of each after --warmup of
  each, so that this shared machine's changing load falls on both alike. Reported per phase: medians,
  minimums (the cost with the least interference), and the ratios service / reference of both.
- Forward pass alone: io.featurelens.bench.ForwardFloor times vgg16.features up to relu1_2 and square
  float32 matmuls (best of 1024, 2048, 3072) through the same libtorch; the floor is 3.87 GFLOP at that rate.

    mvn -q -B package -DskipTests
    mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
    /usr/bin/python3 bench/api_latency.py [--samples 40] [--warmup 30]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import requests
import torch
from torchvision import models

from reference_pipeline import run_once
from service import ROOT, Service, machine

sys.path.insert(0, os.path.join(ROOT, "tools", "golden"))
from generate_goldens import demo_state_dict  # noqa: E402

IMAGE = os.path.join(ROOT, "bench", "input-224.png")


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--samples", type=int, default=40)
    args.add_argument("--warmup", type=int, default=30)
    a = args.parse_args()

    torch.manual_seed(0)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())
    image = open(IMAGE, "rb").read()

    default_threads = torch.get_num_threads()
    phases = []
    with Service() as app, requests.Session() as http:
        def post():
            t = time.perf_counter()
            r = http.post(app.base + "/api/features", files={"image": ("input.png", image, "image/png")},
                          data={"layer": "3"}, timeout=60)
            body = r.content
            elapsed = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, r.text
            return elapsed, body

        for threads in (default_threads, 2):
            torch.set_num_threads(threads)
            service_ms, reference_ms = [], []
            for i in range(a.warmup + a.samples):
                s = post()[0]
                r = run_once(features, IMAGE, 3)[0]
                if i >= a.warmup:
                    service_ms.append(s)
                    reference_ms.append(r)
            phases.append((threads, service_ms, reference_ms))
        timings = json.loads(post()[1])["timingsMs"]
        ready = app.ready_seconds

    classpath = open(os.path.join(ROOT, "target", "bench.classpath")).read().strip()
    floor = subprocess.run(["java", "-Dai.djl.offline=true", "-cp",
                            "target/test-classes:target/classes:" + classpath,
                            "io.featurelens.bench.ForwardFloor", "30"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]

    print("| what | value |")
    print("|---|---|")
    print("| machine | %s |" % machine())
    for threads, service_ms, reference_ms in phases:
        s_med, s_min = statistics.median(service_ms), min(service_ms)
        r_med, r_min = statistics.median(reference_ms), min(reference_ms)
        print("| phase: reference with %d thread(s), %d samples each | |" % (threads, len(service_ms)))
        print("| service: POST /api/features, relu1_2, 64 maps | median %.1f ms, min %.1f ms |" % (s_med, s_min))
        print("| reference Python pipeline, torch %s | median %.1f ms, min %.1f ms |"
              % (torch.__version__, r_med, r_min))
        print("| ratio service / reference | medians %.2f, minimums %.2f |" % (s_med / r_med, s_min / r_min))
    print("| service's own timings for one request | %s |" % timings)
    print("| forward pass vs floor | %s |" % floor)
    print("| start-up to ready | %.0f ms |" % (ready * 1000))


if __name__ == "__main__":
    main()
