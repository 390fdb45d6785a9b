# Course.mk — the course build.
#
#   make -j4 course [COURSE=courses/x.yaml] [OUT=out/x] [SET="llm.slots=4"]
#   make -j4 demo         the same against a cg-sim started for the purpose
#   make outline | sNN | sNN-KIND | OUT/sNN/FILE     generate (ask the model)
#   make site | pdf | export | check | stats | status   render what exists
#   make student-site     the students' edition (no answers) in OUT/site-students
#   make doctor           what the LLM hosts say against what the course asks
#   make serve [PORT=3000]   the site live at http://127.0.0.1:PORT/, rebuilt
#                         and reloaded as OUT changes (beside make course too)
#   make sNN-KIND FRESH=1    make it again, asking the server anew
#   make sNN-KIND KEEP=1     keep it as it is (pinned, like a hand edit)
#   make cache-stats | cache-clean [AGE=30d] [SIZE=2G]    the response cache
#   make clean-course [ALL=1]
#
# Only the generation goals (course, outline, sNN, sNN-KIND, a file's
# path) ever ask the model.  The rendering goals (site, pdf, export,
# check, stats, status, plan, clean-course) take OUT as it is: they never
# remake course.json, the outline or a session's files, never need a
# server, and end with one line saying what is out of date.  Under make
# -n nothing is written and no tool runs: the makefiles OUT holds are
# read as they are.
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
OUT := out/$(shell $(CONFIG) -g course.slug '$(COURSE)' 2>/dev/null || echo course)
endif

# make cannot name a file whose path holds a space: a run into such an
# OUT goes through a link to it whose path has none (libexec/cg-outlink),
# and says nothing else differently
ifneq ($(word 2,$(OUT)),)
OUT_LINK := $(shell '$(CG_DATA)/libexec/cg-outlink' '$(OUT)')
ifeq ($(OUT_LINK),)
$(error $(OUT): cannot make a link to it without spaces; give an OUT whose path has no space)
endif
.PHONY: $(or $(MAKECMDGOALS),course)
$(firstword $(or $(MAKECMDGOALS),course)):
	+@exec $(MAKE) --no-print-directory -f '$(SELF)' OUT='$(OUT_LINK)' COURSE='$(COURSE)' $(MAKECMDGOALS)
$(filter-out $(firstword $(MAKECMDGOALS)),$(MAKECMDGOALS)): $(firstword $(or $(MAKECMDGOALS),course)) ; @:
else

# make -n: nothing may be written, so no makefile is remade and no lock
# taken (make itself runs the recipes of included makefiles even then)
DRYRUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
# goals that only render or report what OUT holds
RENDER_GOALS := site student-site pdf export check stats status plan clean-course \
	cache-stats cache-clean doctor help serve
RENDER_ONLY := $(if $(MAKECMDGOALS),$(if $(filter-out $(RENDER_GOALS),$(MAKECMDGOALS)),,1))

# One run per OUT at a time.  Unless this make already holds it, every
# goal but demo, stats, check, status, doctor, help and serve goes through the
# rule below: libexec/cg-lock takes OUT/.lock and becomes the make that
# does the work; a second run into the same OUT waits on a terminal, else
# fails with exit status 75 naming the process that holds it.
ifeq ($(CG_LOCKED)$(DRYRUN)$(filter demo stats check status doctor help serve,$(MAKECMDGOALS)),)
LOCK_GOALS := $(or $(MAKECMDGOALS),course)
.PHONY: $(LOCK_GOALS)
.SUFFIXES:
$(firstword $(LOCK_GOALS)):
	+@'$(CG_DATA)/libexec/cg-lock' '$(OUT)' $(MAKE) --no-print-directory -f '$(SELF)' OUT='$(OUT)' $(MAKECMDGOALS)
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
.PHONY: course demo outline plan status help site student-site pdf export stats check doctor \
	clean-course files digests FORCE cache-stats cache-clean serve

