# Everything runs on a pinned Bun fetched from the npm registry into .tools/; nothing else is needed
# beyond Node.js, npm and make.
BUN_VERSION := 1.4.5
BUN := .tools/node_modules/.bin/bun
BUN_STAMP := .tools/.bun-$(BUN_VERSION)
DEPS_STAMP := node_modules/.installed
CONFIG ?= config/config.yaml

.PHONY: run test typecheck fmt build bench clean

run: $(DEPS_STAMP)
	$(BUN) src/main.ts migrate up --config $(CONFIG)
	exec $(BUN) src/main.ts serve all --config $(CONFIG)

test: $(DEPS_STAMP)
	$(BUN) test/support/report-databases.ts
	$(BUN) x tsc --noEmit -p .
	$(BUN) x prettier --check --log-level warn "src/**/*.ts" "test/**/*.ts" "scripts/**/*.ts"
	# The layering of src/ against the table in docs/architecture.md.
	$(BUN) scripts/check-architecture.ts
	# Per-test limit: suites open real database connections and one builds the binary.
	$(BUN) test --timeout 30000

typecheck: $(DEPS_STAMP)
	$(BUN) x tsc --noEmit -p .

fmt: $(DEPS_STAMP)
	$(BUN) x prettier --write --log-level warn "src/**/*.ts" "test/**/*.ts" "scripts/**/*.ts"

build: dist/hanko

dist/hanko: $(DEPS_STAMP) $(shell find src migrations -type f) package.json
	$(BUN) build src/main.ts --compile --minify \
		--define BUILD_COMMIT='"$(shell git describe --always --dirty 2>/dev/null)"' \
		--outfile dist/hanko

bench: $(DEPS_STAMP)
	$(BUN) test/bench/session-validation.ts
	$(BUN) test/bench/flows.ts
	BENCH_HOOK=1 $(BUN) test/bench/flows.ts
	$(BUN) test/bench/webhooks.ts
	$(BUN) test/bench/user-import.ts
	$(BUN) test/bench/identifier-timing.ts
	$(BUN) test/bench/password-flood.ts

clean:
	rm -rf dist .tools node_modules

$(BUN_STAMP):
	rm -rf .tools
	npm install --prefix .tools --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	touch $@

$(DEPS_STAMP): $(BUN_STAMP) package.json bun.lock
	$(BUN) install --frozen-lockfile
	touch $@
