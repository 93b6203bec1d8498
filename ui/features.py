"""The patient journeys and staff tools this kiosk offers, each a package under ui/.

A feature module provides:
- ``install(window: MainWindow) -> None``: builds its screens and adds them with
  ``window.add_screen(screen)``; a screen whose ``name`` is a home tile's name ("checkin",
  "wheelchair", "pay") becomes that tile's first screen;
- ``SCENES: dict[str, Callable[[MainWindow], None]]``: how to reach each of its screens from home,
  for ``make screenshots`` and the accessibility walk (tests/ui/test_accessibility.py).
A home tile without a screen tells the patient plainly that this kiosk cannot do it and where to go.
"""
from __future__ import annotations

from ui import identify
from ui import checkin
from ui import maintenance
from ui.maintenance import sound_panel
from ui import wheelchair
from ui import payment
from ui import demo

# identify comes first: the journeys after it use its screens.
FEATURES: tuple = (identify, maintenance, sound_panel, wheelchair, checkin, payment, demo)
