#!/usr/bin/env bash
# Builds the C library of eniplan and installs it under PREFIX:
#   PREFIX/include/eniplan.h
#   PREFIX/lib/libeniplan.a
#   PREFIX/lib/libeniplan.so.X.Y.Z, with the links libeniplan.so.SONAME-VERSION and libeniplan.so
#   PREFIX/lib/pkgconfig/eniplan.pc
# so that `cc app.c $(pkg-config --cflags --libs eniplan)` works once PKG_CONFIG_PATH (or the
# default search path) includes PREFIX/lib/pkgconfig.
#
# usage: ffi-c/install.sh PREFIX [--profile release|dev] [--libdir DIR]
#   --profile  the cargo profile to build with (default release)
#   --libdir   where the libraries and pkgconfig/ go (default PREFIX/lib)
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 1 ] || usage
prefix=$1
shift
profile=release
libdir=
while [ $# -gt 0 ]; do
    case $1 in
        --profile) profile=${2:?}; shift 2 ;;
        --libdir) libdir=${2:?}; shift 2 ;;
        *) usage ;;
    esac
done
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
libdir=${libdir:-$prefix/lib}

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# cargo names the library after the crate's lib target, eniplan_ffi (the core crate is already
# called eniplan); it is installed as libeniplan. `--print native-static-libs` tells which
# system libraries a static link needs; cargo repeats that note even when nothing is rebuilt.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo rustc --quiet -p eniplan-ffi --lib --profile "$profile" -- --print native-static-libs 2>"$log" || {
    cat "$log" >&2
    exit 1
}
native=$(sed -n 's/.*native-static-libs: //p' "$log" | tail -n 1)

case $profile in dev) dir=debug ;; *) dir=$profile ;; esac
build=${CARGO_TARGET_DIR:-$root/target}/$dir
version=$(cargo pkgid -p eniplan-ffi | sed 's/.*[#@]//')
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
# The SONAME build.rs gives the shared library: before 1.0 a minor release may break the ABI.
if [ "$major" = 0 ]; then soname=libeniplan.so.0.$minor; else soname=libeniplan.so.$major; fi

install -d "$prefix/include" "$libdir/pkgconfig"
install -m 644 ffi-c/include/eniplan.h "$prefix/include/eniplan.h"
install -m 644 "$build/libeniplan_ffi.a" "$libdir/libeniplan.a"
install -m 755 "$build/libeniplan_ffi.so" "$libdir/libeniplan.so.$version"
ln -sfn "libeniplan.so.$version" "$libdir/$soname"
ln -sfn "$soname" "$libdir/libeniplan.so"

cat >"$libdir/pkgconfig/eniplan.pc" <<EOF
prefix=$prefix
libdir=$libdir
includedir=\${prefix}/include

Name: eniplan
Description: A faithful offline model of private IPv4 addressing on AWS EC2 network interfaces
Version: $version
URL: https://github.com/eniplan/eniplan
Cflags: -I\${includedir}
Libs: -L\${libdir} -leniplan
Libs.private: $native
EOF

echo "installed eniplan $version ($profile) under $prefix"
