#!/usr/bin/env bash
# check.sh IMAGE: what the image promises, checked without running a
# container (podman run cannot start one on machines without a usable
# runtime): its configuration says user 65532, the health check and the
# entry point; its file system, unpacked from `save`, holds a binary that
# runs there (under chroot as user 65532 when this script runs as root,
# so no library of the host can help it) and prints its version.
set -euo pipefail

IMAGE="${1:?usage: check.sh IMAGE}"
TOOL="${CONTAINER_TOOL:-podman}"

log() { echo "image check: $*" >&2; }
die() {
	echo "image check: error: $*" >&2
	exit 1
}

field() { "$TOOL" image inspect --format "$1" "$IMAGE"; }

user="$(field '{{.Config.User}}')"
[ "$user" = "65532:65532" ] || die "runs as '$user', want 65532:65532"
entry="$(field '{{json .Config.Entrypoint}}')"
[ "$entry" = '["/usr/local/bin/txstream"]' ] || die "entry point $entry"
health="$(field '{{json .Config.Healthcheck}}')"
case "$health" in
*'"healthcheck"'*) ;;
*) die "no txstream healthcheck in the image's health check: $health" ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$TOOL" save --format docker-archive -o "$WORK/image.tar" "$IMAGE" >/dev/null
mkdir -p "$WORK/archive" "$WORK/rootfs"
tar -xf "$WORK/image.tar" -C "$WORK/archive"
# manifest.json lists the layers bottom first.
python3 - "$WORK/archive/manifest.json" >"$WORK/layers" <<'PY'
import json, sys
for layer in json.load(open(sys.argv[1]))[0]["Layers"]:
    print(layer)
PY
while read -r layer; do
	tar -xf "$WORK/archive/$layer" -C "$WORK/rootfs"
done <"$WORK/layers"

bin="$WORK/rootfs/usr/local/bin/txstream"
[ -x "$bin" ] || die "no executable /usr/local/bin/txstream in the image"
[ -s "$WORK/rootfs/etc/ssl/certs/ca-certificates.crt" ] || die "no CA certificates in the image"
owner="$(stat -c %u:%g "$WORK/rootfs/var/lib/txstream")"
[ "$owner" = "65532:65532" ] || die "/var/lib/txstream belongs to $owner, want 65532:65532"

if [ "$(id -u)" -eq 0 ]; then
	out="$(chroot --userspec=65532:65532 "$WORK/rootfs" /usr/local/bin/txstream version)"
	how="under chroot as 65532"
else
	out="$("$bin" version)"
	how="outside the image (not root: no chroot)"
fi
case "$out" in
"txstream "*) ;;
*) die "txstream version printed: $out" ;;
esac
log "$IMAGE: user 65532:65532, health check, binary runs $how: $(echo "$out" | head -n 1)"
