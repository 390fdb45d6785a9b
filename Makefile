# cg — build, test, install.  Plain GNU make + pkg-config.
# Local overrides (sanitizers, -O0, ...) go in an untracked config.mk.
# The course build itself lives in Course.mk (make course / demo / site ...).

VERSION != cat VERSION
.DEFAULT_GOAL := all
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/cg
COMPDIR ?= $(PREFIX)/share/bash-completion/completions

# The library is in rooms, one archive each; a room uses only the rooms
# below it:  base < llm < content < term, site,  and sim/ (the simulated
# server) uses base/util only.
#   lib/base     util fsio json yaml config kinds sha256  (cJSON, libyaml; libcurl loaded when needed)
#   lib/llm      the client: http, request, stream, call log, retry, slots  (libcurl)
#   lib/content  gen tmpl validate clean quiz mermaid outline
#   lib/term     progress live: a course run's lines on the terminal, under locks (on lib/content)
#   lib/site     the website: site md search, serve  (md4c; libmicrohttpd)
#   lib/export   cg-export's formats, on lib/site  (libzip)
#   sim          cg-sim's server  (libmicrohttpd)
ROOMS    = lib/base lib/llm lib/content lib/term lib/site lib/export sim
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CPPFLAGS += $(addprefix -iquote ,$(ROOMS)) \
	$$(pkg-config --cflags libcurl libcjson yaml-0.1 md4c libmicrohttpd libzip) \
	-DCG_VERSION='"$(VERSION)"' -DCG_DATADIR='"$(DATADIR)"'
ifeq ($(WERROR),1)
CFLAGS  += -Werror
endif
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
-include config.mk

# A build without the libraries stops at once with one line that names
# them (goals that install or clean need none).
NEEDPKGS = libcurl libcjson yaml-0.1 md4c libmicrohttpd libzip
ifeq ($(filter deps deps-test assets clean uninstall,$(MAKECMDGOALS)),)
ifneq ($(shell pkg-config --exists $(NEEDPKGS) 2>/dev/null || echo no),)
MISSING != for p in $(NEEDPKGS); do pkg-config --exists $$p 2>/dev/null || printf '%s ' $$p; done
$(error missing libraries (pkg-config): $(MISSING)— run: make deps)
endif
endif

