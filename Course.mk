# Course.mk — the course build.
#
#   make -j4 course [COURSE=courses/x.yaml] [OUT=out/x] [SET="llm.slots=4"]
#   make -j4 demo         the same against a cg-sim started for the purpose
#   make outline | sNN | sNN-KIND | OUT/sNN/FILE | site | pdf | export | stats | check
#   make doctor           what the LLM hosts say against what the course asks
#   make sNN-KIND FRESH=1    make it again, asking the server anew
#   make cache-stats | cache-clean [AGE=30d] [SIZE=2G]    the response cache
#   make clean-course
#
# The top-level Makefile delegates these goals here (after building the
# tools).  OUT/course.mk, written by cg-plan from the outline, lists the
# sessions, their files, the aliases and one pattern rule per content kind
# (from the kinds table, config/kinds.yaml); it is included below, and
# make remakes it (and restarts) when the outline changes.  This file
# holds the steps before it: the resolved configuration and the outline.
# One LLM generation per target; -j is the only parallelism and the
# number of requests in flight; course keeps going past a failure.

# Where cg's data is (prompts/, config/, site/): the source tree, or the
# installed share/cg when a course folder's Makefile (cg-init) includes
# this file.  A folder's own prompts/ overrides the installed ones.
CG_DATA := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# the makefile make was given (Course.mk, or a course folder's Makefile)
SELF    := $(firstword $(MAKEFILE_LIST))
COURSE  ?= config/course.yaml
BIN     ?= bin
PROMPTS ?= $(if $(wildcard prompts/*.md),prompts,$(CG_DATA)/prompts)
SET     ?=
DEMO_OUT ?= out/demo
# The demo's model name marks its text as simulated: it is part of every
# session.json, so a real run into the same folder regenerates everything.
DEMO_MODEL ?= cg-sim-placeholder
DEMO_SIM ?= -s 4 -r 0 -m $(DEMO_MODEL)
DEMO_SET ?= llm.slots=4 llm.model=$(DEMO_MODEL)

CONFIG   = $(BIN)/cg-config $(foreach s,$(SET),-s $(s))
ifndef OUT
OUT := out/$(shell $(CONFIG) -g course.slug $(COURSE) 2>/dev/null || echo course)
endif

# One run per OUT at a time.  Unless this make already holds it, every
# goal but demo, stats, check and doctor goes through the rule below: it
# takes an exclusive flock(1) on OUT/.lock, writes its pid there and
# becomes the make that does the work (the lock is held until it and
# everything it started have exited).  A second run into the same OUT waits, saying
# so, when stdin is a terminal; otherwise it fails at once with exit
# status 75 (make reports "Error 75") naming the process that holds it.
ifeq ($(CG_LOCKED)$(filter demo stats check doctor,$(MAKECMDGOALS)),)
LOCK_GOALS := $(or $(MAKECMDGOALS),course)
.PHONY: $(LOCK_GOALS)
.SUFFIXES:
$(firstword $(LOCK_GOALS)):
	@mkdir -p '$(OUT)' && exec 9>>'$(OUT)/.lock' || exit 73; \
	if ! flock -n 9; then \
		h=$$(cat '$(OUT)/.lock' 2>/dev/null); h=$${h:-another process}; \
		if [ -t 0 ]; then \
			echo "Course.mk: $(OUT) is being built by process $$h; waiting for it (Ctrl-C to stop)" >&2; \
			flock 9 || exit 75; \
		else \
			echo "Course.mk: $(OUT) is being built by process $$h; wait for it to finish or stop it, then run again" >&2; \
			exit 75; \
		fi; \
	fi; \
	echo $$$$ >'$(OUT)/.lock'; \
	export CG_LOCKED=1; exec $(MAKE) --no-print-directory -f $(SELF) OUT='$(OUT)' $(MAKECMDGOALS)
$(filter-out $(firstword $(LOCK_GOALS)),$(LOCK_GOALS)): $(firstword $(LOCK_GOALS)) ; @:
else
export CG_LOG = $(OUT)/log/calls.jsonl
export CG_COURSE_JSON = $(OUT)/course.json
export CG_PROMPTS = $(PROMPTS)
export CG_ROOT ?= $(CURDIR)


.DELETE_ON_ERROR:
.SUFFIXES:
# quiet: the tools' own progress lines say what happens; V=1 shows the
# commands
ifneq ($(V),1)
.SILENT:
endif
.SECONDEXPANSION:
.PHONY: course demo outline plan site pdf export stats check doctor clean-course \
	files FORCE cache-stats cache-clean

# A course always completes: every file that can be made is (keep going
# past a failed one), the site is built from what exists, and a summary
# says what was written, kept imperfect, failed and why.  The exit status
# is non-zero when anything failed; running it again retries only that.
SUB = $(MAKE) --no-print-directory -f $(SELF) OUT=$(OUT)
# A progress line per finished target (cg-gen, cg-outline) of this run:
# the run is this make's process, whose pid stays when make restarts
# after remaking the plan and whose start time is the run's.
ifneq ($(filter course,$(or $(MAKECMDGOALS),course)),)
ifndef CG_RUN
CG_RUN := $(shell echo $$PPID)
endif
export CG_RUN
export CG_PROGRESS := $(OUT)/log/progress
endif
course:
	+@rc=0; $(SUB) -k files || rc=$$?; \
	if [ -s $(OUT)/outline.json ]; then \
		if [ $$rc = 0 ]; then $(SUB) site || rc=$$?; \
		else $(BIN)/cg-site -o $(OUT)/site $(OUT) || rc=$$?; fi; \
		$(BIN)/cg-check -s $(OUT) >&2; \
		[ ! -s $(CG_LOG) ] || $(BIN)/cg-stats -1 -r $(CG_RUN) $(CG_LOG) >&2; \
	fi; \
	if [ $$rc != 0 ]; then echo "course: not complete; make course again retries what failed" >&2; fi; \
	exit $$rc

files: $(OUT)/course.mk $$(CG_FILES)

outline: $(OUT)/outline.json $(OUT)/course.mk

plan: $(OUT)/course.mk

# cg-config rewrites these only when their bytes change, so a change of
# timeout or URL touches course.json but not what the outline depends on.
# The outline key also holds the hash of a user-written outline file, so
# it is checked every run.
$(OUT)/course.json: FORCE
	@$(CONFIG) -o $@ $(COURSE)

$(OUT)/outline-key.json: $(OUT)/course.json FORCE
	@$(CONFIG) -k -o $@ $(COURSE)

# How the outline is made (one request, or a skeleton and then each
# module in parallel) depends on the course: cg-outline writes the rules.
$(OUT)/outline.mk: $(OUT)/outline-key.json $(BIN)/cg-outline
	$(BIN)/cg-outline -M -o $@ $(OUT)/course.json
	@touch $@

$(OUT)/course.mk: $(OUT)/outline.json $(OUT)/course.json $(BIN)/cg-plan
	$(BIN)/cg-plan -c $(OUT)/course.json -d $(OUT) $(OUT)/outline.json
	@touch $@

site: $(OUT)/site/.built

# The teacher's copy (print.html: answers and explanations) and the
# student handout (handout.html) as PDF, printed by headless Chromium
# from the built site; the virtual time budget lets the page draw its
# diagrams before it is printed.
pdf: $(OUT)/course.pdf $(OUT)/handout.pdf

stats:
	@$(BIN)/cg-stats $(CG_LOG)

check:
	@$(BIN)/cg-check $(OUT)

# Before a long run: every LLM host of this course's settings (the
# model there, its context against num_ctx, its slots) and the -j to use
# (cg-llm -P; make -jN doctor checks N).  Writes nothing in OUT.
doctor:
	@f=$$(mktemp) || exit 73; trap 'rm -f "$$f"' EXIT; \
	$(CONFIG) -o "$$f" $(COURSE) && $(BIN)/cg-llm -P -c "$$f"

clean-course:
	rm -rf $(OUT)

# The response cache (llm.cache, CG_CACHE): every reply under the hash of
# its request, so an identical request costs nothing.  cache-clean
# removes the replies not used for AGE, the least recently used beyond
# SIZE, or (with neither) all of them.
cache-stats: $(OUT)/course.json
	$(BIN)/cg-cache -c $(OUT)/course.json

cache-clean: $(OUT)/course.json
	$(BIN)/cg-cache -c $(OUT)/course.json $(if $(AGE),-p $(AGE)) $(if $(SIZE),-s $(SIZE)) $(if $(AGE)$(SIZE),,-x)

# The whole pipeline against a simulated server on a free port, into its
# own folder (never a real course's OUT): the text is placeholder.
demo:
	@f=$$(mktemp); \
	$(BIN)/cg-sim -p 0 $(DEMO_SIM) >"$$f" & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; rm -f "$$f"' EXIT INT TERM; \
	i=0; until [ -s "$$f" ] || [ $$i -ge 100 ]; do sleep 0.05; i=$$((i+1)); done; \
	port=$$(head -n 1 "$$f"); [ -n "$$port" ] || { echo "cg-sim did not start" >&2; exit 69; }; \
	echo "demo: simulated server on port $$port; placeholder text into $(DEMO_OUT)"; \
	CG_URL=http://127.0.0.1:$$port $(MAKE) --no-print-directory -f $(SELF) \
		course COURSE=$(COURSE) OUT=$(DEMO_OUT) SET="$(DEMO_SET) $(SET)"

FORCE:

# include, not -include: when the outline or cg-plan fails the run stops
# there with its message, instead of going on with an old course.mk; the
# plan is read once the outline's rules exist
ifeq ($(filter clean-course demo stats check doctor cache-stats cache-clean,$(MAKECMDGOALS)),)
include $(OUT)/outline.mk
ifneq ($(wildcard $(OUT)/outline.mk),)
include $(OUT)/course.mk
endif
endif

# FRESH=1: the files the goals name (sNN, sNN-KIND, sNN-diagrams,
# OUT/sNN/FILE) are made again even when up to date, and their requests
# go to the server instead of the response cache, whose entries the new
# replies replace (as a tool's -f does; a hand-edited file is still kept).
ifdef FRESH
fresh_alias = $(filter $(OUT)/$(1)/$(2).% $(if $(filter diagrams,$(2)),$(OUT)/$(1)/diagram-%),$(CG_FILES_$(1)))
fresh_goal = $(if $(filter $(OUT)/%,$(1)),$(1),$(or $(CG_FILES_$(1)),$(call fresh_alias,$(firstword $(subst -, ,$(1))),$(patsubst $(firstword $(subst -, ,$(1)))-%,%,$(1)))))
FRESH_FILES := $(foreach g,$(MAKECMDGOALS),$(call fresh_goal,$(g)))
ifeq ($(FRESH_FILES),)
$(warning FRESH=1 makes again the files and sessions named: make s03-lab FRESH=1, make s03 FRESH=1, make $(OUT)/s03/lab.md FRESH=1)
endif
$(FRESH_FILES): FORCE
$(FRESH_FILES): export CG_FRESH = 1
endif

# after course.mk: CG_FILES lists every generated file of the course
SITE_DEPS = $(wildcard $(CG_DATA)/site/cg.css $(CG_DATA)/site/cg.js $(CG_DATA)/site/templates/*.html) $(BIN)/cg-site
$(OUT)/site/.built: $(OUT)/outline.json $(OUT)/course.json $(CG_FILES) $(SITE_DEPS)
	$(BIN)/cg-site -o $(OUT)/site $(OUT)
	@touch $@

# every cg-export format into OUT/export/, one target per format
# (FORMAT:FILE); each is rebuilt when any generated file changes
EXPORTS = gift:questions.gift.txt moodle-xml:questions.moodle.xml \
	qti:questions.qti.zip cc:course.imscc anki:cards.anki.txt \
	epub:course.epub html:course.html
define export_rule
$(OUT)/export/$(2): $(OUT)/outline.json $(OUT)/course.json $(CG_FILES) $(SITE_DEPS) $(BIN)/cg-export
	$(BIN)/cg-export -f $(1) -o $$@ $(OUT)
endef
$(foreach x,$(EXPORTS),$(eval $(call export_rule,$(word 1,$(subst :, ,$(x))),$(word 2,$(subst :, ,$(x))))))
export: $(foreach x,$(EXPORTS),$(OUT)/export/$(word 2,$(subst :, ,$(x))))

# the teacher's copy and the student handout on paper
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
PDF_FLAGS = --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --run-all-compositor-stages-before-draw \
	--virtual-time-budget=30000 --no-pdf-header-footer
$(OUT)/course.pdf: PAGE = print.html
$(OUT)/handout.pdf: PAGE = handout.html
$(OUT)/course.pdf $(OUT)/handout.pdf: $(OUT)/site/.built
	@[ -n "$(CHROMIUM)" ] || { echo "make pdf needs Chromium: sudo apt-get install chromium (Debian/Ubuntu), or CHROMIUM=/path/to/chrome" >&2; exit 69; }
	@d=$$(mktemp -d); \
	"$(CHROMIUM)" $(PDF_FLAGS) --user-data-dir="$$d" --print-to-pdf="$@.tmp" \
		"file://$(abspath $(OUT))/site/$(PAGE)" 2>"$$d/err" >/dev/null; rc=$$?; \
	if [ $$rc != 0 ] || [ ! -s "$@.tmp" ]; then sed 's/^/chromium: /' "$$d/err" | tail -5 >&2; rm -rf "$$d" "$@.tmp"; exit 70; fi; \
	rm -rf "$$d"; mv "$@.tmp" "$@"; echo "wrote $@"

endif
