#!/bin/sh
# Builds libinteropdemo with CMake and publishes it as build/libinteropdemo.so (or .dylib).
#
#   native/build.sh          configure if needed, build, publish; quick when up to date
#   native/build.sh --test   also build and run the C self-test (ctest)
#
# Safe to run from several builds at once: one lock serialises the CMake step, and the
# library is published by an atomic rename, so a reader never sees a half-written file.
# INTEROPDEMO_BUILD_DIR overrides the output folder (default: native/build).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out_dir=${INTEROPDEMO_BUILD_DIR:-"$here/build"}
cmake_dir="$out_dir/cmake"
run_tests=false
[ "${1:-}" = "--test" ] && run_tests=true

case "$(uname -s)" in
  Darwin) lib_name=libinteropdemo.dylib ;;
  *) lib_name=libinteropdemo.so ;;
esac

mkdir -p "$out_dir"

# --- lock: flock where available (Linux), else an atomic mkdir with a stale-lock timeout ---
lock_file="$out_dir/.build.lock"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$lock_file"
  flock 9
else
  waited=0
  while ! mkdir "$lock_file.d" 2>/dev/null; do
    waited=$((waited + 1))
    # A build that was killed leaves its lock behind; no real build takes ten minutes.
    if [ "$waited" -ge 600 ]; then rm -rf "$lock_file.d"; waited=0; fi
    sleep 1
  done
  trap 'rmdir "$lock_file.d" 2>/dev/null || true' EXIT INT TERM
fi

# --- configure when there is no cache, or the cache belongs to another checkout (a copy) ---
cache="$cmake_dir/CMakeCache.txt"
if [ -f "$cache" ] && ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$here" "$cache"; then
  rm -rf "$cmake_dir"
fi
if [ ! -f "$cache" ]; then
  cmake -S "$here" -B "$cmake_dir" -DCMAKE_BUILD_TYPE=Release \
    -DINTEROPDEMO_TESTS=$([ "$run_tests" = true ] && echo ON || echo OFF) >/dev/null
elif [ "$run_tests" = true ]; then
  cmake "$cmake_dir" -DINTEROPDEMO_TESTS=ON >/dev/null
fi

if [ "$run_tests" = true ]; then
  cmake --build "$cmake_dir" --config Release
  (cd "$cmake_dir" && ctest --output-on-failure -C Release)
else
  cmake --build "$cmake_dir" --config Release --target interopdemo
fi

# --- publish: copy then rename, and only when the library changed ---
built="$cmake_dir/$lib_name"
published="$out_dir/$lib_name"
if [ ! -f "$published" ] || ! cmp -s "$built" "$published"; then
  cp "$built" "$published.tmp.$$"
  mv -f "$published.tmp.$$" "$published"
else
  # Up to date: bump the time so MSBuild's Inputs/Outputs check sees the output as newer
  # than an edited-but-equivalent source (e.g. a comment change) and skips next time.
  touch "$published"
fi
echo "interopdemo: $published"