# A course always completes: every file that can be made is (keep going
# past a failed one; a file whose input failed is made without it), the
# site is built from what exists, and a summary says what was written,
# kept imperfect, failed and why.  The exit status is non-zero when
# anything failed; running it again retries only that (libexec/cg-course).
SUB = $(MAKE) --no-print-directory -f '$(SELF)' OUT='$(OUT)'
# what make -n says of the files: cg-status reads it (what is out of date
# and why, what the run will ask for)
DRY = $(SUB) -n -k --debug=b files 2>/dev/null
# A progress line per finished target (cg-gen, cg-outline) of this run:
# the run is this make's process, whose pid stays when make restarts
# after remaking the plan and whose start time is the run's.
ifeq ($(RENDER_ONLY),)
ifndef CG_RUN
CG_RUN := $(shell echo $$PPID)
endif
export CG_RUN
export CG_PROGRESS := $(OUT)/log/progress
endif
# make sNN, sNN-KIND or a file's path: the progress lines count what this
# run makes, as make -n says (make course counts in libexec/cg-course)
ifeq ($(RENDER_ONLY)$(DRYRUN)$(filter course demo outline,$(MAKECMDGOALS))$(CG_TODO),)
ifneq ($(MAKECMDGOALS),)
export CG_TODO := $(shell $(SUB) $(if $(FRESH),FRESH=1) -n -k --debug=b $(MAKECMDGOALS) 2>/dev/null | $(BIN)/cg-status -a '$(OUT)' 2>/dev/null)
ifeq ($(CG_TODO)$(MAKE_RESTARTS),0)
$(shell echo '$(MAKECMDGOALS): up to date; nothing to ask for (FRESH=1 asks again)' >&2)
endif
endif
endif
ifeq ($(DRYRUN),)
course:
	+@'$(CG_DATA)/libexec/cg-course' '$(OUT)' '$(BIN)' $(SUB)
else
# make -n course: what the run would do, nothing more
course: files site
endif

ifeq ($(DRYRUN)$(wildcard $(OUT)/course.mk),n)
# make -n before the outline exists: nothing to list yet
files:
	@: make course first asks the model for the outline of $(OUT), then plans its sessions
else
files: $(OUT)/course.mk $$(CG_FILES)
endif

outline: $(OUT)/outline.json $(OUT)/course.mk

# The digests of the files other kinds read, written when they changed
# (cg-status -D does the same for every session, asking nothing)
digests: $$(CG_DIGESTS)

# cg-config rewrites these only when their bytes change, so a change of
# timeout or URL touches course.json but not what the outline depends on.
# The outline key holds only what shapes the outline (subject, level,
# language, modules, sessions, description, constraints, the outline's
# model settings; not the name, the duration or the site's settings), and
# the hash of a user-written outline file, so it is checked every run.
# None of this is remade by a rendering goal or under make -n.
ifeq ($(RENDER_ONLY)$(DRYRUN),)
$(OUT)/course.json: FORCE
	@$(CONFIG) -o $@ '$(COURSE)'

$(OUT)/outline-key.json: $(OUT)/course.json FORCE
	@$(CONFIG) -k -o $@ '$(COURSE)'

# How the outline is made (one request, or a skeleton and then each
# module in parallel) depends on the course: cg-outline writes the rules.
$(OUT)/outline.mk: $(OUT)/outline-key.json $(BIN)/cg-outline
	$(BIN)/cg-outline -M -o $@ $(OUT)/course.json
	@touch $@

$(OUT)/course.mk: $(OUT)/outline.json $(OUT)/course.json $(BIN)/cg-plan
	$(BIN)/cg-plan -c $(OUT)/course.json -d $(OUT) $(OUT)/outline.json
	@touch $@
endif

help:
	@sed -n '/^# Course.mk/,/^# The top-level/{/^# The top-level/d;s/^# \{0,1\}//;p;}' '$(SELF)'

# What every file is (written, imperfect, failed, hand-edited, out of date
# and why, not made yet) and what the next make course would ask for.
status plan:
	@$(BIN)/cg-status -D '$(OUT)' && $(DRY) | $(BIN)/cg-status '$(OUT)'

# The files rendering goals read: what exists, never made here.
MADE = $(wildcard $(OUT)/outline.json $(OUT)/course.json $(OUT)/s[0-9]*/*.md \
	$(OUT)/s[0-9]*/*.mmd $(OUT)/s[0-9]*/*.json $(OUT)/s[0-9]*/.*.imperfect \
	$(OUT)/s[0-9]*/.*.failed $(OUT)/s[0-9]*/.*.mended)
# the closing line of a rendering goal: what is out of date, if anything
STALE = $(if $(DRYRUN),,$(BIN)/cg-status -D '$(OUT)' >/dev/null 2>&1; $(DRY) | $(BIN)/cg-status -q '$(OUT)' >&2)
NEEDOUT = [ -s '$(OUT)/course.json' ] || { echo "$(OUT): no course here yet (no course.json); make course makes one" >&2; exit 66; }

