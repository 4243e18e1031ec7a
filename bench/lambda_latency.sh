#!/usr/bin/env bash
# Lambda latency benchmark (issue 3, "Measured"). Writes target/bench/lambda.md; the numbers go to
# BENCHMARKS.md under "Lambda". Not a test: nothing is asserted but that both paths answer with 64 maps.
#
# Method
#  1. Package the function as Lambda gets it: mvn package -Plambda -> target/function.zip, laid out under
#     target/bench/image by infra/lambda/layout.sh, as infra/lambda/Dockerfile lays out the container
#     image (the function in var/task, libtorch unpacked in opt/libtorch). DJL's cache directory starts
#     empty and must stay so: nothing is extracted or downloaded at the cold start.
#  2. The harness (src/test/java/io/featurelens/bench/LambdaLatency.java) starts Quarkus's mock event
#     server, which speaks the Lambda runtime API over HTTP, and then the function the way a Java
#     container image runs it: AWS's Runtime Interface Client (AWSLambda) with the handler
#     io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest, AWS_LAMBDA_RUNTIME_API pointing at the
#     server, the unpacked function as working directory (the task root).
#  3. Start to first poll: from just before the process starts to its first
#     GET /2018-06-01/runtime/invocation/next. The model loads before that poll (Lambda's init phase).
#  4. The first invocation, then N warm ones: relu1_2 of src/test/resources/golden/scene.png, all 64 maps
#     inline, timed from sending the event to the server to receiving the function's answer.
#  5. In the same process, the JSON API (POST /api/features, same image and layer), first and N warm, with
#     the same HTTP client, so the two paths differ only in transport and envelope.
#  Medians with min-max; the ratio of the warm medians is what compares across machines. The machine is
#  shared and noisy: rerun before believing a difference under ~20%.
#
# Usage: bench/lambda_latency.sh [warm runs, default 20] [weights: demo (default) or a safetensors path]
# FUNCTION_JAVA_OPTS passes JVM options to the function, e.g. Lambda's own
# "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC".
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
weights=${2:-demo}
out=target/bench

mvn -q -B package -Plambda -DskipTests
mvn -q -B -f infra/lambda/runtime-client/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/target/runtime-client"
rm -rf "$out/inputs" "$out/image" "$out/djl-cache"
mkdir -p "$out/inputs/weights"
ln -s "$PWD/target/function.zip" "$out/inputs/function.zip"
ln -s "$PWD/target/runtime-client" "$out/inputs/runtime-client"
sh infra/lambda/layout.sh "$out/inputs" "$out/image"
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/test.classpath"

PYTORCH_LIBRARY_PATH="$PWD/$out/image/opt/libtorch" DJL_CACHE_DIR="$PWD/$out/djl-cache" \
java -cp "target/test-classes:$(cat "$out/test.classpath")" io.featurelens.bench.LambdaLatency \
    "$out/image/var/task" "$PWD/$out/image/opt/lambda-runtime/*" src/test/resources/golden/scene.png "$weights" "$runs" \
    "$out/lambda.md"
if [ -n "$(ls -A "$out/djl-cache" 2>/dev/null)" ]; then
    echo "DJL extracted files at the cold start:" && find "$out/djl-cache" -type f && exit 1
fi
echo "Function log: $out/function.log"
