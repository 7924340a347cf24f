# Hale — the two set-up commands are `make demo` and `make test` (see README.md).
# Both install what they need (npm packages, the Temporal CLI, Postgres for the DB suite) and cache it.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
NODE_STAMP := node_modules/.hale-installed
RESULTS := .hale-test
HALE := node dist/cli/main.js

.PHONY: demo test deps build tools lint typecheck unit db-real clean

demo: build tools
	$(HALE) demo

$(NODE_STAMP): package.json package-lock.json
	@echo "make: installing npm packages from package-lock.json"
	@# npm ci of npm 11.19 rejects lockfiles without every optional platform package
	@# (@swc/core-*, @unrs/*): npm install honours the lockfile and leaves it unchanged.
	npm install --no-audit --no-fund
	@touch $(NODE_STAMP)

deps: $(NODE_STAMP)

build: deps
	npx tsc -p tsconfig.build.json

tools: build
	$(HALE) tools
	bash scripts/ensure-debian-packages.sh bubblewrap

lint: deps
	npx eslint .
	npx prettier --check .

typecheck: deps
	npx tsc -p tsconfig.json --noEmit

# The whole suite: lint, type-check, every test on the embedded PGlite, then the database suites
# again against a throwaway real Postgres server (installed from Debian if missing).
test: build tools lint typecheck
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	HALE_SKIP_BUILD=1 npx jest --json --outputFile=$(RESULTS)/pglite.json --testPathIgnorePatterns '\.real-server\.test\.ts$$'
	$(MAKE) --no-print-directory db-real

db-real:
	@set -euo pipefail; dir=$$(mktemp -d /tmp/hale-pg.XXXXXX); \
	trap 'bash scripts/pg-test-cluster.sh stop '"$$dir"' >/dev/null' EXIT; \
	env=$$(bash scripts/pg-test-cluster.sh start "$$dir"); \
	url=$$(echo "$$env" | sed -n 's/^DATABASE_URL=//p'); admin=$$(echo "$$env" | sed -n 's/^ADMIN_DATABASE_URL=//p'); \
	echo "make: real Postgres on $${url##*@} for the database suites"; \
	DATABASE_URL="$$url" ADMIN_DATABASE_URL="$$admin" HALE_SKIP_BUILD=1 npx jest --json --outputFile=$(RESULTS)/postgres.json \
	  test/lib/db test/lib/ledger test/lib/artifacts/evidence.test.ts test/activities test/api test/workflows

clean:
	rm -rf dist $(RESULTS)
