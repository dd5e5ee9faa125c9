#!/usr/bin/env bash
# `make run`: the operator, run locally from target/quarkus-app (built by `make build`).
#
#  - A reachable cluster (current context of KUBECONFIG or ~/.kube/config answers) and SANDBOX not true:
#    the operator runs in the foreground against it. The CRDs must be installed there (`make install`);
#    this script never installs them.
#  - Otherwise, or with SANDBOX=true: the sandbox (dev.milvusalias.sandbox.SandboxMain, test scope): an embedded
#    Kubernetes API and a Milvus emulator on 127.0.0.1:$MILVUS_PORT, the operator against both, and a live view.
set -euo pipefail
cd "$(dirname "$0")/.."

KUBECTL=${KUBECTL:-kubectl}
MVN=${MVN:-mvn -B -q}
SANDBOX=${SANDBOX:-}
MILVUS_PORT=${MILVUS_PORT:-19530}
JAR=target/quarkus-app/quarkus-run.jar

if [ ! -f "$JAR" ]; then
  echo "$JAR is missing: run \`make build\` first (\`make run\` does)." >&2
  exit 1
fi

sandbox() {
  echo "No cluster used: $1. Starting the sandbox."
  echo "Compiling the sandbox (test classes) and resolving its class path..."
  mkdir -p target/sandbox
  # shellcheck disable=SC2086 # MVN is a command with options
  $MVN test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/sandbox/classpath.txt
  export SANDBOX_MILVUS_PORT="$MILVUS_PORT"
  exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/test-classes:target/classes:$(cat target/sandbox/classpath.txt)" dev.milvusalias.sandbox.SandboxMain
}

case "$(printf '%s' "$SANDBOX" | tr '[:upper:]' '[:lower:]')" in
  true | 1 | yes) sandbox "SANDBOX=$SANDBOX" ;;
  "" | false | 0 | no) ;;
  *) echo "SANDBOX=$SANDBOX: expected true or false" >&2; exit 2 ;;
esac

if ! command -v "$KUBECTL" >/dev/null 2>&1; then
  sandbox "$KUBECTL not found"
fi
if ! context=$("$KUBECTL" config current-context 2>/dev/null) || [ -z "$context" ]; then
  sandbox "no current kube context (KUBECONFIG, ~/.kube/config)"
fi
if ! err=$("$KUBECTL" version --request-timeout=3s 2>&1 >/dev/null); then
  sandbox "the API server of kube context '$context' does not answer ($(tail -n 1 <<<"$err"))"
fi

if ! crds=$("$KUBECTL" get crd milvusaliases.milvus.io milvusconnections.milvus.io --request-timeout=10s 2>&1); then
  if grep -q NotFound <<<"$crds"; then
    echo "CRDs not installed in $context: run \`make install\` first." >&2
  else
    echo "Cannot check the CRDs in $context:" >&2
    echo "$crds" >&2
  fi
  exit 1
fi

echo "Running the operator against kube context '$context' (Ctrl-C stops it; SANDBOX=true for the sandbox instead)."
# The operator's own namespace (its status seal key Secret lives there): the context's namespace, unless set.
if [ -z "${POD_NAMESPACE:-}" ]; then
  POD_NAMESPACE=$("$KUBECTL" config view --minify -o 'jsonpath={..namespace}' 2>/dev/null || true)
  export POD_NAMESPACE="${POD_NAMESPACE:-default}"
fi
# The health endpoints stay on this machine unless QUARKUS_HTTP_HOST says otherwise.
export QUARKUS_HTTP_HOST="${QUARKUS_HTTP_HOST:-127.0.0.1}"
exec java -jar "$JAR"
