#!/usr/bin/env bash
# build.sh: the txstream image (deploy/image/Containerfile), offline.
#
# Builds the static binary with this machine's Go, prepares the image's
# root file system (the binary, the CA bundle, passwd and group entries of
# the unprivileged user 65532), and packs it with podman build (or
# docker build: CONTAINER_TOOL=docker). Then checks the image: it runs as
# that user, has the health check, and its binary runs (check.sh).
#
# Environment (all optional):
#   IMAGE            image name (default txstream); tagged :VERSION and :latest
#   VERSION          the version stamped into the binary and the image label
#                    (default: git describe --always --dirty)
#   CONTAINER_TOOL   podman (default) or docker
#   CA_BUNDLE        the CA certificates to ship (default: Debian's and
#                    Alpine's /etc/ssl/certs/ca-certificates.crt)
#   GOARCH           the architecture to build for (default: this machine's)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
IMAGE="${IMAGE:-txstream}"
VERSION="${VERSION:-$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)}"
REVISION="$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)"
TOOL="${CONTAINER_TOOL:-podman}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
GO="${GO:-go}"

log() { echo "image: $*" >&2; }
die() {
	echo "image: error: $*" >&2
	exit 1
}

command -v "$TOOL" >/dev/null || die "$TOOL is not installed (apt-get install podman, or CONTAINER_TOOL=docker)"
[ -r "$CA_BUNDLE" ] || die "no CA bundle at $CA_BUNDLE (apt-get install ca-certificates, or set CA_BUNDLE)"

CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
ROOTFS="$CONTEXT/rootfs"
mkdir -p "$ROOTFS/usr/local/bin" "$ROOTFS/etc/ssl/certs" "$ROOTFS/tmp" "$CONTEXT/data"

log "building txstream $VERSION (static, time zones embedded)"
(cd "$REPO" && CGO_ENABLED=0 "$GO" build -trimpath -tags timetzdata \
	-ldflags "-s -w -X main.version=$VERSION" -o "$ROOTFS/usr/local/bin/txstream" ./cmd/txstream)
cp "$CA_BUNDLE" "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
# A name for the user: tools and logs that look one up find it.
printf 'root:x:0:0:root:/root:/sbin/nologin\ntxstream:x:65532:65532:txstream:/var/lib/txstream:/sbin/nologin\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\ntxstream:x:65532:\n' >"$ROOTFS/etc/group"
chmod 1777 "$ROOTFS/tmp"
cp "$HERE/Containerfile" "$CONTEXT/Containerfile"

log "packing $IMAGE:$VERSION with $TOOL"
# docker format: OCI image configs have no HEALTHCHECK.
format=()
[ "$TOOL" = podman ] && format=(--format docker)
"$TOOL" build "${format[@]}" --build-arg "VERSION=$VERSION" --build-arg "REVISION=$REVISION" \
	-t "$IMAGE:$VERSION" -t "$IMAGE:latest" -f "$CONTEXT/Containerfile" "$CONTEXT" >&2

CONTAINER_TOOL="$TOOL" "$HERE/check.sh" "$IMAGE:$VERSION"
echo "IMAGE=$IMAGE:$VERSION"
