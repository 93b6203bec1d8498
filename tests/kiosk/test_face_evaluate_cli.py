"""``onevisit faces evaluate``: the kiosk's configured rule on real photos, groups, honest verdicts."""
from __future__ import annotations

import json

import pytest

from face_photos import SHARED_FACES, needs_faces
from kiosk.face.evaluate_cli import faces_command

pytestmark = [pytest.mark.faces, needs_faces]
PEOPLE = {"chips": ("john_salley", "john_savage", "john_schneider"), "more": ("john_shimkus", "john_simm")}


@pytest.fixture
def grouped(tmp_path):
    """DIR/<group>/<person>/ made of links to ../shared/faces (nothing copied)."""
    for group, people in PEOPLE.items():
        (tmp_path / "photos" / group).mkdir(parents=True)
        for person in people:
            (tmp_path / "photos" / group / person).symlink_to(SHARED_FACES / person, target_is_directory=True)
    return tmp_path / "photos"


def test_groups_are_evaluated_alone_and_together_with_exact_bounds(grouped, capsys):
    code = faces_command(["evaluate", str(grouped), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["encoder"] == "dlib-resnet" and report["threshold"] == 0.32 and report["config"] is None
    by_group = {g["group"]: g for g in report["groups"]}
    assert set(by_group) == {"chips", "more", "all"}
    assert by_group["all"]["identities"] == 5 and by_group["chips"]["identities"] == 3
    everyone = by_group["all"]
    assert everyone["fpir"]["attempts"] == by_group["chips"]["fpir"]["attempts"] + by_group["more"]["fpir"]["attempts"]
    fpir = everyone["fpir"]
    assert fpir["errors"] == 0 and fpir["attempts"] >= 30
    assert fpir["upper95"] == pytest.approx(1 - 0.025 ** (1 / fpir["attempts"]), abs=1e-5)
    # a few dozen clean attempts can never show 0.3 %: not "met", and exit 1
    assert report["verdicts"]["fpir"] == "not_enough" and not report["targets_shown"] and code == 1
    assert report["verification"]["fmr"]["attempts"] > fpir["attempts"]


def test_the_text_report_says_what_the_numbers_cannot_show(grouped, capsys, tmp_path):
    from pathlib import Path

    demo = Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml"
    config = tmp_path / "kiosk.toml"
    config.write_text(demo.read_text(encoding="utf-8").replace('threshold = "auto"', "threshold = 0.4"),
                      encoding="utf-8")
    faces_command(["evaluate", str(grouped / "chips"), "--config", str(config)])
    out = capsys.readouterr().out
    assert "threshold 0.4" in out and f"from {config}" in out
    assert "not enough impostor attempts to show it" in out and "it takes at least 1228" in out
    assert "95 % interval" in out and "open 1:N search is supported up to" in out


def test_a_folder_without_people_is_refused_in_plain_words(tmp_path, capsys):
    assert faces_command(["evaluate", str(tmp_path)]) == 2
    assert "one sub-folder of photos per person" in capsys.readouterr().err
    assert faces_command(["evaluate", str(SHARED_FACES), "--config", str(tmp_path / "missing.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err
