# Course.mk — the course build: static pattern rules, one per content kind.
#
#   make -j4 course [COURSE=courses/x.yaml] [OUT=out/x] [SET="llm.slots=4"]
#   make -j4 demo         the same against a cg-sim started for the purpose
#   make outline | sNN | sNN-KIND | OUT/sNN/FILE | site | export | stats | check
#   make clean-course
#
# The top-level Makefile delegates these goals here (after building the
# tools).  OUT/course.mk, written by cg-plan from the outline, lists the
# sessions, their files and the aliases; it is included below, and make
# remakes it (and restarts) when the outline changes.  One LLM generation
# per target; -j is the only parallelism, -k keeps going past a failure.

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

export CG_LOG = $(OUT)/log/calls.jsonl
export CG_COURSE_JSON = $(OUT)/course.json
export CG_PROMPTS = $(PROMPTS)
export CG_ROOT ?= $(CURDIR)

S = $(OUT)/%/session.json
P = $(PROMPTS)

.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: course demo outline plan site export stats check clean-course FORCE

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

$(OUT)/outline.json: $(OUT)/outline-key.json $(P)/outline.md
	$(BIN)/cg-outline -o $@ $(OUT)/course.json

$(OUT)/course.mk: $(OUT)/outline.json $(OUT)/course.json
	$(BIN)/cg-plan -c $(OUT)/course.json -d $(OUT) $(OUT)/outline.json
	@touch $@

$(OUT)/%/lecture.md: $(S) $(P)/lecture.md
	$(BIN)/cg-lecture -o $@ $<

$(OUT)/%/lab.md: $(S) $(OUT)/%/lecture.md $(P)/lab.md
	$(BIN)/cg-lab -o $@ $<

$(OUT)/%/notes.md: $(S) $(OUT)/%/lecture.md $(P)/notes.md
	$(BIN)/cg-notes -o $@ $<

# questions.md is written alongside questions.json
$(OUT)/%/questions.json: $(S) $(OUT)/%/lecture.md $(OUT)/%/lab.md $(P)/questions.md
	$(BIN)/cg-questions -o $@ $<

$(OUT)/%/questions.md: $(OUT)/%/questions.json ;

define diagram_rule
$(OUT)/%/diagram-$(1).mmd: $(S) $(P)/diagram.md
	$(BIN)/cg-diagram -i $(1) -o $$@ $$<
endef
$(foreach k,1 2 3 4 5 6 7 8 9 10,$(eval $(call diagram_rule,$(k))))

# the six secondary kinds build on the session's primary files
PRIMARY = $(OUT)/%/lecture.md $(OUT)/%/lab.md $(OUT)/%/notes.md
define secondary_rule
$(OUT)/%/$(1): $(S) $(PRIMARY) $(P)/$(2).md
	$(BIN)/cg-$(3) -o $$@ $$<
endef
$(eval $(call secondary_rule,application.md,application,application))
$(eval $(call secondary_rule,extension.md,extension,extension))
$(eval $(call secondary_rule,visualization.mmd,visualization,visualization))
$(eval $(call secondary_rule,integration.md,integration,integration))
$(eval $(call secondary_rule,investigation.md,investigation,investigation))
$(eval $(call secondary_rule,open-questions.md,open_questions,open-questions))

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

ifeq ($(filter clean-course demo stats check,$(MAKECMDGOALS)),)
-include $(OUT)/course.mk
endif

# after course.mk: CG_FILES lists every generated file of the course
SITE_DEPS = $(wildcard site/cg.css site/cg.js) $(BIN)/cg-site
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
