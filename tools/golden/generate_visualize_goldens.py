#!/usr/bin/python3
"""The golden of feature visualisation's image parameterisation, computed the way Lucent (Lucid's PyTorch port) does.

Run once with Debian's python3-torch and python3-opencv:

    /usr/bin/python3 tools/golden/generate_visualize_goldens.py

It writes src/test/resources/golden/visualize/fourier-224.png: the RGB picture that a fixed spectrum gives
through lucent.optvis.param.fft_image (scale 1/max(f, 1/max(w, h)), torch.fft.irfftn(norm="ortho"), /4) and
to_valid_rgb(decorrelate=True) (Lucid's color_correlation_svd_sqrt over its largest column norm, then a
sigmoid), rounded to 8 bits. The spectrum is no file: value i of Lucid's [2, 1, 3, h, w/2 + 1] layout (real
parts, then imaginary ones) is 0.5·sqrt(12)·(u_i − 1/2), u_i = (i·2654435761 mod 2^32)/2^32, a uniform draw
with standard deviation 0.5 (SD below) that FourierImageTest computes the same way in Java.

From that picture it also writes Lucid's scale and rotation steps as Lucent runs them (bench/lucid_transforms.py:
F.interpolate, bilinear without antialiasing; affine_grid and grid_sample), for RobustnessTest: scaled to 201×201
(0.9, where an antialiased resize would differ) and 246×246 (1.1), and rotated by 7 degrees.
"""
import os
import sys

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from lucid_transforms import resize, rotate  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources", "golden",
                   "visualize")
SIZE = 224
# Far above Lucid's start (0.01), which gives an almost flat grey, so that the picture spans most levels.
SD = 0.5
COLOR_CORRELATION_SVD_SQRT = np.asarray([[0.26, 0.09, 0.02],
                                         [0.27, 0.00, -0.05],
                                         [0.27, -0.09, 0.03]]).astype("float32")
MAX_NORM_SVD_SQRT = np.max(np.linalg.norm(COLOR_CORRELATION_SVD_SQRT, axis=0))
COLOR_CORRELATION_NORMALIZED = COLOR_CORRELATION_SVD_SQRT / MAX_NORM_SVD_SQRT


def fixed_spectrum(h, w):
    count = 2 * 3 * h * (w // 2 + 1)
    i = np.arange(count, dtype=np.uint64)
    u = ((i * np.uint64(2654435761)) % np.uint64(1 << 32)).astype(np.float64) / float(1 << 32)
    return (SD * np.sqrt(12.0) * (u - 0.5)).astype(np.float32).reshape(2, 1, 3, h, w // 2 + 1)


def rfft2d_freqs(h, w):
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[: w // 2 + 1]
    return np.sqrt(fx * fx + fy * fy)


def fft_image(real_imag, h, w):
    """lucent.optvis.param.spatial.fft_image's inner() for a spectrum in Lucent's layout, [1, 3, h, w/2 + 1, 2]."""
    scale = 1.0 / np.maximum(rfft2d_freqs(h, w), 1.0 / max(w, h))
    scale = torch.tensor(scale).float()[None, None, ..., None]
    scaled = torch.view_as_complex((scale * real_imag).contiguous())
    image = torch.fft.irfftn(scaled, s=(h, w), norm="ortho")
    return image[:1, :3, :h, :w] / 4.0


def to_valid_rgb(image):
    """lucent.optvis.param.color.to_valid_rgb(decorrelate=True)."""
    t = image.permute(0, 2, 3, 1)
    t = torch.matmul(t, torch.tensor(COLOR_CORRELATION_NORMALIZED.T))
    return torch.sigmoid(t.permute(0, 3, 1, 2))


def main():
    os.makedirs(OUT, exist_ok=True)
    spectrum = fixed_spectrum(SIZE, SIZE)
    real_imag = torch.from_numpy(np.stack([spectrum[0], spectrum[1]], axis=-1))
    rgb = to_valid_rgb(fft_image(real_imag, SIZE, SIZE))[0].permute(1, 2, 0).numpy()
    pixels = write("fourier-224.png", torch.from_numpy(rgb).permute(2, 0, 1)[None])
    picture = torch.from_numpy(pixels.astype(np.float32) / 255).permute(2, 0, 1)[None]
    for size in (201, 246):
        write("scale-%d.png" % size, resize(picture, size, size))
        antialiased = F.interpolate(picture, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
        print("  antialiased instead: up to %.1f levels off" % ((antialiased - resize(picture, size, size)).abs().max() * 255))
    write("rotate-7.png", rotate(picture, 7))


def write(name, image):
    """image ([1, 3, h, w], RGB in [0, 1]) rounded to 8 bits as a PNG; returns the pixels, [h, w, 3]."""
    pixels = np.rint(np.clip(image[0].permute(1, 2, 0).numpy(), 0, 1) * 255).astype(np.uint8)
    path = os.path.join(OUT, name)
    cv2.imwrite(path, cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    print(path, pixels.shape, pixels.min(), pixels.max(), round(float(pixels.std()), 1))
    return pixels


if __name__ == "__main__":
    main()
