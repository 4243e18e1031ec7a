#!/usr/bin/python3
"""Writes the 1000 ImageNet class names in torchvision's order, one a line, for io.featurelens.model.ImageNetClasses.

Run once with Debian's python3-torchvision (torchvision/models/_meta.py, _IMAGENET_CATEGORIES, BSD-licensed):

    /usr/bin/python3 tools/labels/generate_labels.py
"""
import os

from torchvision.models._meta import _IMAGENET_CATEGORIES

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "main", "resources",
                   "imagenet-classes.txt")

assert len(_IMAGENET_CATEGORIES) == 1000, len(_IMAGENET_CATEGORIES)
assert len(set(_IMAGENET_CATEGORIES)) == 1000, "labels must be unique as displayed"
assert all("\n" not in label and label == label.strip() for label in _IMAGENET_CATEGORIES)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("".join(label + "\n" for label in _IMAGENET_CATEGORIES))
