#!/bin/sh
# Per-image cost of a batch against single passes, through the service's extraction (forward pass, statistics,
# grey levels; no HTTP, no PNGs): io.featurelens.core.BatchCost, method at its top. Demo weights, the 320x240
# test scene, all maps of the layer. Arguments: layer (default 3 = relu1_2), rounds (8), batch sizes (2,4,8).
# glibc's malloc settings are the CPU image's (its ENV MALLOC_… entries), unless MALLOC_SETTINGS=own, which
# keeps this shell's.
#
#   mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
#   bench/batch_cost.sh 3 8 2,4,8
set -e
cd "$(dirname "$0")/.."
. bench/image_malloc.sh
exec java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.featurelens.core.BatchCost "$@"
