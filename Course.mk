# Course.mk — the course build.
#
#   make -j4 course [COURSE=courses/x.yaml] [OUT=out/x] [SET="llm.slots=4"]
#   make -j4 demo         the same against a cg-sim started for the purpose
#   make outline | sNN | sNN-KIND | OUT/sNN/FILE | site | stats | check
#   make clean-course
#
# The top-level Makefile delegates these goals here (after building the
# tools).  OUT/course.mk, written by cg-plan from the outline, lists the
# sessions, their files, the aliases and one pattern rule per content kind
# (from the kinds table, config/kinds.yaml); it is included below, and
# make remakes it (and restarts) when the outline changes.  This file
# holds the steps before it: the resolved configuration and the outline.
# One LLM generation per target; -j is the only parallelism, -k keeps
# going past a failure.

COURSE  ?= config/course.yaml
BIN     ?= bin
PROMPTS ?= prompts
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
# goal but demo, stats and check goes through the rule below: it takes an
# exclusive flock(1) on OUT/.lock, writes its pid there and becomes the
# make that does the work (the lock is held until it and everything it
# started have exited).  A second run into the same OUT waits, saying
# so, when stdin is a terminal; otherwise it fails at once with exit
# status 75 (make reports "Error 75") naming the process that holds it.
ifeq ($(CG_LOCKED)$(filter demo stats check,$(MAKECMDGOALS)),)
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
	export CG_LOCKED=1; exec $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) OUT='$(OUT)' $(MAKECMDGOALS)
$(filter-out $(firstword $(LOCK_GOALS)),$(LOCK_GOALS)): $(firstword $(LOCK_GOALS)) ; @:
else
export CG_LOG = $(OUT)/log/calls.jsonl
export CG_COURSE_JSON = $(OUT)/course.json
export CG_PROMPTS = $(PROMPTS)
export CG_ROOT ?= $(CURDIR)


.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: course demo outline plan site stats check clean-course FORCE

course: site

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

$(OUT)/outline.json: $(OUT)/outline-key.json $(PROMPTS)/outline.md
	$(BIN)/cg-outline -o $@ $(OUT)/course.json

$(OUT)/course.mk: $(OUT)/outline.json $(OUT)/course.json $(BIN)/cg-plan
	$(BIN)/cg-plan -c $(OUT)/course.json -d $(OUT) $(OUT)/outline.json
	@touch $@

site: $(OUT)/site/.built

stats:
	@$(BIN)/cg-stats $(CG_LOG)

check:
	@$(BIN)/cg-check $(OUT)

clean-course:
	rm -rf $(OUT)

# The whole pipeline against a simulated server on a free port, into its
# own folder (never a real course's OUT): the text is placeholder.
demo:
	@f=$$(mktemp); \
	$(BIN)/cg-sim -p 0 $(DEMO_SIM) >"$$f" & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; rm -f "$$f"' EXIT INT TERM; \
	i=0; until [ -s "$$f" ] || [ $$i -ge 100 ]; do sleep 0.05; i=$$((i+1)); done; \
	port=$$(head -n 1 "$$f"); [ -n "$$port" ] || { echo "cg-sim did not start" >&2; exit 69; }; \
	echo "demo: simulated server on port $$port; placeholder text into $(DEMO_OUT)"; \
	CG_URL=http://127.0.0.1:$$port $(MAKE) --no-print-directory -f Course.mk \
		course COURSE=$(COURSE) OUT=$(DEMO_OUT) SET="$(DEMO_SET) $(SET)"

FORCE:

# include, not -include: when cg-plan rejects the outline the run stops
# there with its message, instead of going on with the old course.mk
ifeq ($(filter clean-course demo stats check,$(MAKECMDGOALS)),)
include $(OUT)/course.mk
endif

# after course.mk: CG_FILES lists every generated file of the course
SITE_DEPS = $(wildcard site/cg.css site/cg.js) $(BIN)/cg-site
$(OUT)/site/.built: $(OUT)/outline.json $(OUT)/course.json $(CG_FILES) $(SITE_DEPS)
	$(BIN)/cg-site -o $(OUT)/site $(OUT)
	@touch $@

endif
