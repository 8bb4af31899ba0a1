#!/usr/bin/env bash
# The container runtime of one component, built the same way by the Dockerfile and by CI
# (scripts/checks/install-runtime.sh), so the images' logic is proven without a Docker engine.
#
#   scripts/runtime.sh modules  agent|aggregator JAR          # modules jlink keeps (jdeps + extras)
#   scripts/runtime.sh jvm-args agent|aggregator PREFIX       # the JVM flags, one per line
#   scripts/runtime.sh build    agent|aggregator JAR PREFIX   # PREFIX/{java/,app.jar,jvm.args,app.jsa}
#                                                             # (agent: and lib/, its native libraries)
#
# PREFIX is where the files live at run time (/opt/cni-metrics in the images): the CDS archive
# records the jar's path, so training and running use the same path. The images start
#   PREFIX/java/bin/java @PREFIX/jvm.args -jar PREFIX/app.jar ARGS
# with no shell (the java launcher expands the @argfile itself).
set -euo pipefail

die() { echo "runtime.sh: $*" >&2; exit 1; }

component() {
  case ${1:-} in
    agent | aggregator) ;;
    *) die "component: expected agent or aggregator, found '${1:-}'" ;;
  esac
}

tool() {
  local t=$1
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/$t ]]; then echo "$JAVA_HOME/bin/$t"; return; fi
  command -v "$t" >/dev/null || die "'$t' not found: set JAVA_HOME to a JDK 17+ with jmods (Debian: openjdk-17-jdk-headless)"
  command -v "$t"
}

# Modules jdeps cannot see because they are reached through a service provider, not a class
# reference. The aggregator talks TLS to the Kubernetes API and AWS: without jdk.crypto.ec (SunEC)
# there are no ECDHE/X25519 key exchanges and ECDSA certificates, and TLS 1.3 handshakes fail.
extra_modules() {
  case $1 in
    agent) echo "" ;;
    aggregator) echo "jdk.crypto.ec" ;;
  esac
}

# Modules jdeps finds only behind code the agent never runs, left out of its runtime: JNA's AWT
# window helpers (java.desktop), gRPC's JNDI DNS resolver, used for dns:/// targets only (CRI is a
# unix socket; java.naming), Gson's java.sql date adapters, registered only when java.sql is
# present (java.sql), Netty's buffer-allocator JFR events, emitted only when JFR is there (jdk.jfr).
# Each module in the boot layer is resolved and partly loaded at start.
optional_modules() {
  case $1 in
    agent) echo "java.desktop java.naming java.sql jdk.jfr" ;;
    aggregator) echo "" ;;
  esac
}

modules() {
  local c=$1 jar=$2
  [[ -f $jar ]] || die "$c jar '$jar' not found; build it first (mvn -B -DskipTests package)"
  local deps
  # --list-deps: every module the jar refers to directly (java.base/<package> for JDK internals).
  deps=$("$(tool jdeps)" --multi-release 17 --ignore-missing-deps --list-deps -q "$jar") \
    || die "jdeps failed on $jar"
  local optional keep=() m
  optional=" $(optional_modules "$c") "
  for m in $(echo "$deps" | sed 's|/.*||' | sort -u) $(extra_modules "$c"); do
    [[ $optional == *" $m "* ]] || keep+=("$m")
  done
  (IFS=,; echo "${keep[*]}")
}

