#!/usr/bin/python3
"""Computes FeatureLens's golden outputs with the reference PyTorch pipeline.

Run once with Debian's python3-torch, python3-torchvision and python3-opencv:

    /usr/bin/python3 tools/golden/generate_goldens.py

It writes src/test/resources/golden/. The Java tests read those files and never need Python.

The weights are FeatureLens's deterministic "demo" weights (io.featurelens.model.DemoWeights):
every value is derived from (seed, stream, element index) with the SplitMix64 finaliser, so Java
and NumPy produce bit-identical float32 tensors without sharing a file.
"""
import hashlib
import json
import os
import sys

import cv2
import numpy as np
import torch
from torchvision import models

RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources")
OUT = os.path.join(RESOURCES, "golden")
IMAGES = os.path.join(RESOURCES, "images")  # tools/fixtures/generate_fixtures.py writes these first
PHOTO_LAYERS = [0, 3]  # conv1_1 and relu1_2
PHOTO_FILTERS = list(range(0, 64, 8))  # a spread of eight: photo noise makes maps large
SEED = 20240229
GOLDEN_LAYERS = [0, 3, 5, 15, 29]
CONV_INDICES = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28]
CHANNELS = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 256),
            (256, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)]
RESIZE_SEED = 11
RESIZE_SIZES = [(320, 240), (448, 448), (100, 75), (1, 1), (225, 223), (7, 500), (1000, 30), (224, 224), (672, 224)]
GOLDEN_RATIO = np.uint64(0x9E3779B97F4A7C15)
MASK64 = (1 << 64) - 1


