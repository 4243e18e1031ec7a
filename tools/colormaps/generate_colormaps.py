#!/usr/bin/python3
"""Writes matplotlib's perceptual colour maps as 256 RGB triples (768 bytes) for io.featurelens.imaging.ColorMap.

    apt-get install python3-matplotlib && /usr/bin/python3 tools/colormaps/generate_colormaps.py
"""
import os

import numpy as np
from matplotlib import colormaps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "main", "resources", "colormaps")

os.makedirs(OUT, exist_ok=True)
for name in ["viridis", "magma"]:
    rgb = colormaps[name](np.arange(256))[:, :3]
    with open(os.path.join(OUT, name + ".rgb"), "wb") as f:
        f.write(np.round(rgb * 255).astype(np.uint8).tobytes())
