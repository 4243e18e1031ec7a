#!/bin/sh
# Lays out the Lambda function's image under <root>, from <inputs>:
#   function.zip     mvn package -Plambda
#   runtime-client/  the Runtime Interface Client's jars (runtime-client/pom.xml)
#   weights/         vgg16.safetensors (features and classifier), or nothing when the weights come from S3
# infra/lambda/Dockerfile runs it at image build, infra/lambda/readonly-check.sh and bench/lambda_latency.sh
# on this machine: one layout for all three. It calls ../libtorch.sh, as in the repository.
#
#   layout.sh <inputs> <root>
set -eu
inputs=$1
root=$2

mkdir -p "$root/var/task" "$root/opt/libtorch" "$root/opt/lambda-runtime" "$root/opt/featurelens"
unzip -q "$inputs/function.zip" -d "$root/var/task"
# libtorch and DJL's JNI library unpacked where PYTORCH_LIBRARY_PATH points, so that DJL extracts
# nothing at a cold start; the jar they came from is not needed any more.
sh "$(dirname "$0")/../libtorch.sh" "$root/var/task/lib" "$root/opt/libtorch"
rm "$root"/var/task/lib/ai.djl.pytorch.pytorch-native-cpu-*.jar
cp "$inputs"/runtime-client/*.jar "$root/opt/lambda-runtime/"
cp -R "$inputs/weights/." "$root/opt/featurelens/"
# Lambda runs the image as an unprivileged user: everything readable by all, writable by none but root.
chmod -R a+rX,go-w "$root/var" "$root/opt"
