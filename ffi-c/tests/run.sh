#!/usr/bin/env bash
# The C step of scripts/test-all: checks that include/eniplan.h is what the pinned cbindgen makes
# of ffi-c/src, installs the library under a temporary prefix with ffi-c/install.sh, then builds
# every C test against it through pkg-config and runs it twice: with AddressSanitizer and
# UndefinedBehaviorSanitizer (static library), and under valgrind with zero errors and zero
# leaks allowed (shared library). The README's C example is compiled and run the same way. Ends
# with a cargo-style `test result:` line that scripts/test-all adds to its total.
set -euo pipefail
cd "$(dirname "$0")/../.."

CBINDGEN_VERSION=0.29.4

passed=0
pass() {
    passed=$((passed + 1))
    echo "ok - $*"
}

# What the step needs: the pinned cbindgen, a C compiler, pkg-config, valgrind.
if [ "$(cbindgen --version 2>/dev/null)" = "cbindgen $CBINDGEN_VERSION" ]; then
    cbindgen=cbindgen
else
    # A debug build of the tool is enough and builds in a third of the time; it is kept per
    # version outside the work tree, so fresh clones on the same machine reuse it.
    tools=${CARGO_HOME:-$HOME/.cargo}/eniplan-tools/cbindgen-$CBINDGEN_VERSION
    cbindgen=$tools/bin/cbindgen
    if [ "$("$cbindgen" --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
        echo "installing cbindgen $CBINDGEN_VERSION into $tools"
        cargo install --quiet --locked --debug cbindgen --version "$CBINDGEN_VERSION" --root "$tools"
    fi
fi
missing=()
command -v cc >/dev/null || missing+=(gcc)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The header: regenerated from the source, it must equal the checked-in one.
"$cbindgen" --quiet --config ffi-c/cbindgen.toml --output "$work/eniplan.h" ffi-c
if ! diff -u ffi-c/include/eniplan.h "$work/eniplan.h"; then
    echo "ffi-c/include/eniplan.h is out of date; regenerate it with cbindgen $CBINDGEN_VERSION:"
    echo "  cbindgen --config ffi-c/cbindgen.toml --output ffi-c/include/eniplan.h ffi-c"
    exit 1
fi
pass "include/eniplan.h is what cbindgen $CBINDGEN_VERSION makes of ffi-c/src"

# The documented install step, into a temporary prefix.
prefix=$work/prefix
bash ffi-c/install.sh "$prefix" --profile dev
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
libdir=$(pkg-config --variable=libdir eniplan)
[ "$(pkg-config --modversion eniplan)" = "$(cargo pkgid -p eniplan-ffi | sed 's/.*[#@]//')" ]
pass "install.sh installs the header, both libraries and eniplan.pc"

cflags=(-std=c11 -Wall -Wextra -Werror -g -pthread)
read -r -a pc_cflags <<<"$(pkg-config --cflags eniplan)"
read -r -a pc_libs <<<"$(pkg-config --libs eniplan)"
# A static link: the archive itself, then the system libraries eniplan.pc lists as private.
read -r -a static_libs <<<"$libdir/libeniplan.a $(pkg-config --static --libs-only-l eniplan | sed 's/-leniplan //')"
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
valgrind=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all
    --show-leak-kinds=all --num-callers=64 --suppressions=ffi-c/tests/valgrind.supp)

# Runs one program, passing on its "ok - " lines and counting them.
run() {
    local label=$1 output
    shift
    if ! output=$(timeout 300 "$@" 2>&1); then
        printf '%s\n' "$output"
        echo "FAILED: $label"
        exit 1
    fi
    printf '%s\n' "$output" | grep -v '^ok - ' || true
    while IFS= read -r line; do
        pass "$label: ${line#ok - }"
    done < <(printf '%s\n' "$output" | grep '^ok - ')
}

for source in ffi-c/tests/*.c; do
    name=$(basename "$source" .c)
    cc "${cflags[@]}" "${sanitize[@]}" "${pc_cflags[@]}" "$source" -o "$work/$name-sanitized" "${static_libs[@]}"
    run "asan+ubsan" "$work/$name-sanitized"
    cc "${cflags[@]}" "${pc_cflags[@]}" "$source" -o "$work/$name" "${pc_libs[@]}"
    run "valgrind" env LD_LIBRARY_PATH="$libdir" "${valgrind[@]}" "$work/$name"
done

# The README's C example, exactly as printed there: the first ```c block of README.md, whose
# output must be the ```text block that follows it.
awk '/^```c$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' README.md >"$work/readme.c"
awk '/^```c$/ { seen = 1 } seen && /^```text$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' \
    README.md >"$work/readme.expected"
[ -s "$work/readme.c" ] && [ -s "$work/readme.expected" ] || {
    echo "README.md needs a \`\`\`c example followed by a \`\`\`text block of its output"
    exit 1
}
read -r -a pc_both <<<"$(pkg-config --cflags --libs eniplan)"
cc -std=c11 -Wall -Wextra -Werror "$work/readme.c" -o "$work/readme" "${pc_both[@]}"
LD_LIBRARY_PATH=$libdir "${valgrind[@]}" "$work/readme" >"$work/readme.out"
diff -u "$work/readme.expected" "$work/readme.out"
pass "README.md's C example builds with pkg-config, runs cleanly under valgrind and prints what README.md shows"

echo "test result: ok. $passed passed; 0 failed; 0 ignored; 0 measured; 0 filtered out"