# a rendering goal ends with a line of where, then what is out of date
# (make course says it once, at its end: SAY=)
SAY = 1
# make site AUDIENCE=students (or make student-site): the students'
# edition, without answers, in OUT/site-students/
AUDIENCE ?= teacher
SITEDIR = $(OUT)/$(if $(filter students,$(AUDIENCE)),site-students,site)
site: $(SITEDIR)/.built
	@$(if $(SAY),echo "site: $(SITEDIR)/index.html" >&2; $(STALE))
student-site:
	+@$(SUB) site AUDIENCE=students

# A live preview: cg-site -S builds the site, serves it on
# 127.0.0.1:PORT (PORT=0: any free port; LISTEN=ADDR another address)
# and builds it again itself whenever OUT changes, and the open pages
# reload.  It asks no model and runs no make, and takes no lock, so it
# runs beside make course into the same OUT.  Ctrl-C stops it.
PORT ?= 3000
serve:
	@$(NEEDOUT); exec $(BIN)/cg-site -S '$(PORT)' $(if $(LISTEN),--listen '$(LISTEN)') -o '$(OUT)/site' '$(OUT)'

# The teacher's copy (print.html: answers and explanations) and the
# student handout (handout.html) as PDF, printed by headless Chromium
# from the built site; the virtual time budget lets the page draw its
# diagrams before it is printed.
pdf: $(OUT)/course.pdf $(OUT)/handout.pdf
	@echo "pdf: $(OUT)/course.pdf (teacher), $(OUT)/handout.pdf (students)" >&2; $(STALE)

stats:
	@$(BIN)/cg-stats '$(CG_LOG)'

check:
	@$(NEEDOUT); $(BIN)/cg-check '$(OUT)'; rc=$$?; $(STALE); exit $$rc

# Before a long run: every LLM host of this course's settings (the
# model there, its context against num_ctx, its slots) and the -j to use
# (cg-llm -P; make -jN doctor checks N).  Writes nothing in OUT.
doctor:
	@f=$$(mktemp) || exit 73; trap 'rm -f "$$f"' EXIT; \
	$(CONFIG) -o "$$f" '$(COURSE)' && $(BIN)/cg-llm -P -c "$$f"

# What cg made goes; a file edited by hand (or pinned with KEEP=1) stays,
# named, unless ALL=1.
clean-course:
	$(BIN)/cg-status -x $(if $(ALL),-A) '$(OUT)'

# The response cache (llm.cache, CG_CACHE): every reply under the hash of
# its request, so an identical request costs nothing.  cache-clean
# removes the replies not used for AGE, the least recently used beyond
# SIZE, or (with neither) all of them.
cache-stats:
	@$(NEEDOUT); $(BIN)/cg-cache -c '$(OUT)/course.json'

cache-clean:
	@$(NEEDOUT); $(BIN)/cg-cache -c '$(OUT)/course.json' $(if $(AGE),-p $(AGE)) $(if $(SIZE),-s $(SIZE)) $(if $(AGE)$(SIZE),,-x)

# The whole pipeline against a simulated server on a free port, into its
# own folder (never a real course's OUT): the text is placeholder.
demo:
	+@'$(CG_DATA)/libexec/cg-demo' '$(BIN)/cg-sim' '$(DEMO_SIM)' '$(DEMO_OUT)' \
		$(MAKE) --no-print-directory -f '$(SELF)' course COURSE='$(COURSE)' OUT='$(DEMO_OUT)' SET="$(DEMO_SET) $(SET)"

FORCE:

# include, not -include: when the outline or cg-plan fails the run stops
# there with its message, instead of going on with an old course.mk; the
# plan is read once the outline's rules exist.  A rendering goal reads
# nothing of it: it takes the files that exist.  Under make -n the
# makefiles are read as they are, when they are there.
ifeq ($(RENDER_ONLY)$(filter demo doctor,$(MAKECMDGOALS)),)
ifeq ($(DRYRUN),)
include $(OUT)/outline.mk
ifneq ($(wildcard $(OUT)/outline.mk),)
include $(OUT)/course.mk
endif
else
-include $(OUT)/outline.mk $(OUT)/course.mk
endif
endif

