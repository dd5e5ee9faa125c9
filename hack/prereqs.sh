#!/usr/bin/env bash
# The tools `make build`, `make test` and `make run` need (README, Set-up): checked before anything is built, so a
# missing one costs a second, not minutes of build. Prints how to install each missing or too old one; exits 1 then.
#   hack/prereqs.sh             checks java, mvn and kubectl
#   hack/prereqs.sh java mvn    checks only those
# KUBECTL names the kubectl binary (as in the Makefile). Nothing here installs anything.
set -uo pipefail

JAVA_MIN=17
MAVEN_MIN=3.8
# The tests drive kubectl against the sandbox API and render deploy/ with its built-in kustomize. Debian 12's
# kubernetes-client package (kubectl 1.20) fails both; the operator is written for API servers 1.30+.
KUBECTL_MIN=1.30
KUBECTL=${KUBECTL:-kubectl}

problems=()
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo "

# true when version $1 (major.minor...) is at least $2 (major.minor)
at_least() {
  local major minor want_major want_minor
  IFS=. read -r major minor _ <<<"$1"
  IFS=. read -r want_major want_minor <<<"$2"
  [ "${major:-0}" -gt "$want_major" ] || { [ "${major:-0}" -eq "$want_major" ] && [ "${minor:-0}" -ge "$want_minor" ]; }
}

# the feature version of a Java version string: 17.0.15 -> 17, 1.8.0_392 -> 8
java_feature() {
  local v=${1#1.}
  [ "$v" = "$1" ] && echo "${1%%[.+-]*}" || echo "${v%%[._]*}"
}

with_apt() {
  if command -v apt-get >/dev/null 2>&1; then
    echo "${sudo}apt-get install -y $1"
  else
    echo "$2"
  fi
}

how_jdk() { with_apt openjdk-17-jdk-headless "a JDK $JAVA_MIN or newer, e.g. from https://adoptium.net"; }
how_maven() { with_apt maven "Maven $MAVEN_MIN or newer: https://maven.apache.org/install.html"; }
how_kubectl() {
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  if [ "$(uname -s)" = Linux ]; then
    echo "curl -fsSLO \"https://dl.k8s.io/release/\$(curl -fsSL https://dl.k8s.io/release/stable.txt)/bin/linux/$arch/kubectl\" && ${sudo}install -m 0755 kubectl /usr/local/bin/kubectl"
  else
    echo "see https://kubernetes.io/docs/tasks/tools/#kubectl (macOS: brew install kubectl)"
  fi
}

check_java() {
  if ! command -v java >/dev/null 2>&1; then
    problems+=("java (JDK $JAVA_MIN+) not found on PATH. Install it:|$(how_jdk)")
    return
  fi
  local version
  version=$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  if [ -z "$version" ] || [ "$(java_feature "$version")" -lt "$JAVA_MIN" ]; then
    problems+=("java on PATH ($(command -v java)) is version ${version:-unknown}; $JAVA_MIN or newer is needed. Install it:|$(how_jdk)")
  fi
}

check_mvn() {
  if ! command -v mvn >/dev/null 2>&1; then
    problems+=("mvn (Maven $MAVEN_MIN+) not found on PATH. Install it:|$(how_maven)")
    return
  fi
  local out version java runtime
  if ! out=$(mvn -v 2>&1); then
    problems+=("mvn -v fails: $(tail -n 1 <<<"$out"). With a JDK $JAVA_MIN+ on PATH or in JAVA_HOME it runs:|$(how_jdk)")
    return
  fi
  out=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$out")
  version=$(sed -n 's/^Apache Maven \([0-9][0-9.]*\).*/\1/p' <<<"$out" | head -n 1)
  java=$(sed -n 's/^Java version: \([^,]*\),.*/\1/p' <<<"$out" | head -n 1)
  runtime=$(sed -n 's/.*runtime: \(.*\)$/\1/p' <<<"$out" | head -n 1)
  if [ -z "$version" ]; then
    problems+=("mvn does not run: \`mvn -v\` printed \"$(head -n 1 <<<"$out")\". Install Maven:|$(how_maven)")
    return
  fi
  if ! at_least "$version" "$MAVEN_MIN"; then
    problems+=("mvn is Maven $version; $MAVEN_MIN or newer is needed. Install it:|$(how_maven)")
  fi
  if [ -z "$java" ] || [ "$(java_feature "$java")" -lt "$JAVA_MIN" ]; then
    problems+=("mvn runs on Java ${java:-unknown} (${runtime:-JAVA_HOME}); $JAVA_MIN or newer is needed: point JAVA_HOME at a JDK $JAVA_MIN+, or install one:|$(how_jdk)")
  elif [ -n "$runtime" ] && [ ! -x "$runtime/bin/javac" ]; then
    problems+=("mvn runs on $runtime, a Java runtime without javac: point JAVA_HOME at a JDK, or install one:|$(how_jdk)")
  fi
}

check_kubectl() {
  if ! command -v "$KUBECTL" >/dev/null 2>&1; then
    problems+=("$KUBECTL (kubectl $KUBECTL_MIN+) not found on PATH. Install it:|$(how_kubectl)")
    return
  fi
  local version
  version=$("$KUBECTL" version --client -o json 2>/dev/null | sed -n 's/.*"gitVersion": *"v\([0-9][0-9.]*\).*/\1/p' | head -n 1)
  if [ -z "$version" ] || ! at_least "$version" "$KUBECTL_MIN"; then
    problems+=("$KUBECTL is kubectl ${version:-of unknown version}; $KUBECTL_MIN or newer is needed (Debian's kubernetes-client package is too old). Install it:|$(how_kubectl)")
  fi
}

[ $# -gt 0 ] || set -- java mvn kubectl
for tool in "$@"; do
  case "$tool" in
    java) check_java ;;
    mvn) check_mvn ;;
    kubectl) check_kubectl ;;
    *) echo "hack/prereqs.sh: unknown tool '$tool' (java, mvn, kubectl)" >&2; exit 2 ;;
  esac
done

if [ ${#problems[@]} -gt 0 ]; then
  echo "Missing prerequisites (README, Set-up):" >&2
  for p in "${problems[@]}"; do
    echo "  - ${p%%|*}" >&2
    echo "      ${p#*|}" >&2
  done
  exit 1
fi
