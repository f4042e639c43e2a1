# opsdeck: `make run` opens the console (the demo without a config); `make test` runs every test.
GO ?= go
BIN ?= bin/opsdeck

.PHONY: run build test unit vet fuzz bench soak clean

run: build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./cmd/opsdeck

# Everything CI runs: installs what the tests need (tmux, prometheus, postgresql) when missing.
test:
	./scripts/test.sh

unit:
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...

fuzz:
	./scripts/fuzz.sh

bench:
	./scripts/bench.sh

soak:
	./scripts/soak.sh

clean:
	rm -rf bin
