#!/bin/sh
# Unpacks DJL's CPU build of libtorch and DJL's JNI library from the application's jars in <lib dir> into
# <libtorch dir>, where the images' PYTORCH_LIBRARY_PATH points, so that DJL loads them from there and
# extracts nothing at start. Shared by the Lambda and CPU images (infra/lambda/layout.sh,
# infra/cpu/layout.sh), and so by their read-only checks.
#
#   libtorch.sh <lib dir> <libtorch dir>
set -eu
lib=$1
libtorch=$2

mkdir -p "$libtorch"
unzip -q -j "$lib"/ai.djl.pytorch.pytorch-native-cpu-*.jar 'pytorch/cpu/linux-x86_64/*' -d "$libtorch"
unzip -q -j "$lib"/ai.djl.pytorch.pytorch-jni-*.jar 'jnilib/linux-x86_64/cpu/libdjl_torch.so' -d "$libtorch"