# B is the build directory: "." gives bin/ and the archives in the tree;
# make B=/tmp/x builds elsewhere (parallel checkouts, sanitizer builds).
ifeq ($(SAN),1)
B      ?= build-san
endif
# a sanitizer build's tests write any report here; one fails make test
SANLOG  = $(abspath $(B))/san-log
# FUZZ=1: the rooms built with clang for libFuzzer (make fuzz)
ifeq ($(FUZZ),1)
CC      = clang
CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
B      ?= build-fuzz
endif
B      ?= .
BD      = $(if $(filter .,$(B)),,$(B)/)
HDRS    = $(wildcard $(addsuffix /*.h,$(ROOMS)))
# room R's archive: R/libcg-NAME.a (lib/llm -> lib/llm/libcg-llm.a)
arch    = $(BD)$(1)/libcg-$(notdir $(1)).a
$(foreach r,$(ROOMS),$(eval $(call arch,$(r)): $(patsubst %.c,$(BD)%.o,$(sort $(wildcard $(r)/*.c)))))
ARCHIVES = $(foreach r,$(ROOMS),$(call arch,$(r)))

# What each program links: its rooms (top first) and the pkg-config
# packages those rooms use.  This is the dependency graph.  No program
# links libcurl: the client loads it at its first request (curlfn.h), so
# a tool that asks no server never maps it.
BASE_PKGS = libcjson yaml-0.1
USES_cg-config  = lib/base
USES_cg-stats   = lib/site lib/base
USES_cg-llm     = lib/llm lib/base
USES_cg-cache   = lib/llm lib/base
USES_cg-gen     = lib/term lib/content lib/llm lib/base
USES_cg-outline = lib/term lib/content lib/llm lib/base
USES_cg-prompt  = lib/content lib/base
USES_cg-plan    = lib/content lib/base
USES_cg-check   = lib/content lib/base
USES_cg-status  = lib/term lib/content lib/base
USES_cg-init    = lib/base
USES_cg-site    = lib/site lib/content lib/base
USES_cg-export  = lib/export lib/site lib/content lib/base
USES_cg-sim     = sim lib/base
PKGS_cg-site    = libcjson yaml-0.1 md4c libmicrohttpd
PKGS_cg-sim     = libcjson libmicrohttpd
PKGS_cg-export  = libcjson yaml-0.1 md4c libzip
pkgs_of = $(or $(PKGS_$(1)),$(BASE_PKGS))
TOOLSRC = $(sort $(wildcard tools/cg-*.c))
TOOLS   = $(patsubst tools/%.c,$(BD)bin/%,$(TOOLSRC))
# the kinds' programs (config/kinds.yaml): those without a main of their
# own are cg-gen installed under their name
KINDTOOLS != sed -n 's/^ *tool: *//p' config/kinds.yaml
KINDS   = $(filter-out $(patsubst tools/%.c,%,$(TOOLSRC)),$(KINDTOOLS))
KINDBIN = $(if $(wildcard tools/cg-gen.c),$(addprefix $(BD)bin/,$(KINDS)))
UNITSRC = $(sort $(wildcard tests/unit/*.c))
UNITS   = $(patsubst tests/unit/%.c,$(BD)tests/unit/bin/%,$(UNITSRC))
MANS    = $(sort $(wildcard man/*.[157]))

## all: build the programs into bin/ (the default goal)
all: $(TOOLS) $(KINDBIN)

# quiet: one short line per step ("CC lib/llm/chat.c"); V=1 shows the
# commands.  The tools' objects are kept (never make's "rm" of them).
ifeq ($(V),1)
Q =
say =
else
Q = @
say = @printf '  %-4s %s\n' $(1) $(2);
endif
.SECONDARY: $(patsubst tools/%.c,$(BD)tools/%.o,$(TOOLSRC))

$(ARCHIVES):
	$(call say,AR,$@)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BD)%.o: %.c $(HDRS) Makefile VERSION
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

.SECONDEXPANSION:
$(BD)bin/%: $(BD)tools/%.o $$(foreach r,$$(USES_%),$$(call arch,$$(r)))
	@mkdir -p $(@D)
	$(call say,LD,$@)$(CC) $(LDFLAGS) -o $@ $< $(filter %.a,$^) \
		$$(pkg-config --libs $(call pkgs_of,$*)) -lm

# the kinds table is assembled into kinds.o
$(BD)lib/base/kinds.o: config/kinds.yaml

$(KINDBIN): $(BD)bin/cg-gen
	$(call say,LN,$@)ln -sf cg-gen $@

# unit tests may reach into any room
$(BD)tests/unit/bin/%: tests/unit/%.c tests/unit/tap.h tests/unit/fixture.h $(ARCHIVES)
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(foreach r,lib/export lib/site lib/term lib/content lib/llm sim lib/base,$(call arch,$(r))) \
		$$(pkg-config --libs $(BASE_PKGS) md4c libmicrohttpd libzip) -lm

## units: build the unit tests (tests/unit/bin/)
units: $(UNITS)

# The one test command (README, .ci/run): unit tests, then tool tests,
# TESTJOBS at a time (one per processor; each test has its own temp dir,
# server and locks).  Tests find the programs through CG_BIN and the data
# through CG_ROOT.  What they need that make does not build is checked
# first: a headless browser, jq, the vendored site JavaScript.
TESTS ?= $(sort $(wildcard tests/*.t))
TESTJOBS ?= $(shell nproc 2>/dev/null || echo 1)
## test: run the unit and tool tests (TESTS=tests/NNNN-x.t for some)
test: all units
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ echo "make test: the site tests need a headless browser; run: make deps" >&2; exit 69; }
	@command -v jq >/dev/null || { echo "make test: the tests read JSON with jq; run: make deps" >&2; exit 69; }
	@test -f site/node_modules/.package-lock.json || \
		{ echo "make test: the site tests need the vendored site JavaScript; run: make assets" >&2; exit 69; }
ifeq ($(SAN),1)
	@rm -rf $(SANLOG) && mkdir -p $(SANLOG)
	rc=0; ASAN_OPTIONS=log_path=$(SANLOG)/asan UBSAN_OPTIONS=log_path=$(SANLOG)/ubsan,print_stacktrace=1 \
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin prove -j$(TESTJOBS) -e '' $(UNITS) $(TESTS) || rc=$$?; \
	if [ -n "$$(ls $(SANLOG))" ]; then head -n 60 $(SANLOG)/*; \
		echo "make test: the sanitizers reported $$(ls $(SANLOG) | wc -l) problem(s) (above; all in $(SANLOG))" >&2; exit 1; fi; \
	exit $$rc
else
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin prove -j$(TESTJOBS) -e '' $(UNITS) $(TESTS)
endif

# libFuzzer harnesses (fuzz/*.c): each runs FUZZ_TIME seconds from its
# seeds (fuzz/seeds/NAME and the test fixtures) and a corpus kept in
# build-fuzz/corpus/NAME; a crash, leak or sanitizer report fails, and
# the input that caused it is left in build-fuzz/ (fuzz/run.sh).
FUZZ_TIME ?= 60
FUZZERS  = $(patsubst fuzz/%.c,%,$(sort $(wildcard fuzz/*.c)))
## fuzz: run each libFuzzer harness FUZZ_TIME seconds (clang)
fuzz:
	$(MAKE) FUZZ=1 fuzz-build
	sh fuzz/run.sh $(FUZZ_TIME) $(FUZZERS)
## fuzz-build: build the fuzzers only (under FUZZ=1; make fuzz does it)
ifeq ($(FUZZ),1)
fuzz-build: $(addprefix $(BD)fuzz/bin/,$(FUZZERS))
$(BD)fuzz/bin/%: fuzz/%.c fuzz/fuzz.h fuzz/stream.h $(ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(foreach r,lib/site lib/content lib/llm lib/base,$(call arch,$(r))) \
		$$(pkg-config --libs $(BASE_PKGS) md4c) -lm
endif

# The benchmark: the course build against cg-sim, printed as a table
# (bench/run; about 13 minutes on 2 cores).  BENCH="-q" for a quick one,
# BENCH="-r 500" for another token rate.
## bench: the course build against cg-sim, as a table (BENCH="-q")
bench: all
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin sh bench/run $(BENCH)

# Rewrite the golden fixtures from the current code, for review with
# git diff (never commit a regenerated file you have not read).
## regen: rewrite the golden fixtures from the current code
regen:
	sh tests/fixtures/quirks/regen.sh $(B)

## lint: mandoc -Tlint the man pages; each usage against its page
lint:
	mandoc -Tlint -Wwarning $(MANS)
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin sh tests/manlint.sh

## install: install under PREFIX (/usr/local; DESTDIR too)
install: all assets
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	cp -f $(TOOLS) $(DESTDIR)$(BINDIR)/
	for k in $(KINDS); do ln -sf cg-gen $(DESTDIR)$(BINDIR)/$$k; done
	cp -f $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1/
	for k in $(KINDS); do echo '.so man1/cg-gen.1' >$(DESTDIR)$(MANDIR)/man1/$$k.1; done
	cp -f $(filter %.5,$(MANS)) $(DESTDIR)$(MANDIR)/man5/
	cp -f $(filter %.7,$(MANS)) $(DESTDIR)$(MANDIR)/man7/
	cp -Rf config prompts courses libexec Course.mk $(DESTDIR)$(DATADIR)/
	mkdir -p $(DESTDIR)$(COMPDIR) && cp -f contrib/cg.bash $(DESTDIR)$(COMPDIR)/cg
	for p in $(notdir $(TOOLS)) $(KINDS); do ln -sf cg $(DESTDIR)$(COMPDIR)/$$p; done
	mkdir -p $(DESTDIR)$(DATADIR)/site/templates $(DESTDIR)$(DATADIR)/site/labels $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/dist \
		$(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/fonts
	cp -f site/cg.css site/cg.js $(DESTDIR)$(DATADIR)/site/
	cp -f site/templates/*.html $(DESTDIR)$(DATADIR)/site/templates/
	cp -f site/labels/*.yaml $(DESTDIR)$(DATADIR)/site/labels/
	cp -f site/node_modules/mermaid/LICENSE $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/
	cp -f site/node_modules/mermaid/dist/mermaid.min.js $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/dist/
	cp -f site/node_modules/katex/LICENSE $(DESTDIR)$(DATADIR)/site/node_modules/katex/
	cp -f site/node_modules/katex/dist/katex.min.js site/node_modules/katex/dist/katex.min.css \
		$(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/
	cp -f site/node_modules/katex/dist/fonts/*.woff2 $(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/fonts/

## uninstall: remove what make install put under PREFIX
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS)) $(KINDS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MANS))) $(addsuffix .1,$(KINDS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MANS))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(filter %.7,$(MANS))))
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(addprefix $(DESTDIR)$(COMPDIR)/,cg $(notdir $(TOOLS)) $(KINDS))

# The site's vendored JavaScript (mermaid, KaTeX, search), pinned by
# site/package-lock.json; cg-site copies it into every course site.
## assets: fetch the site's vendored JavaScript (npm ci)
assets: site/node_modules/.package-lock.json
site/node_modules/.package-lock.json: site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund
	@touch $@

# Install what is missing on Debian/Ubuntu: the build's libraries and
# tools, Node and npm unless npm is already there (NodeSource's nodejs
# conflicts with Debian's npm), then the site's vendored JavaScript.
# What make test, make pdf and the export's diagrams need (a headless
# browser, jq, xmllint, unzip, epubcheck, pdfinfo) comes with them, so the
# two lines of the README are the whole set-up; deps-test installs only
# those, for a machine set up before.
DEBS = build-essential pkg-config libcurl4-openssl-dev libcjson-dev libyaml-dev \
	libmd4c-dev libmicrohttpd-dev libzip-dev mandoc perl ca-certificates
DEBS_TEST = chromium jq libxml2-utils unzip epubcheck poppler-utils
SUDO != [ "$$(id -u)" = 0 ] || echo sudo
## deps: install the packages of the build and the tests (Debian/Ubuntu; sudo)
deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y $(DEBS) $(DEBS_TEST) $$(command -v npm >/dev/null || echo nodejs npm)
	$(MAKE) assets
## deps-test: install only what the tests need (a browser, jq, ...)
deps-test:
	$(SUDO) apt-get install -y $(DEBS_TEST)

## clean: remove the programs and the objects (not a course)
clean:
	rm -rf $(BD)bin $(BD)tests/unit/bin $(BD)tools/*.o \
		$(foreach r,$(ROOMS),$(BD)$(r)/*.o) $(ARCHIVES)

# Everything about generating a course is in Course.mk.
COURSE_GOALS = course demo outline site student-site pdf export stats clean-course check plan status \
	doctor cache-stats cache-clean serve
$(COURSE_GOALS): all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@
# the website needs the vendored JavaScript: fetch it once if it is missing
course demo site pdf export serve bench: $(if $(wildcard site/node_modules/.package-lock.json),,assets)
# session aliases (s07, s07-lab, s07-diagram-2) named on the command line
SESSION_GOALS = $(filter s0% s1% s2% s3% s4% s5% s6% s7% s8% s9%,$(MAKECMDGOALS))
ifneq ($(SESSION_GOALS),)
$(SESSION_GOALS): all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@
endif
out/%: all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@

# make help: the goals above, from their "## goal: text" lines, then the
# course's (Course.mk's own help); it builds nothing
## help: this list
help:
	@echo 'Build goals:'
	@sed -n 's/^## \([a-z-]*\): \(.*\)/\1\t\2/p' Makefile | \
		while IFS='	' read -r g t; do printf '  make %-12s %s\n' "$$g" "$$t"; done
	@echo; echo 'Course goals (Course.mk):'
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin help | sed 's/^./  &/'

.PHONY: all assets units test bench fuzz fuzz-build regen lint install uninstall deps deps-test clean help $(COURSE_GOALS) $(SESSION_GOALS)
.DELETE_ON_ERROR:
