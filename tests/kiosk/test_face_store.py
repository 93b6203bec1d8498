"""The face store on a real database (both engines): reading new rows by id across several batches,
the counts the Enrolments panel shows, and a withdrawal's delete and consent update."""
from __future__ import annotations

import os

from kiosk.face import store
from kiosk.storage import write_transaction


def test_rows_are_read_by_id_across_batches_and_missing_ids_are_left_out(db, clock):
    ids = [f"t{n:05d}" for n in range(2 * store.READ_BATCH + 7)]  # three statements: 500, 500, 7
    with write_transaction(db) as tx:
        for n, template_id in enumerate(ids):
            store.add_template(tx, template_id, f"P{n % 3}", "dlib-resnet-128", os.urandom(12), b"sealed", clock.now())
    found = store.sealed_templates_by_id(db, [*ids, "gone-already"])
    assert sorted(t.template_id for t in found) == ids
    assert {bytes(t.ciphertext) for t in found} == {b"sealed"} and {len(bytes(t.nonce)) for t in found} == {12}
    assert store.template_index(db, "dlib-resnet-128") == {template_id: f"P{n % 3}" for n, template_id in enumerate(ids)}
    assert store.other_format_count(db, "facenet-512") == len(ids)


def test_counts_and_a_withdrawal_that_deletes_every_template_and_closes_the_consent(db, clock):
    with write_transaction(db) as tx:
        for n in range(3):
            store.add_template(tx, f"a{n}", "DEMO-001", "dlib-resnet-128", os.urandom(12), b"x", clock.now())
        store.add_template(tx, "old", "DEMO-001", "facenet-512", os.urandom(12), b"x", clock.now())
        store.add_template(tx, "b0", "DEMO-002", "dlib-resnet-128", os.urandom(12), b"x", clock.now())
        first = store.add_consent(tx, "DEMO-001", "EAST-1", "self_service", "", "notice-1", clock.now())
        second = store.add_consent(tx, "DEMO-001", "WEST-1", "staff_assisted", "S01", "notice-1", clock.now())
    assert second > first
    assert store.enrolled_patient_count(db) == 2 and store.template_count(db) == 5
    assert store.template_count_of(db, "DEMO-001") == 4
    assert store.template_ids_of(db, "DEMO-001", "dlib-resnet-128") == ["a0", "a1", "a2"]
    assert store.has_consent(db, "DEMO-001") and not store.has_consent(db, "DEMO-002")

    with write_transaction(db) as tx:
        assert store.delete_templates_of(tx, "DEMO-001") == 4  # every encoder's rows
        store.withdraw_consents(tx, "DEMO-001", clock.now())
    assert not store.has_consent(db, "DEMO-001")
    assert store.enrolled_patient_count(db) == 1 and store.template_count_of(db, "DEMO-001") == 0
    withdrawn = db.execute("SELECT count(*) FROM face_consents WHERE withdrawn_utc IS NOT NULL").fetchone()[0]
    assert withdrawn == 2


def test_the_gallery_version_starts_at_zero_and_each_bump_adds_one(db):
    assert store.gallery_version(db) == 0
    with write_transaction(db) as tx:
        assert [store.bump_gallery_version(tx) for _ in range(3)] == [1, 2, 3]
    assert store.gallery_version(db) == 3
