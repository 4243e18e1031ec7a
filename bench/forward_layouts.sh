#!/bin/sh
# The feature maps' forward pass in three memory layouts (all channels last, the reference's, the model's own):
# io.featurelens.bench.ForwardLayouts, method at its top. Arguments: layers (default 3,15,22,29), rounds (15).
# glibc's malloc settings are the CPU image's (its ENV MALLOC_… entries), unless MALLOC_SETTINGS=own.
#
#   mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
#   bench/forward_layouts.sh 3,15,22,29 15
set -e
cd "$(dirname "$0")/.."
. bench/image_malloc.sh
exec java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.featurelens.bench.ForwardLayouts "$@"