# FRESH=1: the files the goals name (sNN, sNN-KIND, sNN-diagrams,
# OUT/sNN/FILE) are made again even when up to date, and their requests
# go to the server instead of the response cache, whose entries the new
# replies replace (as a tool's -f does; a hand-edited file is still kept).
# KEEP=1: the files the goals name are kept as they are, pinned: they
# count as edited by hand from then on (make sNN-KIND FRESH=1 after
# deleting one makes it again).
# (course.mk names each alias's files: CG_GOAL_s03-lab, CG_GOAL_s03)
goal_files = $(if $(filter $(OUT)/%,$(1)),$(1),$(CG_GOAL_$(1)))
ifdef FRESH
FRESH_FILES := $(foreach g,$(MAKECMDGOALS),$(call goal_files,$(g)))
# make outline FRESH=1: the outline is asked for again, once (not again
# when make restarts after remaking the plan it leads to)
ifeq ($(filter outline,$(MAKECMDGOALS))$(MAKE_RESTARTS),outline)
FRESH_FILES += $(OUT)/outline.json $(CG_OUTLINE_PARTS) $(if $(CG_OUTLINE_PARTS),$(OUT)/outline/skeleton.json)
endif
# (a course.mk older than its aliases' variables is remade first)
ifeq ($(strip $(FRESH_FILES))$(MAKE_RESTARTS)$(filter outline,$(MAKECMDGOALS))$(if $(CG_SESSIONS),$(if $(CG_GOAL_s01),,old)),)
$(warning FRESH=1 makes again the files and sessions named: make s03-lab FRESH=1, make s03 FRESH=1, make $(OUT)/s03/lab.md FRESH=1, make outline FRESH=1)
endif
$(FRESH_FILES): FORCE
$(FRESH_FILES): export CG_FRESH = 1
endif
ifdef KEEP
KEEP_FILES := $(foreach g,$(MAKECMDGOALS),$(call goal_files,$(g)))
ifeq ($(KEEP_FILES),)
$(warning KEEP=1 keeps the files named as they are: make s03-lab KEEP=1, make $(OUT)/s03/lab.md KEEP=1)
endif
# an explicit rule wins over the kinds' pattern rules: nothing is asked
$(KEEP_FILES): FORCE
	$(BIN)/cg-status -k '$@'
endif

# after course.mk: CG_FILES lists every generated file of the course;
# site.mk (cg-plan, as course.mk) names the course's own templates and
# labels file, read by the rendering goals too
-include $(OUT)/site.mk
SITE_DEPS = $(wildcard $(CG_DATA)/site/cg.css $(CG_DATA)/site/cg.js $(CG_DATA)/site/templates/*.html $(CG_DATA)/site/labels/*.yaml) $(CG_SITE_OWN) $(BIN)/cg-site
$(OUT)/site/.built: $(MADE) $(SITE_DEPS)
	@$(NEEDOUT)
	$(BIN)/cg-site -a teacher -o '$(OUT)/site' '$(OUT)'
	@touch '$@'
$(OUT)/site-students/.built: $(MADE) $(SITE_DEPS)
	@$(NEEDOUT)
	$(BIN)/cg-site -a students -o '$(OUT)/site-students' '$(OUT)'
	@touch '$@'

# every cg-export format into OUT/export/, one target per format
# (FORMAT:FILE[:AUDIENCE]: the students' editions of the book and the
# one HTML file too, without the answers); each is made again when a
# file it reads changed
EXPORTS = gift:questions.gift.txt moodle-xml:questions.moodle.xml \
	qti:questions.qti.zip cc:course.imscc anki:cards.anki.txt \
	epub:course.epub html:course.html \
	epub:course-students.epub:students html:course-students.html:students
define export_rule
$(OUT)/export/$(2): $(MADE) $(SITE_DEPS) $(BIN)/cg-export
	@$$(NEEDOUT)
	$(BIN)/cg-export -a $(or $(3),teacher) -F $(1) -o '$$@' '$(OUT)'
endef
$(foreach x,$(EXPORTS),$(eval $(call export_rule,$(word 1,$(subst :, ,$(x))),$(word 2,$(subst :, ,$(x))),$(word 3,$(subst :, ,$(x))))))
export: $(foreach x,$(EXPORTS),$(OUT)/export/$(word 2,$(subst :, ,$(x))))
	@echo "export: $(words $(EXPORTS)) files in $(OUT)/export/" >&2; $(STALE)

# the teacher's copy and the student handout on paper: the paper is
# site.paper, or the course language's (cg-site -p); the page is printed
# from a copy naming that size beside it in the site (so its assets
# load), with page numbers in the footer (cg.css) and a bookmark for each
# heading: module, session, part
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
$(OUT)/course.pdf: PAGE = print.html
$(OUT)/handout.pdf: PAGE = handout.html
$(OUT)/course.pdf $(OUT)/handout.pdf: $(OUT)/site/.built
	@'$(CG_DATA)/libexec/cg-pdf' '$(CHROMIUM)' '$(BIN)/cg-site' '$(OUT)' '$(PAGE)' '$@'

endif

endif
