#!/usr/bin/python3
"""Latency of POST /api/explain (Grad-CAM, guided backprop) and POST /api/predict against PyTorch doing the
same arithmetic with hooks, on this machine, in one run; and the memory the classifier adds.

Method
- Service: the packaged app (`mvn package -DskipTests` first) on the demo weights, features and classifier
  (FEATURELENS_MODEL_CLASSIFIER=true), started by bench/service.py. Each sample is one multipart POST of
  bench/input-224.png, timed by a keep-alive HTTP client from sending to the last byte of the JSON answer:
  - gradcam: /api/explain method=gradcam (the top class at relu5_3; the answer holds the grey map and the
    viridis overlay as PNGs, base64);
  - guided-backprop: /api/explain method=guided-backprop (the top class; an RGB PNG);
  - predict: /api/predict top=5.
- Reference: Debian's python3-torch 1.13 in this process, torchvision's vgg16 with the same demo weights,
  features and classifier (tools/golden/generate_explain_goldens.py's network(): the same values as the
  Java side's), at --threads torch threads (default 2, as many cores as the service uses). Per sample, from
  the image file's bytes: cv2.imdecode, cv2.resize to 224x224, preprocessing, then
  - gradcam: a forward hook on relu5_3 that hands on A as a fresh leaf (the service cuts the graph there too)
    and registers a tensor hook for dy/dA, one forward pass, the top class's logit backward, w = mean of the gradients, ReLU(sum w*A),
    min-max, cv2.resize to 224x224, round to grey levels and the 50% blend over the input in viridis;
  - guided-backprop: register_full_backward_hook on every nn.ReLU (g_in = clamp(g_in, min=0), the guided
    rule), the input as a leaf, one forward pass, the top class's logit backward, min-max over the three
    channels to RGB levels;
  - predict: one forward pass under no_grad, softmax, the top five.
  The weights do not require gradients on either side (the service computes none for them), so backward
  passes compute only what the pictures need. That is the bare computation, the reference of record (no PNGs). Reported beside it, named as such: the same
  plus cv2.imencode of the pictures the service answers (gradcam: map and overlay; guided: one RGB picture).
- Alternating blocks: --block service requests, then --block reference runs, --blocks times per operation
  after --warmup of each; the side not being timed is idle. Reported: medians and minimums of both sides and
  service / reference for both. A target "ratio <= 1.0" is met only if it holds for medians and for minimums.
- Memory: the resident set (VmRSS) of the service with FEATURELENS_MODEL_CLASSIFIER=true and of one with
  false, each after it is ready (and the classifier loaded) and --warmup requests of relu5_3's maps; the
  difference is what the classifier adds at rest. Also the first service's resident set after the timed runs
  (gradients and explanations included).

    mvn -q -B package -DskipTests
    /usr/bin/python3 bench/explain_latency.py [--blocks 8] [--block 3] [--warmup 3] [--threads 2]
"""
import argparse
import json
import os
import statistics
import sys
import time

import cv2
import numpy as np
import requests
import torch

from service import ROOT, Service, add_reference_allocator, machine, use_reference_allocator

sys.path.insert(0, os.path.join(ROOT, "tools", "golden"))
from generate_explain_goldens import guided, minmax_rgb, network  # noqa: E402
from generate_goldens import preprocess_image  # noqa: E402

IMAGE = os.path.join(ROOT, "bench", "input-224.png")
CAM_LAYER = 29
VIRIDIS = cv2.COLORMAP_VIRIDIS


def decode(data):
    return preprocess_image(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR))


def seen(data):
    """The 224x224 RGB input the overlay is blended over."""
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return cv2.cvtColor(cv2.resize(img, (224, 224)), cv2.COLOR_BGR2RGB)