# JVM flags, sized for a DaemonSet (agent: RSS target <= 64 MiB on every node) and for a small
# 2-replica Deployment (aggregator). Why each one:
jvm_args() {
  local c=$1 prefix=$2
  local common=(
    # One GC thread, no region/remembered-set bookkeeping: G1's native overhead alone is several
    # MiB, and pauses on heaps this small are a few milliseconds either way.
    -XX:+UseSerialGC
    # Let the kubelet restart a process that ran out of heap rather than keep a half-broken one.
    -XX:+ExitOnOutOfMemoryError
    # No /tmp/hsperfdata mmap file: the root filesystem is read-only and nobody runs jstat here.
    -XX:-UsePerfData
    # Thread stacks: the default 1 MiB is reserved per thread; nothing here recurses deeply.
    -Xss512k
    -Djava.io.tmpdir=/tmp
    # Containers have no locale configured; keep number/date formatting deterministic.
    -Duser.language=en
    -Duser.country=US
  )
  case $c in
    agent)
      local agent=(
        # Small heap: the agent holds one node's report and sandbox cache (a few hundred KiB for
        # 110 pods). Measured: ~9 MiB committed in steady state; the cap keeps every node's RSS
        # predictable and leaves room for a node with many pods.
        -Xms8m
        -Xmx48m
        # A 3 MiB young generation instead of a third of the heap: every page of eden is touched
        # between two collections, so eden's size is resident memory. The garbage of a refresh
        # dies young and a young collection of this heap takes ~1 ms. Measured (250 pods, 1 s
        # refresh): -3.4 MiB RSS, young collections every 0.5 s instead of 0.7 s.
        -Xmn3m
        -XX:MaxMetaspaceSize=64m
        # C1 only: the agent is I/O-bound, and C2's compiler threads and arenas cost more resident
        # memory than its faster code saves in CPU at a 10 s refresh interval.
        -XX:TieredStopAtLevel=1
        -XX:CICompilerCount=1
        -XX:ReservedCodeCacheSize=16m
        # Compile a method after 10x the usual invocations/loops: start-up and one-off paths
        # (flag parsing, CRI connection set-up, the first netns resolutions) stay interpreted and
        # out of the code cache. Measured (250 pods): -5 MiB RSS. With -Xmn3m, the trim and the
        # unpooled allocator it costs +2 ms CPU per 250-pod refresh (13.5 -> 15.5 ms), 0.02% of a
        # core at the default 10 s interval, for -14 MiB RSS (106.6 -> 92.5 MiB).
        -XX:CompileThresholdScaling=10
        # Give freed malloc memory (compiler arenas, JNA/netlink buffers) back to the kernel every
        # 5 s; a trim is a few microseconds at this process size. Measured: -1.5 to -2 MiB RSS.
        -XX:TrimNativeHeapInterval=5000
        # Direct buffers (gRPC's Netty, the HTTP server) stay small.
        -XX:MaxDirectMemorySize=16m
        # The native parts of JNA and of gRPC's Netty epoll transport, unpacked from the jar at
        # build time (native_libs below). Without them both copy theirs from the jar into a temp
        # file on every start, and the temp file's SecureRandom name brings the JDK's security
        # providers up (Sun provider, NativePRNG, SHA, KnownOIDs: ~90 classes in every agent).
        # jna.nounpack: a runtime without JNA's library fails at start instead of unpacking it.
        -Djava.library.path=$prefix/lib
        -Djna.boot.library.path=$prefix/lib
        -Djna.nounpack=true
        # No library search path for JNA, which loads only libc, by its soname. Unset, JNA fills
        # it at start by running `/sbin/ldconfig -p` (a child process, a "process reaper" thread
        # and the JDK's process classes in every agent; the distroless image has no ldconfig).
        -Djna.platform.library.path=
        # No Netty buffer pool for the one CRI connection: Netty's default pooling allocator keeps
        # whole chunks and per-thread caches resident for a few messages every refresh. Unpooled buffers are freed
        # when the message is done. Measured (250 pods): -6 MiB RSS.
        -Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled
      )
      printf '%s\n' "${common[@]}" "${agent[@]}"
      ;;
    aggregator)
      local aggregator=(
        # Heap follows the container limit (256 MiB in install/kubernetes): reports of thousands
        # of nodes per cycle and the CloudWatch replay backlog live here.
        -XX:InitialRAMPercentage=25
        -XX:MaxRAMPercentage=60
      )
      printf '%s\n' "${common[@]}" "${aggregator[@]}"
      ;;
  esac
  # Class data sharing (see build): faster start, and class metadata read from one mapped file
  # instead of parsed into metaspace.
  echo "-XX:SharedArchiveFile=$prefix/app.jsa"
}

# The CDS training runs.
#   agent: as a daemon, refreshing and scraped, against the loopback CRI runtime and ipamd that
#     runtime-training/TrainingRun.java serves (an image build has neither); the JVM writes the list
#     of classes it loaded, and dump (below) archives exactly those. Trained on --once with no CRI,
#     the archive held 378 of the ~5,450 classes a 250-pod agent loaded; gRPC, Netty, protobuf, the
#     HTTP client and server were read from the jar into metaspace on every node.
#   aggregator: --help (no network at all); the JVM archives the classes it loaded at exit, on top
#     of the JDK's default archive (which then still serves the JDK classes --help never loads).
trainer() {
  echo "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/runtime-training/TrainingRun.java"
}

train() {
  local c=$1 prefix=$2
  local java=("$prefix/java/bin/java" "@$prefix/jvm.args.training")
  case $c in
    agent)
      mkdir -p "$prefix/training"
      "$(tool java)" -cp "$prefix/app.jar" "$(trainer)" "$prefix/training" "${java[@]}" \
        -XX:DumpLoadedClassList="$prefix/classes.lst" -jar "$prefix/app.jar" --node-name=training --imds=false
      dump "$prefix"
      ;;
    aggregator) "${java[@]}" -XX:ArchiveClassesAtExit="$prefix/app.jsa" -jar "$prefix/app.jar" --help ;;
  esac
}

