#!/usr/bin/env bash
# Instructions per round trip of each benchmarked hot path, counted by callgrind, with the
# ratio to the raw bitmap (or to the one-interface model): figures that a machine busy with
# other work does not disturb, beside criterion's times. Needs valgrind.
#
#   bash benches/instructions.sh            # every case
#   bash benches/instructions.sh address    # cases whose name contains "address"
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
cargo build -q --release -p eniplan-benches --bin profile
bin=${CARGO_TARGET_DIR:-target}/release/profile
few=${FEW:-2000}
many=${MANY:-12000}

count() { # SUBJECT OPERATION STATE ITERATIONS -> instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 |
        awk '/Collected/ { print $4 }'
}
per_op() { # SUBJECT OPERATION STATE -> instructions of one round trip
    local a b
    a=$(count "$1" "$2" "$3" "$few")
    b=$(count "$1" "$2" "$3" "$many")
    echo $(((b - a) / (many - few)))
}

hot_paths=(
    "address/explicit explicit fill:50"
    "address/auto_fill_0 address fill:0"
    "address/auto_fill_50 address fill:50"
    "address/auto_fill_90 address fill:90"
    "address/auto_fill_99 address fill:99"
    "prefix/auto_dirty_0 block dirt:0"
    "prefix/auto_dirty_90 block dirt:90"
    "prefix/auto_dirty_all_but_last block dirt:all_but_last"
)
filter=${1:-}
echo "| group | raw bitmap | hashset | allocator | model | allocator × raw | model × raw |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for case in "${hot_paths[@]}"; do
    read -r group operation state <<<"$case"
    [[ -z $filter || $group == *"$filter"* ]] || continue
    raw=$(per_op raw_bitmap "$operation" "$state")
    naive=$(per_op hashset "$operation" "$state")
    allocator=$(per_op allocator "$operation" "$state")
    model=$(per_op model "$operation" "$state")
    awk -v g="$group" -v r="$raw" -v n="$naive" -v a="$allocator" -v m="$model" \
        'BEGIN { printf "| `%s` | %d | %d | %d | %d | %.2f | %.1f |\n", g, r, n, a, m, a / (r ? r : 1), m / (r ? r : 1) }'
done
echo
echo "| group | 1 interface | 1,000 | 100,000 | 100,000 × 1 |"
echo "| --- | ---: | ---: | ---: | ---: |"
for case in "scale/explicit_address explicit" "scale/auto_address address" "scale/auto_prefix block"; do
    read -r group operation <<<"$case"
    [[ -z $filter || $group == *"$filter"* ]] || continue
    one=$(per_op model "$operation" enis:1)
    thousand=$(per_op model "$operation" enis:1000)
    many_enis=$(per_op model "$operation" enis:100000)
    awk -v g="$group" -v a="$one" -v b="$thousand" -v c="$many_enis" \
        'BEGIN { printf "| `%s` | %d | %d | %d | %.2f |\n", g, a, b, c, c / a }'
done
echo
echo "| group | Rust typed | C typed | C × Rust |"
echo "| --- | ---: | ---: | ---: |"
for case in "boundary/explicit explicit fill:50" "boundary/auto_address address fill:50" "boundary/auto_prefix block dirt:90"; do
    read -r group operation state <<<"$case"
    [[ -z $filter || $group == *"$filter"* ]] || continue
    rust=$(per_op model "$operation" "$state")
    c=$(per_op c_typed "$operation" "$state")
    awk -v g="$group" -v r="$rust" -v c="$c" \
        'BEGIN { printf "| `%s` | %d | %d | %.2f |\n", g, r, c, c / r }'
done
