# Two commands for a newcomer: `make demo` and `make test`. Both set up first.
PY        ?= python3.11
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.setup-stamp
OFFLINE   := scripts/offline
SITES     ?= 10000
# `make bench` also runs SITES/5 sites first (same seed and settings) for the flat-memory check;
# COMPARE=0 turns that off.
COMPARE   ?= $(shell expr $(SITES) / 5)
CORPUS    ?= simweb/corpora/demo
OUT       ?= output

.PHONY: setup test demo bench lint clean-output

setup: $(STAMP) /usr/bin/chromium

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PY) >/dev/null || { echo "make setup: $(PY) not found; install Python 3.11" >&2; exit 2; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Playwright's own browser download cannot work offline: Debian's chromium it is.
/usr/bin/chromium:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make setup: /usr/bin/chromium is missing; run as root or: sudo apt-get install -y chromium dnsutils curl wrk" >&2; exit 2; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium dnsutils curl wrk >/dev/null

test: setup
	$(OFFLINE) $(BIN)/pytest -q

demo: setup
	$(OFFLINE) $(BIN)/exscout demo --corpus $(CORPUS) --out $(OUT)

bench: setup
	$(OFFLINE) $(BIN)/exscout bench --sites $(SITES) --compare-sites $(COMPARE)

lint: setup
	$(BIN)/ruff check .

clean-output:
	find $(OUT) -mindepth 1 ! -name README.md -delete
