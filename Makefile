# cg — build, test, install.  Plain GNU make + pkg-config.
# Local overrides (sanitizers, -O0, ...) go in an untracked config.mk.
# The course build itself lives in Course.mk (make course / demo / site ...).

VERSION != cat VERSION
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/cg

PKGS     = libcurl libcjson yaml-0.1 md4c md4c-html libmicrohttpd libcrypto libzip
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CPPFLAGS += -iquote lib $$(pkg-config --cflags $(PKGS)) \
	-DCG_VERSION='"$(VERSION)"' -DCG_DATADIR='"$(DATADIR)"'
LDLIBS  += $$(pkg-config --libs $(PKGS)) -lm
ifeq ($(WERROR),1)
CFLAGS  += -Werror
endif
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
-include config.mk

# B is the build directory: "." gives bin/ and lib/libcg.a in the tree;
# make B=/tmp/x builds elsewhere (parallel checkouts, sanitizer builds).
ifeq ($(SAN),1)
B      ?= build-san
endif
B      ?= .
BD      = $(if $(filter .,$(B)),,$(B)/)
LIBSRC  = $(sort $(wildcard lib/*.c lib/export/*.c))
LIBOBJ  = $(patsubst %.c,$(BD)%.o,$(LIBSRC))
LIBA    = $(BD)lib/libcg.a
TOOLSRC = $(sort $(wildcard tools/cg-*.c))
TOOLS   = $(patsubst tools/%.c,$(BD)bin/%,$(TOOLSRC))
# content kinds that are one program (cg-gen) installed under several names
KINDS   = cg-lecture cg-lab cg-notes cg-diagram cg-questions cg-application \
	cg-extension cg-visualization cg-integration cg-investigation cg-open-questions
KINDBIN = $(if $(wildcard tools/cg-gen.c),$(addprefix $(BD)bin/,$(KINDS)))
UNITSRC = $(sort $(wildcard tests/unit/*.c))
UNITS   = $(patsubst tests/unit/%.c,$(BD)tests/unit/bin/%,$(UNITSRC))
MANS    = $(sort $(wildcard man/*.[157]))

all: $(TOOLS) $(KINDBIN)

$(LIBA): $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(BD)%.o: %.c $(wildcard lib/*.h lib/export/*.h) Makefile VERSION
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BD)bin/%: $(BD)tools/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(KINDBIN): $(BD)bin/cg-gen
	ln -sf cg-gen $@

$(BD)tests/unit/bin/%: tests/unit/%.c tests/unit/tap.h tests/unit/fixture.h $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

units: $(UNITS)

# The one test command (README, .ci/run): unit tests, then tool tests.
# Tests find the programs through CG_BIN and the data through CG_ROOT.
TESTS ?= $(sort $(wildcard tests/*.t))
test: all units
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin prove -e '' $(UNITS) $(TESTS)

# Rewrite the golden fixtures from the current code, for review with
# git diff (never commit a regenerated file you have not read).
regen:
	sh tests/fixtures/quirks/regen.sh $(B)

lint:
	mandoc -Tlint -Wwarning $(MANS)
	CG_ROOT=$(CURDIR) CG_BIN=$(abspath $(B))/bin sh tests/manlint.sh

install: all assets
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	cp -f $(TOOLS) $(DESTDIR)$(BINDIR)/
	for k in $(KINDS); do ln -sf cg-gen $(DESTDIR)$(BINDIR)/$$k; done
	cp -f $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1/
	cp -f $(filter %.5,$(MANS)) $(DESTDIR)$(MANDIR)/man5/
	cp -f $(filter %.7,$(MANS)) $(DESTDIR)$(MANDIR)/man7/
	cp -Rf config prompts courses Course.mk $(DESTDIR)$(DATADIR)/
	mkdir -p $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/dist \
		$(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/fonts
	cp -f site/cg.css site/cg.js $(DESTDIR)$(DATADIR)/site/
	cp -f site/node_modules/mermaid/LICENSE $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/
	cp -f site/node_modules/mermaid/dist/mermaid.min.js $(DESTDIR)$(DATADIR)/site/node_modules/mermaid/dist/
	cp -f site/node_modules/katex/LICENSE $(DESTDIR)$(DATADIR)/site/node_modules/katex/
	cp -f site/node_modules/katex/dist/katex.min.js site/node_modules/katex/dist/katex.min.css \
		$(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/
	cp -f site/node_modules/katex/dist/fonts/*.woff2 $(DESTDIR)$(DATADIR)/site/node_modules/katex/dist/fonts/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS)) $(KINDS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MANS))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MANS))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(filter %.7,$(MANS))))
	rm -rf $(DESTDIR)$(DATADIR)

# The site's vendored JavaScript (mermaid, KaTeX, search), pinned by
# site/package-lock.json; cg-site copies it into every course site.
assets: site/node_modules/.package-lock.json
site/node_modules/.package-lock.json: site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund
	@touch $@

# Install the Debian/Ubuntu build and test dependencies.
DEBS = build-essential pkg-config libcurl4-openssl-dev libcjson-dev libyaml-dev \
	libmd4c-dev libmd4c-html0-dev libmicrohttpd-dev libssl-dev mandoc perl \
	chromium nodejs npm libzip-dev libxml2-utils unzip epubcheck
deps:
	@if [ "$$(id -u)" = 0 ]; then s=; else s=sudo; fi; \
	$$s apt-get update && $$s apt-get install -y $(DEBS)

clean:
	rm -rf $(BD)bin $(BD)tests/unit/bin $(BD)lib/*.o $(BD)lib/export/*.o $(LIBA) $(BD)tools/*.o

# Everything about generating a course is in Course.mk.
COURSE_GOALS = course demo outline site export stats clean-course check plan
$(COURSE_GOALS): all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@
# the website needs the vendored JavaScript: fetch it once if it is missing
course demo site export: $(if $(wildcard site/node_modules/.package-lock.json),,assets)
# session aliases (s07, s07-lab, s07-diagram-2) named on the command line
SESSION_GOALS = $(filter s0% s1% s2% s3% s4% s5% s6% s7% s8% s9%,$(MAKECMDGOALS))
ifneq ($(SESSION_GOALS),)
$(SESSION_GOALS): all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@
endif
out/%: all
	@$(MAKE) --no-print-directory -f Course.mk BIN=$(BD)bin $@

.PHONY: all assets units test regen lint install uninstall deps clean $(COURSE_GOALS) $(SESSION_GOALS)
.DELETE_ON_ERROR:
