#!/usr/bin/python3
"""Computes the golden outputs of FeatureLens's predictions and explanations with PyTorch.

Run once with Debian's python3-torch, python3-torchvision and python3-opencv (after generate_goldens.py,
whose scene image and demo features it reuses):

    /usr/bin/python3 tools/golden/generate_explain_goldens.py

It writes src/test/resources/golden/explain/. The weights are the demo weights of
io.featurelens.model.DemoWeights and io.featurelens.model.DemoClassifier, generated from (seed, stream,
index) exactly as Java does, so no weights file is shared. Each method follows the definition in
docs/explain.md; the guided ReLU rule comes from backward hooks on every nn.ReLU, as
pytorch-cnn-visualizations does it, independently of FeatureLens's layer-by-layer computation.
"""
import json
import os
import sys

import cv2
import numpy as np
import torch
from torchvision import models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_goldens import (GOLDEN_RATIO, MASK64, OUT as GOLDEN, SEED, demo_state_dict, fmix64,  # noqa: E402
                              preprocess_image, uniform)

OUT = os.path.join(GOLDEN, "explain")
# (stream of weight, stream of bias, out, in): He-uniform weights, small uniform biases, as for the convolutions
CLASSIFIER = {"classifier.0": (100, 101, 4096, 25088), "classifier.3": (102, 103, 4096, 4096),
              "classifier.6": (104, 105, 1000, 4096)}
CHUNK = 1 << 23
IG_STEPS = 8
SMOOTHGRAD_SAMPLES = 8
SMOOTHGRAD_NOISE = 0.15
NOISE_SEED = 7
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def demo_uniform_tensor(seed, stream, shape, bound):
    count = int(np.prod(shape))
    out = np.empty(count, np.float32)
    for start in range(0, count, CHUNK):
        n = min(CHUNK, count - start)
        idx = np.arange(start + 1, start + n + 1, dtype=np.uint64) + np.uint64(stream << 40)
        z = np.uint64(seed & MASK64) + idx * GOLDEN_RATIO
        u = (fmix64(z) >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)
        out[start:start + n] = ((2.0 * u - 1.0) * bound).astype(np.float32)
    return out.reshape(shape)


def demo_classifier():
    state = {}
    for name, (ws, bs, n_out, n_in) in CLASSIFIER.items():
        state[name + ".weight"] = torch.from_numpy(demo_uniform_tensor(SEED, ws, (n_out, n_in), np.sqrt(6.0 / n_in)))
        state[name + ".bias"] = torch.from_numpy(demo_uniform_tensor(SEED, bs, (n_out,), 1.0 / np.sqrt(n_in)))
    return state


def network():
    net = models.vgg16()
    state = {"features." + k: v for k, v in demo_state_dict().items()}
    state.update(demo_classifier())
    net.load_state_dict(state)
    for module in net.modules():
        if isinstance(module, torch.nn.ReLU):
            module.inplace = False
    return net.eval()


def guided(net):
    """The same network with the guided ReLU rule: g_in = g_out * [x > 0] * [g_out > 0] at every ReLU."""
    handles = [m.register_full_backward_hook(lambda m, gin, gout: (torch.clamp(gin[0], min=0.0),))
               for m in net.modules() if isinstance(m, torch.nn.ReLU)]
    return handles


def class_target(c):
    return lambda net, x: net(x)[:, c].sum()


def filter_target(layer, f):
    def target(net, x):
        return net.features[:layer + 1](x)[:, f].sum()
    return target


def input_gradient(net, x, target):
    x = x.clone().requires_grad_(True)
    target(net, x).backward()
    return x.grad.detach()


def cam(net, x, c, layer, rule):
    """pytorch-grad-cam's flow: capture A and dy/dA at the layer, weight, ReLU, scale, resize."""
    store = {}

    def keep(module, inp, out):
        store["a"] = out
        out.register_hook(lambda g: store.__setitem__("g", g))
    handle = net.features[layer].register_forward_hook(keep)
    net(x)[0, c].backward()
    handle.remove()
    a = store["a"][0].detach().numpy()
    g = store["g"][0].detach().numpy()
    if rule == "gradcam":
        w = g.mean(axis=(1, 2))
        m = (w[:, None, None] * a).sum(axis=0)
    else:
        m = (np.maximum(g, 0) * a).sum(axis=0)
    m = np.maximum(m, 0)
    m = m - m.min()
    m = m / (1e-7 + m.max())
    return cv2.resize(m.astype(np.float32), (224, 224))


def grey(m):
    return np.round(255 * m).astype(np.uint8)


def minmax_rgb(g):
    """g [3, 224, 224] -> [224, 224, 3] levels, min-max over all three channels."""
    g = g.astype(np.float32)
    lo, hi = g.min(), g.max()
    return np.round(255 * (g - lo) / (hi - lo)).astype(np.uint8).transpose(1, 2, 0)


def write(name, levels):
    img = levels if levels.ndim == 2 else levels[..., ::-1]  # OpenCV writes BGR
    cv2.imwrite(os.path.join(OUT, name), np.ascontiguousarray(img), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def smoothgrad_noise(sample, shape, sigma):
    """Box-Muller from the demo weights' generator: seed NOISE_SEED, stream = sample, pairs (2i, 2i+1)."""
    n = int(np.prod(shape))
    u = uniform(NOISE_SEED, sample, 2 * n)
    z = np.sqrt(-2.0 * np.log(1.0 - u[0::2])) * np.cos(2.0 * np.pi * u[1::2])
    return torch.from_numpy((z * sigma).astype(np.float32).reshape(shape))


def main():
    os.makedirs(OUT, exist_ok=True)
    net = network()
    img = cv2.imread(os.path.join(GOLDEN, "scene.png"))
    x = preprocess_image(img)

    with torch.no_grad():
        logits = net(x)[0]
    probs = torch.softmax(logits.double(), 0)
    order = torch.argsort(logits, descending=True)
    top = [int(i) for i in order[:10]]
    top1, third = top[0], top[2]
    print("top-10", top, [float(probs[i]) for i in top], file=sys.stderr)

    cases = {}

    def case(name, levels, **what):
        write(name + ".png", levels)
        cases[name] = what

    case("gradcam-29-top1", grey(cam(net, x, top1, 29, "gradcam")), method="gradcam", layer=29, cls=top1)
    case("gradcam-22-third", grey(cam(net, x, third, 22, "gradcam")), method="gradcam", layer=22, cls=third)
    case("layercam-29-top1", grey(cam(net, x, top1, 29, "layercam")), method="layercam", layer=29, cls=top1)
    case("layercam-3-top1", grey(cam(net, x, top1, 3, "layercam")), method="layercam", layer=3, cls=top1)

    plain = input_gradient(net, x, class_target(top1))[0].numpy()
    case("saliency-top1", minmax_rgb(plain), method="saliency", cls=top1)
    case("saliency-filter-11-7", minmax_rgb(input_gradient(net, x, filter_target(11, 7))[0].numpy()),
         method="saliency", layer=11, filter=7)

    baseline = torch.from_numpy(((0.0 - MEAN) / STD).astype(np.float32)).view(1, 3, 1, 1).expand_as(x)
    total = torch.zeros_like(x)
    for k in range(IG_STEPS):
        alpha = (k + 0.5) / IG_STEPS
        total += input_gradient(net, baseline + alpha * (x - baseline), class_target(top1))
    ig = ((x - baseline) * total / IG_STEPS)[0].numpy()
    case("integrated-gradients-top1", minmax_rgb(ig), method="integrated-gradients", cls=top1)

    sigma = SMOOTHGRAD_NOISE * float(x.max() - x.min())
    total = torch.zeros_like(x)
    for s in range(SMOOTHGRAD_SAMPLES):
        total += input_gradient(net, x + smoothgrad_noise(s, x.shape, sigma), class_target(top1))
    case("smoothgrad-top1", minmax_rgb((total / SMOOTHGRAD_SAMPLES)[0].numpy()), method="smoothgrad", cls=top1)

    grad_cam = cam(net, x, top1, 29, "gradcam")
    handles = guided(net)
    gb = input_gradient(net, x, class_target(top1))[0].numpy()
    gb_filter = input_gradient(net, x, filter_target(11, 7))[0].numpy()
    for h in handles:
        h.remove()
    case("guided-backprop-top1", minmax_rgb(gb), method="guided-backprop", cls=top1)
    case("guided-backprop-filter-11-7", minmax_rgb(gb_filter), method="guided-backprop", layer=11, filter=7)
    case("guided-gradcam-29-top1", minmax_rgb(gb * grad_cam[None]), method="guided-gradcam", layer=29, cls=top1)
    assert not np.array_equal(minmax_rgb(gb), minmax_rgb(plain)), "guided backprop must differ from saliency"

    state = net.state_dict()
    fingerprint = {name: [float(state[name].double().sum()), float(state[name].flatten()[0]),
                          float(state[name].flatten()[-1])]
                   for name in state if name.startswith("classifier.")}
    meta = {
        "generator": "tools/golden/generate_explain_goldens.py", "torch": torch.__version__,
        "image": "scene.png", "logits": [float(v) for v in logits],
        "top": [{"index": i, "probability": float(probs[i]), "logit": float(logits[i])} for i in top],
        "igSteps": IG_STEPS, "smoothgradSamples": SMOOTHGRAD_SAMPLES, "smoothgradNoise": SMOOTHGRAD_NOISE,
        "noiseSeed": NOISE_SEED, "classifier": fingerprint, "cases": cases,
    }
    with open(os.path.join(OUT, "explain.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
