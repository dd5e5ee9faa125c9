# milvus-alias-operator — kubebuilder-style targets. `make help` lists them.

MVN ?= mvn -B -q
KUBECTL ?= kubectl
IMG ?= milvus-alias-operator:latest
SANDBOX ?=

.DEFAULT_GOAL := help

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} /^[a-zA-Z_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development

.PHONY: build
build: ## Compile and package the operator (target/quarkus-app).
	$(MVN) package -DskipTests

.PHONY: manifests
manifests: ## Regenerate crds/ from the Java API classes.
	$(MVN) test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.update=true

.PHONY: test
test: ## Run all tests (unit *Test and integration *IT).
	mvn -B test

.PHONY: run
run: build ## Run the operator locally against the cluster of the current kube context.
	java -jar target/quarkus-app/quarkus-run.jar

##@ Deployment

.PHONY: install
install: ## Install the CRDs into the cluster of the current kube context.
	$(KUBECTL) apply --server-side -f crds/

.PHONY: uninstall
uninstall: ## Remove the CRDs (and with them every MilvusAlias object) from the cluster.
	$(KUBECTL) delete --ignore-not-found -f crds/
