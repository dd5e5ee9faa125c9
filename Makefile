# milvus-alias-operator — kubebuilder-style targets. `make help` lists them.

MVN ?= mvn -B -q
KUBECTL ?= kubectl
IMG ?= milvus-alias-operator:latest
SANDBOX ?=
MILVUS_PORT ?= 19530
# Checks the tools a target needs before it builds anything; says how to install a missing one.
PREREQS = KUBECTL="$(KUBECTL)" bash hack/prereqs.sh

.DEFAULT_GOAL := help
# One target at a time: `run` checks its tools before `build` starts, and Maven builds never overlap.
.NOTPARALLEL:

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} /^[a-zA-Z_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development

.PHONY: prereqs
prereqs: ## Check the tools `make test` and `make run` need: Java 17+, Maven 3.8+, kubectl 1.30+ (KUBECTL).
	@$(PREREQS) java mvn kubectl

.PHONY: build
build: ## Compile and package the operator (target/quarkus-app).
	@$(PREREQS) java mvn
	$(MVN) package -DskipTests

.PHONY: manifests
manifests: ## Regenerate crds/ from the Java API classes, and their copies under deploy/; copy the alerts and dashboard into the chart.
	$(MVN) test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true
	cp crds/*.yaml deploy/crds/
	cp crds/*.yaml deploy/helm/milvus-alias-operator/crds/
	cp deploy/components/prometheus/prometheusrule.yaml deploy/helm/milvus-alias-operator/files/prometheusrule.yaml
	cp deploy/components/grafana-dashboard/milvus-alias-operator.json deploy/helm/milvus-alias-operator/files/grafana-dashboard.json

.PHONY: test
test: ## Run all tests (unit *Test and integration *IT), the last ones against the packaged operator.
	@bash hack/prereqs.sh java mvn kubectl # the tests run the kubectl on PATH, whatever KUBECTL says
	mvn -B verify

.PHONY: run
run: prereqs build ## Run the operator locally: against the current kube context, or (none reachable, or SANDBOX=true) in a sandbox.
	SANDBOX="$(SANDBOX)" MILVUS_PORT="$(MILVUS_PORT)" KUBECTL="$(KUBECTL)" MVN="$(MVN)" bash hack/run.sh

.PHONY: bench
bench: ## Benchmark the packaged operator as its own process on the image's Java (a JDK 25: OPERATOR_JAVA_HOME or /usr/lib/jvm): N objects (default 1000, e.g. N=10000); updates docs/bench/.
	$(MVN) package -DskipTests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
	java -Djava.awt.headless=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp "target/test-classes:target/classes:$$(cat target/bench-classpath.txt)" dev.milvusalias.bench.AliasBenchmark $(N)

.PHONY: reliability
reliability: ## Fault suite (Milvus down or slow, error codes, credentials, mass deletion, bad input, API faults, kills), then docs/reliability.md.
	rm -rf target/reliability
	$(MVN) package -DskipTests && $(MVN) surefire:test \
	  -Dtest='dev/milvusalias/reliability/*IT,SwitchStormKillIT,LeaderKillIT' -Dsurefire.failIfNoSpecifiedTests=false; status=$$?; \
	java -cp target/test-classes dev.milvusalias.reliability.ReliabilityReport target/reliability docs/reliability.md \
	  && exit $$status

##@ Deployment

.PHONY: install
install: ## Install the CRDs into the cluster of the current kube context.
	$(KUBECTL) apply --server-side -f crds/

.PHONY: uninstall
uninstall: ## Remove the CRDs (and with them every MilvusAlias object) from the cluster.
	$(KUBECTL) delete --ignore-not-found -f crds/

.PHONY: deploy
deploy: ## Install CRDs, RBAC and the operator Deployment (kustomize base in deploy/) into the current kube context.
	$(KUBECTL) apply --server-side -k deploy/

.PHONY: undeploy
undeploy: ## Remove the operator, its RBAC and the CRDs. Delete or Orphan MilvusAlias objects first.
	$(KUBECTL) delete --ignore-not-found -k deploy/

##@ Build

.PHONY: docker-build
docker-build: ## Build the container image IMG (needs a container engine).
	docker build -t $(IMG) .
