#!/usr/bin/env bash
# Builds the images the classroom stack needs where no container registry can be reached, each under
# the project's own name and only when it is missing (delete one with 'docker rmi' to rebuild it):
#
#   fanout-lab/debian:bookworm            debootstrap --variant=minbase from the Debian mirror apt uses
#   fanout-lab/jre:17, fanout-lab/jdk:17   Debian's OpenJDK 17   (JRE_IMAGE, JDK_IMAGE in the Dockerfile)
#   fanout-lab/aws-emulator:moto-5.2.1    moto_server, from a Python 3.11 that has moto installed
#   fanout-lab/greenmail:2.1.13           GreenMail standalone from Maven Central (the SMTP server)
#   fanout-lab/zipkin:3.6.1               the Zipkin server from Maven Central (the trace backend)
#   fanout-lab/prometheus:2.42-bookworm        Debian's prometheus package
#
# docker/offline.env then points the stack at them. Needs a Docker engine; the Debian base image
# needs root and debootstrap (Debian: apt-get install debootstrap). Portable bash; Debian mirror only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/compose-lib.sh

WORK="${COMPOSE_TEST_DIR:-target/compose-test}/base-images"
GREENMAIL_VERSION=2.1.13
ZIPKIN_VERSION=3.6.1
MOTO_VERSION=5.2.1
mkdir -p "$WORK"

missing() { ! docker image inspect "$1" >/dev/null 2>&1; }

build() { # build NAME DOCKERFILE_DIR CONTEXT
  local started=$SECONDS
  echo "==> Building $1"
  DOCKER_BUILDKIT=1 docker build -q -t "$1" -f "$2/Dockerfile" "$3" >"$WORK/$(echo "$1" | tr '/:' '__').log" 2>&1 || {
    cat "$WORK/$(echo "$1" | tr '/:' '__').log" >&2
    echo "Could not build $1" >&2
    exit 1
  }
  echo "    $1 built in $((SECONDS - started)) s"
}

if missing fanout-lab/debian:bookworm; then
  started=$SECONDS
  if ! command -v debootstrap >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
    echo "fanout-lab/debian:bookworm is missing; building it needs root and debootstrap (Debian: apt-get install debootstrap)." >&2
    exit 1
  fi
  mirror=$(debian_mirror)
  echo "==> Building fanout-lab/debian:bookworm (debootstrap --variant=minbase bookworm ${mirror})"
  rootfs=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 30 "$WORK/debootstrap.log" >&2
    rm -rf "$rootfs"
    exit 1
  }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' \
    --message "debootstrap --variant=minbase bookworm ${mirror}" - fanout-lab/debian:bookworm >/dev/null
  rm -rf "$rootfs"
  echo "    fanout-lab/debian:bookworm built in $((SECONDS - started)) s"
fi

missing fanout-lab/jre:17 && build fanout-lab/jre:17 docker/jre docker/jre
missing fanout-lab/jdk:17 && build fanout-lab/jdk:17 docker/jdk docker/jdk

if missing "fanout-lab/aws-emulator:moto-${MOTO_VERSION}"; then
  python=$(moto_python) || {
    echo "Building fanout-lab/aws-emulator needs a Python 3.11 with moto[server] ${MOTO_VERSION} installed (the image copies it)." >&2
    exit 1
  }
  context="$WORK/aws-emulator"
  rm -rf "$context" && mkdir -p "$context/site-packages"
  cp docker/aws-emulator/Dockerfile "$context/"
  "$python" docker/aws-emulator/stage-packages.py 'moto[server]' "$context/site-packages" >"$WORK/aws-emulator.packages"
  build "fanout-lab/aws-emulator:moto-${MOTO_VERSION}" "$context" "$context"
fi

if missing "fanout-lab/greenmail:${GREENMAIL_VERSION}"; then
  context="$WORK/greenmail"
  rm -rf "$context" && mkdir -p "$context"
  ./mvnw -q -B -ntp dependency:copy -Dartifact="com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}" \
    -DoutputDirectory="$context"
  build "fanout-lab/greenmail:${GREENMAIL_VERSION}" docker/greenmail "$context"
fi

if missing "fanout-lab/zipkin:${ZIPKIN_VERSION}"; then
  context="$WORK/zipkin"
  rm -rf "$context" && mkdir -p "$context"
  ./mvnw -q -B -ntp dependency:copy -Dartifact="io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec" \
    -DoutputDirectory="$context"
  build "fanout-lab/zipkin:${ZIPKIN_VERSION}" docker/zipkin "$context"
fi

missing fanout-lab/prometheus:2.42-bookworm && build fanout-lab/prometheus:2.42-bookworm docker/prometheus docker/prometheus
echo "Base images present: fanout-lab/debian:bookworm, fanout-lab/jre:17, fanout-lab/jdk:17, fanout-lab/aws-emulator:moto-${MOTO_VERSION}, fanout-lab/greenmail:${GREENMAIL_VERSION}, fanout-lab/zipkin:${ZIPKIN_VERSION}, fanout-lab/prometheus:2.42-bookworm"
