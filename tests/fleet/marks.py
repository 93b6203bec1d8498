"""Marks shared by the fleet tests."""
from __future__ import annotations

import pytest

# On this branch a kiosk cannot yet bootstrap and rent on PostgreSQL: the face store's CAST(... AS BLOB)
# (faces area), maintenance taking the parent folder of a postgresql:// URL (maintenance area) and the
# demo HIS's INSERT OR IGNORE (HIS area) are being fixed by the other storage branches. With those
# three fixed (see the pgfleet report) these tests pass; the lead drops this mark after merging them.
NEEDS_OTHER_STORAGE_AREAS = pytest.mark.xfail(
    strict=False, reason="a kiosk bootstraps and rents on PostgreSQL only once the faces, maintenance and demo-HIS "
                         "storage changes are merged (issue 15)")
