#!/bin/bash
# Real headers per ABI: the scanner's own parse+walk time (its 'scan' line) next to clang-14 -fsyntax-only with the
# same flags, and how many declarations were checked (resolved) per ABI. Build the scanner in Release first.
printf '#include <immintrin.h>\n' > ${TMPDIR:-/tmp}/immintrin_only.h
printf '#include <sys/socket.h>\n#include <signal.h>\n' > ${TMPDIR:-/tmp}/sock_signal.h
# usage: bench.sh  -> table: header abi scanner_ms clang_ms decls(checked/total) 
S="dotnet ${SCANNER:-src/InteropLint.Scanner/bin/Release/net8.0/InteropLint.Scanner.dll}"
RES=/usr/lib/clang/14.0.6
SHIM=$(ls -dt /tmp/interoplint-shim-* | head -1)
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
while read name header inc; do
  for abi in linux-x64 win-x64 win-x86 linux-arm64 osx-arm64; do
    out=$($S scan $header $inc --target $abi -o ${TMPDIR:-/tmp}/b-$name-$abi.json 2>&1 | head -1)
    ms=$(echo "$out" | grep -o '[0-9]* ms' | head -1)
    errs=$(echo "$out" | grep -o '[0-9]* errors' | head -1)
    t0=$(date +%s%N); clang-14 -fsyntax-only -x c $(flags $abi) $inc $(after $abi) -Wno-pragma-once-outside-header $header > /dev/null 2>&1; t1=$(date +%s%N)
    decls=$(python3 -c "
import json; a=json.load(open('${TMPDIR:-/tmp}/b-$name-$abi.json'))['abis'][0]
t=sum(len(a[k]) for k in ('functions','records','typedefs','enums')); u=sum(1 for k in ('functions','records','typedefs','enums') for d in a[k] if d.get('unresolved'))
f=len(a['functions']); fu=sum(1 for d in a['functions'] if d.get('unresolved'))
import collections; r=collections.Counter(d['unresolved'].split(' (')[0] for k in ('functions','records','typedefs','enums') for d in a[k] if d.get('unresolved'))
print(f'{f-fu}/{f} functions, {t-u}/{t} declarations checked; unresolved: {dict(r)}')")
    echo "| $name | $abi | $ms | $(( (t1-t0)/1000000 )) ms | $errs | $decls |"
  done
done <<LIST
SDL.h /usr/include/SDL2/SDL.h -I/usr/include/SDL2
immintrin ${TMPDIR:-/tmp}/immintrin_only.h
socket+signal ${TMPDIR:-/tmp}/sock_signal.h
pcap.h /usr/include/pcap.h
LIST