# The agent's archive: one static archive of exactly the classes its training run loaded, the
# JDK's and the jar's, instead of a dynamic archive on top of the JDK's default one. The JVM then
# maps and relocates one archive, not two, and none of the default archive's classes the agent never
# uses. Measured (250 pods): -2.3 MiB RSS. Classes an archive cannot hold (class files older than
# Java 6, dynamic proxies) are skipped with a warning and loaded from the jar as before.
dump() {
  local prefix=$1
  [[ -s $prefix/classes.lst ]] || die "agent: the training run wrote no class list"
  "$prefix/java/bin/java" "@$prefix/jvm.args.training" -Xshare:dump -XX:SharedClassListFile="$prefix/classes.lst" \
    -XX:SharedArchiveFile="$prefix/app.jsa" -cp "$prefix/app.jar"
}

# The agent's native libraries (JNA's dispatch library, gRPC's shaded Netty epoll transport), from
# the jar's copies for this machine's architecture: the runtime is built on the architecture it
# runs on (jlink takes the build JDK's jmods). The names are the ones JNA (jna.boot.library.path)
# and Netty (System.loadLibrary, before unpacking) look for.
native_libs() {
  local jar=$1 prefix=$2 jna netty tmp f
  case $(uname -m) in
    x86_64) jna=linux-x86-64 netty=x86_64 ;;
    aarch64) jna=linux-aarch64 netty=aarch_64 ;;
    *) die "agent: no native libraries for architecture '$(uname -m)' (expected x86_64 or aarch64)" ;;
  esac
  tmp=$(mktemp -d)
  local files=("com/sun/jna/$jna/libjnidispatch.so"
    "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_$netty.so")
  (cd "$tmp" && "$(tool jar)" xf "$jar" "${files[@]}")
  mkdir -p "$prefix/lib"
  for f in "${files[@]}"; do
    [[ -s $tmp/$f ]] || die "agent: '$jar' holds no $f"
    mv "$tmp/$f" "$prefix/lib/"
  done
  rm -rf "$tmp"
}

build() {
  local c=$1 jar=$2 prefix=$3
  [[ $prefix == /* ]] || die "PREFIX: expected an absolute path, found '$prefix'"
  local mods
  mods=$(modules "$c" "$jar")
  [[ $c != agent || -f $(trainer) ]] ||
    die "agent: CDS training driver '$(trainer)' not found (copy scripts/runtime-training/ next to runtime.sh)"
  rm -rf "$prefix"
  mkdir -p "$(dirname "$prefix")"
  # --generate-cds-archive: the JDK's default CDS archive (training runs, and under the aggregator's).
  "$(tool jlink)" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --generate-cds-archive --output "$prefix/java"
  cp "$jar" "$prefix/app.jar"
  [[ $c != agent ]] || native_libs "$prefix/app.jar" "$prefix"
  jvm_args "$c" "$prefix" | grep -v -- '-XX:SharedArchiveFile=' > "$prefix/jvm.args.training"
  train "$c" "$prefix" > "$prefix/training.out" 2>&1 \
    || { cat "$prefix/training.out" >&2; die "$c: CDS training run failed"; }
  rm -rf "$prefix/jvm.args.training" "$prefix/training.out" "$prefix/training" "$prefix/classes.lst"
  [[ -s $prefix/app.jsa ]] || die "$c: no CDS archive written"
  jvm_args "$c" "$prefix" > "$prefix/jvm.args"
  echo "runtime.sh: $c runtime in $prefix: modules $mods; $(du -sh "$prefix/java" | cut -f1) runtime," \
    "$(du -h "$prefix/app.jsa" | cut -f1) CDS archive" >&2
}

cmd=${1:-}
shift || true
case $cmd in
  modules) [[ $# -eq 2 ]] || die "usage: modules agent|aggregator JAR"; component "$1"; modules "$1" "$2" ;;
  jvm-args) [[ $# -eq 2 ]] || die "usage: jvm-args agent|aggregator PREFIX"; component "$1"; jvm_args "$1" "$2" ;;
  build) [[ $# -eq 3 ]] || die "usage: build agent|aggregator JAR PREFIX"; component "$1"; build "$1" "$2" "$3" ;;
  *) die "usage: scripts/runtime.sh modules|jvm-args|build agent|aggregator ... (found '$cmd')" ;;
esac
