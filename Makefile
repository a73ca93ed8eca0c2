# Fanout Lab: the two commands are 'make demo' and 'make test'.
N ?= 2000
.DEFAULT_GOAL := help
# Python tools that scripts/tools.sh installed into the project's .venv/ (after what PATH has).
export PATH := $(PATH):$(CURDIR)/.venv/bin
.PHONY: help tools tools-demo check demo stop test compose-test chaos bench build clean deploy-aws destroy-aws

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

tools: ## Check (and install where missing) everything 'make test' needs: the demo's tools, promtool, cfn-lint, shellcheck, Chromium
	@scripts/tools.sh test

tools-demo: ## Check (and install where missing) only what 'make demo' needs: JDK 17+, python3, moto_server, AWS CLI
	@scripts/tools.sh demo

check: ## Say in one screen whether this laptop is ready for the demo and the labs (installs nothing)
	@scripts/tools.sh check

demo: tools-demo ## Run the whole suite on the local AWS emulator and print what to curl
	@scripts/demo.sh

stop: ## Stop everything 'make demo' started
	@scripts/stop.sh

test: tools ## Run the full test suite: the Maven build (format, style, unit, integration, system tests) and, alongside, compose-test where Docker can run
	@scripts/test.sh

compose-test: ## Run the classroom stack (docker compose) for real and check it end to end
	@scripts/compose-test.sh

chaos: tools-demo ## Fault run: N orders (default 2000) under kills and an emulator freeze, one verdict line
	@N=$(N) scripts/chaos.sh

bench: tools-demo ## Measure the services against a raw AWS SDK harness on the same backends: ratios in target/bench/results.md
	@scripts/bench.sh

deploy-aws: ## Build and push the images, deploy infra/ to AWS (see README: Deploy to AWS)
	@scripts/deploy-aws.sh

destroy-aws: ## Delete what deploy-aws created (README: what it leaves behind)
	@scripts/destroy-aws.sh

build: ## Build the service jars without tests
	./mvnw -B -ntp -DskipTests package

clean: stop ## Stop the demo and delete build output
	./mvnw -B -ntp -q clean
	rm -rf .run