def fmix64(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def uniform(seed, stream, count):
    """Doubles in [0, 1): fmix64(seed + ((stream << 40) + i + 1) * golden) >>> 11, times 2^-53."""
    idx = np.arange(1, count + 1, dtype=np.uint64) + np.uint64(stream << 40)
    z = np.uint64(seed & MASK64) + idx * GOLDEN_RATIO
    return (fmix64(z) >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)


def demo_tensor(seed, stream, shape, bound):
    count = int(np.prod(shape))
    values = (2.0 * uniform(seed, stream, count) - 1.0) * bound
    return values.astype(np.float32).reshape(shape)


def demo_state_dict(seed=SEED):
    state = {}
    for (cin, cout), index in zip(CHANNELS, CONV_INDICES):
        fan_in = cin * 9
        state[f"{index}.weight"] = torch.from_numpy(
            demo_tensor(seed, 2 * index, (cout, cin, 3, 3), np.sqrt(6.0 / fan_in)))
        state[f"{index}.bias"] = torch.from_numpy(
            demo_tensor(seed, 2 * index + 1, (cout,), 1.0 / np.sqrt(fan_in)))
    return state


def synthetic_scene(width=320, height=240):
    """A deterministic picture with edges, gradients, texture and colour: something for filters to find."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.zeros((height, width, 3), np.float64)
    img[..., 0] = 40 + 150 * x / width            # B
    img[..., 1] = 60 + 120 * y / height           # G
    img[..., 2] = 128 + 90 * np.sin(x / 17.0) * np.cos(y / 23.0)  # R
    img = np.clip(img, 0, 255).astype(np.uint8)
    cv2.circle(img, (90, 110), 55, (20, 200, 240), -1)
    cv2.rectangle(img, (170, 40), (290, 150), (200, 40, 30), -1)
    cv2.rectangle(img, (190, 60), (270, 130), (250, 250, 250), 3)
    for k in range(9):
        cv2.line(img, (10 + 34 * k, 230), (40 + 30 * k, 170), (0, 0, 0), 2)
    pts = np.array([[150, 230], [230, 160], [310, 235]], np.int32)
    cv2.fillPoly(img, [pts], (60, 160, 60))
    return img


# --- the blog's pipeline, unchanged in substance --------------------------------------------
def preprocess_image(cv2im):
    mean = [0.485, 0.456, 0.406]
    std = [0.229, 0.224, 0.225]
    cv2im = cv2.resize(cv2im, (224, 224))
    im_as_arr = np.float32(cv2im)
    im_as_arr = np.ascontiguousarray(im_as_arr[..., ::-1])
    im_as_arr = im_as_arr.transpose(2, 0, 1)
    for channel, _ in enumerate(im_as_arr):
        im_as_arr[channel] /= 255
        im_as_arr[channel] -= mean[channel]
        im_as_arr[channel] /= std[channel]
    return torch.from_numpy(im_as_arr).float().unsqueeze_(0)


def sigmoid_grey(feature):
    feature = 1.0 / (1 + np.exp(-1 * feature))
    return np.round(feature * 255).astype(np.uint8)
# ----------------------------------------------------------------------------------------------


def minmax_grey(maps):
    """FeatureLens's minmax normalisation: round(255*(x-min)/(max-min)) per map, mid grey for a constant map."""
    flat = maps.reshape(maps.shape[0], -1)
    lo = flat.min(axis=1, keepdims=True)
    hi = flat.max(axis=1, keepdims=True)
    span = hi - lo
    scaled = np.where(span > 0, (flat - lo) / np.where(span > 0, span, 1) * 255, 128)
    return np.round(scaled).astype(np.uint8).reshape(maps.shape)


def write_stacked_png(name, maps):
    """Maps [C, H, W] as one grey PNG of C*H rows: lossless and a third the size of gzip."""
    c, h, w = maps.shape
    cv2.imwrite(os.path.join(OUT, name), maps.reshape(c * h, w), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def photo_goldens(features):
    """conv1_1 and relu1_2 sigmoid maps (PHOTO_FILTERS) of each fixture photo, read by cv2.imread as the blog does."""
    with open(os.path.join(IMAGES, "fixtures.json")) as f:
        photos = json.load(f)["photos"]
    written = {}
    for name in photos:
        img = cv2.imread(os.path.join(IMAGES, name))
        x = preprocess_image(img)
        with torch.no_grad():
            for index, layer in enumerate(features):
                x = layer(x)
                if index in PHOTO_LAYERS:
                    golden = f"{name.replace('.', '-')}-layer-{index:02d}-sigmoid.png"
                    write_stacked_png(golden, sigmoid_grey(x[0].numpy()[PHOTO_FILTERS]))
                    written.setdefault(name, {})[str(index)] = golden
                if index == max(PHOTO_LAYERS):
                    break
    return {"filters": PHOTO_FILTERS, "maps": written}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    features = models.vgg16().features.eval()
    features.load_state_dict(demo_state_dict())

    scene = synthetic_scene()
    image_path = os.path.join(OUT, "scene.png")
    cv2.imwrite(image_path, scene)
    img = cv2.imread(image_path)

    # weights fingerprint: lets the Java test prove its generator agrees before comparing maps
    fingerprint = {name: [float(t.double().sum()), float(t.flatten()[0]), float(t.flatten()[-1])]
                   for name, t in features.state_dict().items()}

    x = preprocess_image(img)
    layers = {}
    with torch.no_grad():
        for index, layer in enumerate(features):
            x = layer(x)
            if index in GOLDEN_LAYERS:
                raw = x[0].numpy()
                write_stacked_png(f"layer-{index:02d}-sigmoid.png", sigmoid_grey(raw))
                if index == 3:
                    write_stacked_png("layer-03-minmax-filters-0-7.png", minmax_grey(raw[:8]))
                layers[str(index)] = {
                    "shape": list(raw.shape),
                    "min": [float(m) for m in raw.reshape(raw.shape[0], -1).min(axis=1)],
                    "max": [float(m) for m in raw.reshape(raw.shape[0], -1).max(axis=1)],
                    "mean": [float(m) for m in raw.reshape(raw.shape[0], -1).astype(np.float64).mean(axis=1)],
                }
            if index == max(GOLDEN_LAYERS):
                break

    # resize alone, bit for bit, for sizes that take OpenCV's different paths (2x: INTER_AREA).
    # Sources are noise from the same generator (seed RESIZE_SEED, stream = case number), HWC bytes.
    resize_cases = {}
    for stream, (w, h) in enumerate(RESIZE_SIZES):
        src = np.floor(uniform(RESIZE_SEED, stream, w * h * 3) * 256).astype(np.uint8).reshape(h, w, 3)
        dst = cv2.resize(src, (224, 224))
        resize_cases[f"{w}x{h}"] = hashlib.sha256(dst.tobytes()).hexdigest()

    meta = {
        "generator": "tools/golden/generate_goldens.py",
        "torch": torch.__version__, "opencv": cv2.__version__, "numpy": np.__version__,
        "seed": SEED, "image": "scene.png", "layers": layers, "weights": fingerprint,
        "resize": resize_cases,
        "photos": photo_goldens(features),
    }
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
