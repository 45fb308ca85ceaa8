#!/bin/bash
# The cost of -fparse-all-comments (the scanner's flag: plain comments are documentation too) on real headers per ABI:
# clang-14 -fsyntax-only's CPU time (user+sys, the least of N runs, so a loaded machine skews it less than wall time)
# with and without the flag, same target flags as real-headers.sh. The scanner's own comment lookups come on top.
# usage: tests/InteropLint.Perf/parse-all-comments.sh [runs]
RUNS=${1:-5}
TIMES=$(mktemp)
RES=/usr/lib/clang/14.0.6
SHIM=$(ls -dt /tmp/interoplint-shim-* 2>/dev/null | head -1)
flags() { # abi
  case $1 in
    linux-x64) echo "-target x86_64-pc-linux-gnu";;
    win-x64) echo "-target x86_64-w64-windows-gnu -mms-bitfields -mlong-double-64 -nostdlibinc -isystem $RES/include -isystem /usr/x86_64-w64-mingw32/include -isystem $SHIM/host-libc-guard";;
    win-x86) echo "-target i686-w64-windows-gnu -mms-bitfields -mlong-double-64 -nostdlibinc -isystem $RES/include -isystem /usr/i686-w64-mingw32/include -isystem $SHIM/host-libc-guard";;
    linux-arm64) echo "-target aarch64-unknown-linux-gnu -nostdlibinc -isystem $RES/include -isystem /usr/aarch64-linux-gnu/include";;
    osx-arm64) echo "-target arm64-apple-macosx11.0.0 -nostdlibinc -isystem $RES/include -ffreestanding -isystem $SHIM";;
  esac
}
after() {
  case $1 in
    linux-x64) echo "";;
    win-x64|win-x86) echo "-idirafter /usr/include -idirafter /usr/include/x86_64-linux-gnu";;
    *) echo "-idirafter /usr/include";;
  esac
}
cpu_ms() { # least user+sys ms of $RUNS runs of clang with the given extra flag
  local best=999999
  for _ in $(seq "$RUNS"); do
    local t
    /usr/bin/time -o "$TIMES" -f "%U %S" clang-14 -fsyntax-only -x c $(flags $abi) $inc $(after $abi) -Wno-pragma-once-outside-header "$@" $header > /dev/null 2>&1
    t=$(tail -1 "$TIMES" | awk '{printf "%d", ($1+$2)*1000}')
    [ "$t" -lt "$best" ] && best=$t
  done
  echo $best
}
echo "| header | abi | without (ms CPU) | with -fparse-all-comments | extra |"
echo "|---|---|---|---|---|"
while read name header inc; do
  for abi in linux-x64 win-x64 win-x86 linux-arm64 osx-arm64; do
    without=$(cpu_ms)
    with=$(cpu_ms -fparse-all-comments)
    echo "| $name | $abi | $without | $with | $(( with - without )) ms ($(( without > 0 ? (with - without) * 100 / without : 0 ))%) |"
  done
done <<LIST
SDL.h /usr/include/SDL2/SDL.h -I/usr/include/SDL2
git2.h /usr/include/git2.h
sqlite3.h /usr/include/sqlite3.h
LIST
