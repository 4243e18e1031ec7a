#!/usr/bin/env bash
# Latency of POST /api/features against the reference PyTorch pipeline, on this machine, in one run.
#
# Method
# - Service: the packaged app (java -jar target/quarkus-app/quarkus-run.jar) with the demo weights. Start-up
#   time is from launching the JVM to the first UP from /q/health/ready (polled every 50 ms). After 5 warm-up
#   requests, each request is curl's time_total for a multipart POST of bench/input-224.png (224x224 PNG)
#   with layer=3 (relu1_2), all 64 maps, sigmoid: HTTP, decode, forward, 64 PNG encodings, base64 JSON.
# - Reference: bench/reference_pipeline.py, the blog's loop in Python with Debian's python3-torch, same
#   image, same weights, same layer, decoding from bytes and encoding 64 PNGs in memory.
# - The two alternate in ROUNDS rounds of RUNS runs each, so that noise from this shared machine falls on
#   both alike; the medians over all rounds are compared as a ratio (service / reference).
# - Forward pass alone: io.featurelens.bench.ForwardFloor times vgg16.features up to relu1_2 and a
#   square float32 matmul (best of 1024, 2048, 3072) through the same libtorch; the floor is 3.87 GFLOP at
#   that rate.
# Needs: mvn, java 17, curl, /usr/bin/python3 with python3-torch, python3-torchvision, python3-opencv.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080}
IMAGE=bench/input-224.png

[ "${SKIP_BUILD:-}" = 1 ] || mvn -q -B package -DskipTests
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null

start=$(date +%s%N)
FEATURELENS_MODEL_WEIGHTS=demo QUARKUS_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >target/bench-app.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$PORT/q/health/ready" >/dev/null; do sleep 0.05; done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

post() { curl -sf -o "${1:-/dev/null}" -w '%{time_total}\n' -F "image=@$IMAGE" -F layer=3 "http://localhost:$PORT/api/features"; }
for _ in 1 2 3 4 5; do post >/dev/null; done

service=()
reference=()
for _ in $(seq "$ROUNDS"); do
  for _ in $(seq "$RUNS"); do service+=("$(post | awk '{printf "%.1f", $1 * 1000}')"); done
  reference+=($(/usr/bin/python3 bench/reference_pipeline.py "$IMAGE" 3 "$RUNS" \
    | python3 -c 'import json,sys; print(" ".join(str(t) for t in json.load(sys.stdin)["all_ms"]))'))
done
post target/bench-response.json >/dev/null
server_timings=$(python3 -c 'import json; print(json.load(open("target/bench-response.json"))["timingsMs"])')
kill $app; wait $app 2>/dev/null || true; trap - EXIT

floor=$(java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" -Dai.djl.offline=true \
  io.featurelens.bench.ForwardFloor 30 2>/dev/null | tail -1)

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
s=$(median "${service[@]}")
r=$(median "${reference[@]}")
cat <<REPORT
| what | value |
|---|---|
| machine | $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) |
| date | $(date -u +%Y-%m-%d) |
| service: POST /api/features, relu1_2, 64 maps, median of $((RUNS * ROUNDS)) | ${s} ms |
| reference Python pipeline, median of $((RUNS * ROUNDS)) | ${r} ms |
| ratio service / reference | $(awk -v s="$s" -v r="$r" 'BEGIN {printf "%.2f", s / r}') |
| service's own timings for one request | ${server_timings} |
| forward pass vs floor | ${floor} |
| start-up to ready | ${ready_ms} ms |
REPORT
