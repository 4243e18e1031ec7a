#!/usr/bin/env bash
# Starts an atlas of VGG16's filters on Lambda: one visualize event per range of filters, sent to the stack's
# atlas queue (infra/template.yaml, output AtlasQueueUrl); the function renders each range and writes
# <prefix>/<layer>/filter-NNN.png and .json. By default all 13 ReLU layers after the convolutions, 4,224 filters.
#
#   infra/atlas-fanout.sh QUEUE_URL BUCKET PREFIX     send the events (needs the AWS CLI and sqs:SendMessage)
#   infra/atlas-fanout.sh --print BUCKET PREFIX       print them, one JSON per line, and send nothing
#
# Settings from the environment: LAYERS (name:filters pairs), FILTERS_PER_EVENT (default 2: a range must fit the
# function's 15 minutes on the deepest layer), STEPS (default 256) and SEED (default 0), the JSON API's defaults,
# so that GET /api/visualizations?layer=…&filter=… finds the atlas's pictures through featurelens.atlas.location.
set -euo pipefail

LAYERS=${LAYERS:-"relu1_1:64 relu1_2:64 relu2_1:128 relu2_2:128 relu3_1:256 relu3_2:256 relu3_3:256 relu4_1:512 relu4_2:512 relu4_3:512 relu5_1:512 relu5_2:512 relu5_3:512"}
FILTERS_PER_EVENT=${FILTERS_PER_EVENT:-2}
STEPS=${STEPS:-256}
SEED=${SEED:-0}

if [ $# -ne 3 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
queue=$1 bucket=$2 prefix=$3

events() {
  for pair in $LAYERS; do
    layer=${pair%%:*} filters=${pair##*:}
    for ((first = 0; first < filters; first += FILTERS_PER_EVENT)); do
      last=$((first + FILTERS_PER_EVENT - 1 < filters - 1 ? first + FILTERS_PER_EVENT - 1 : filters - 1))
      printf '{"visualize":{"layer":"%s","filters":"%d-%d","steps":%d,"seed":%d},"output":{"s3":{"bucket":"%s","prefix":"%s"}}}\n' \
        "$layer" "$first" "$last" "$STEPS" "$SEED" "$bucket" "$prefix"
    done
  done
}

if [ "$queue" = "--print" ]; then
  events
  exit 0
fi

sent=0
batch=()
flush() {
  [ ${#batch[@]} -eq 0 ] && return
  entries=$(printf '%s\n' "${batch[@]}" | awk '{ printf "%s{\"Id\":\"m%d\",\"MessageBody\":%s}", (NR > 1 ? "," : ""), NR, $0 }')
  aws sqs send-message-batch --queue-url "$queue" --entries "[$entries]" --output text --query 'length(Failed || `[]`)' \
    | grep -qx 0 || { echo "some messages of a batch were refused" >&2; exit 1; }
  sent=$((sent + ${#batch[@]}))
  batch=()
}
while IFS= read -r event; do
  # The body is a JSON string inside the batch's JSON.
  batch+=("$(printf '%s' "$event" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')")
  [ ${#batch[@]} -eq 10 ] && flush
done < <(events)
flush
echo "sent $sent visualize events to $queue"