def gradcam(net, data, png):
    x = decode(data)
    store = {}

    def keep(module, inp, out):
        a = out.detach().requires_grad_(True)
        a.register_hook(lambda g: store.__setitem__("g", g))
        store["a"] = a
        return a
    handle = net.features[CAM_LAYER].register_forward_hook(keep)
    try:
        logits = net(x)
        logits[0, int(logits[0].argmax())].backward()
    finally:
        handle.remove()
    a = store["a"][0].detach().numpy()
    g = store["g"][0].detach().numpy()
    m = np.maximum((g.mean(axis=(1, 2))[:, None, None] * a).sum(axis=0), 0)
    m = m - m.min()
    m = m / (1e-7 + m.max())
    levels = np.round(255 * cv2.resize(m.astype(np.float32), (224, 224))).astype(np.uint8)
    colour = cv2.cvtColor(cv2.applyColorMap(levels, VIRIDIS), cv2.COLOR_BGR2RGB)
    overlay = ((colour.astype(np.uint16) + seen(data) + 1) // 2).astype(np.uint8)
    if png:
        cv2.imencode(".png", levels)
        cv2.imencode(".png", overlay[..., ::-1])
    return levels


def guided_backprop(net, data, png):
    x = decode(data).requires_grad_(True)
    logits = net(x)
    logits[0, int(logits[0].argmax())].backward()
    levels = minmax_rgb(x.grad[0].numpy())
    if png:
        cv2.imencode(".png", levels[..., ::-1])
    return levels


def predict(net, data, png):
    x = decode(data)
    with torch.no_grad():
        probabilities = torch.softmax(net(x)[0].double(), 0)
    return torch.topk(probabilities, 5)


def timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t) * 1000


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--blocks", type=int, default=8)
    args.add_argument("--block", type=int, default=3)
    args.add_argument("--warmup", type=int, default=3)
    args.add_argument("--threads", type=int, default=2)
    add_reference_allocator(args)
    a = args.parse_args()
    reference_allocator = use_reference_allocator(a.reference_allocator)

    torch.set_num_threads(a.threads)
    plain = network()
    hooked = network()
    guided(hooked)
    for net in (plain, hooked):
        net.requires_grad_(False)
    image = open(IMAGE, "rb").read()
    files = {"image": ("input.png", image, "image/png")}
    operations = [
        ("gradcam", "/api/explain", {"method": "gradcam"}, plain, gradcam),
        ("guided-backprop", "/api/explain", {"method": "guided-backprop"}, hooked, guided_backprop),
        ("predict", "/api/predict", {"top": "5"}, plain, predict),
    ]
    rows = []
    with Service(FEATURELENS_MODEL_CLASSIFIER="true") as app, requests.Session() as http:
        wait_for_classifier(app)

        def post(path, data):
            t = time.perf_counter()
            r = http.post(app.base + path, files=files, data=data, timeout=600)
            body = r.content
            assert r.status_code == 200, r.text
            return (time.perf_counter() - t) * 1000, body

        rss_with = rest_rss(app, http, files, a.warmup)
        for name, path, data, net, reference in operations:
            for _ in range(a.warmup):
                post(path, data)
                reference(net, image, False)
            service, bare, with_png = [], [], []
            for _ in range(a.blocks):
                service += [post(path, data)[0] for _ in range(a.block)]
                for _ in range(a.block):
                    bare.append(timed(reference, net, image, False))
                    with_png.append(timed(reference, net, image, True))
            timings = json.loads(post(path, data)[1])["timingsMs"]
            rows.append((name, service, bare, with_png, timings))
        rss_after = app.rss_mb()
    with Service(FEATURELENS_MODEL_CLASSIFIER="false") as app, requests.Session() as http:
        rss_without = rest_rss(app, http, files, a.warmup)

    print("Machine: %s; torch %s at %d threads; %d blocks of %d per side and operation; the reference's malloc: %s.\n"
          % (machine(), torch.__version__, torch.get_num_threads(), a.blocks, a.block, reference_allocator))
    print("| operation | service median (min) | PyTorch bare median (min) | **service / PyTorch**, medians (mins)"
          " | PyTorch + PNGs median (min) | service / PyTorch + PNGs |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, service, bare, with_png, _ in rows:
        s_med, s_min = statistics.median(service), min(service)
        b_med, b_min = statistics.median(bare), min(bare)
        p_med, p_min = statistics.median(with_png), min(with_png)
        print("| %s | %.0f ms (%.0f) | %.0f ms (%.0f) | **%.2f** (%.2f) | %.0f ms (%.0f) | %.2f (%.2f) |"
              % (name, s_med, s_min, b_med, b_min, s_med / b_med, s_min / b_min, p_med, p_min,
                 s_med / p_med, s_min / p_min))
    print()
    for name, _, _, _, timings in rows:
        print("- %s: the service's own timingsMs for one more request: %s" % (name, timings))
    print("- resident set after warm-up: %.0f MB with the classifier, %.0f MB without: the classifier adds %.0f MB;"
          " %.0f MB with it after the timed runs" % (rss_with, rss_without, rss_with - rss_without, rss_after))


def wait_for_classifier(app):
    deadline = time.time() + 300
    while requests.get(app.base + "/api/model", timeout=120).json().get("classifier") == "loading":
        if time.time() > deadline:
            raise SystemExit("the classifier did not load; see " + app.log.name)
        time.sleep(0.2)


def rest_rss(app, http, files, warmup):
    """The resident set after `warmup` requests of relu5_3's maps, once the classifier is settled."""
    wait_for_classifier(app)
    for _ in range(max(1, warmup)):
        r = http.post(app.base + "/api/features", files=files, data={"layer": "29"}, timeout=300)
        assert r.status_code == 200, r.text
    time.sleep(1)
    return app.rss_mb()


if __name__ == "__main__":
    main()
