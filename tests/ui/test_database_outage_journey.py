"""The hospital's PostgreSQL goes away under the real window (issue 15.4): the patient is told in plain
words and spoken to, what needs the database is refused with nothing half-done, help calls wait in the
outbox and arrive once when the database is back. Real PostgreSQL behind a line-cutting relay."""
from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest
from PySide6.QtCore import Qt

from kiosk.bootstrap import bootstrap

DOWN_WORDS = "无法连接医院系统"


@pytest.fixture
def services(kiosk_config, proxy, postgres_url):
    """The demo kiosk on the hospital's PostgreSQL, reached through the relay."""
    try:
        built = bootstrap(replace(kiosk_config, database=proxy.url(postgres_url.rsplit("/", 1)[1])))
    except (AttributeError, psycopg.Error) as error:  # a module's SQL or paths not yet ported (issue 15)
        pytest.skip(f"the demo kiosk does not start on PostgreSQL yet: {type(error).__name__}: {error}")
    built.db.retry_after_s = 0.0  # the test decides when the server is back
    yield built
    built.close()


def central(postgres_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def take_database_away(window, qtbot, proxy):
    proxy.refuse = True
    proxy.cut()
    window.storage_watch.check()
    qtbot.wait_until(lambda: window.storage_watch.database_down and not window.storage_watch._checking, timeout=5000)
    qtbot.wait_until(lambda: window.fault_banner.isVisible(), timeout=2000)  # the banner follows within 0.5 s


def bring_database_back(window, qtbot, proxy):
    proxy.refuse = False
    window.storage_watch.check()
    qtbot.wait_until(lambda: not window.storage_watch.database_down and not window.storage_watch._checking,
                     timeout=5000)


def test_tiles_that_need_the_database_say_so_and_a_help_call_arrives_once_it_is_back(window, qtbot, services,
                                                                                     proxy, postgres_url):
    speaker = services.devices.device("speaker")
    services.help_webhook = None
    take_database_away(window, qtbot, proxy)
    assert window.fault_banner.isVisible() and DOWN_WORDS in window.fault_banner.text()
    assert services.config.help_desk_zh in window.fault_banner.text()

    for tile in ("pay", "wheelchair", "checkin"):
        click(qtbot, window.home.tiles[tile])
        assert window.current is window.unavailable
        assert DOWN_WORDS in window.unavailable.explain.text()
        assert "缴费、排队取号和轮椅租借暂停" in window.unavailable.explain.text()
        assert services.config.help_desk_zh in window.unavailable.next_step.text()
        assert speaker.utterances[-1].text == window.unavailable.instruction()
        window.go("home", reason="home")

    panel = window.screens["staff_kiosk"]  # what the maintenance Kiosk panel says meanwhile
    panel.retranslate()
    assert panel.database_state.text().startswith("医院数据库：自 ") and "起无法连接" in panel.database_state.text()
    assert services.database_outage[1] in panel.database_state.text()  # the reason, in plain words

    window.set_language("en")
    click(qtbot, window.home.tiles["pay"])
    assert window.unavailable.explain.text().startswith("The hospital's system cannot be reached")
    window.set_language("zh_CN")
    assert DOWN_WORDS in window.unavailable.explain.text()  # the reason survives a language switch
    window.go("home", reason="home")

    click(qtbot, window.call_button)  # help still works: the call waits in the outbox
    qtbot.wait_until(lambda: window.help.outcome is not None, timeout=5000)
    assert window.help.outcome.queued and not window.help.outcome.reached_staff
    assert services.config.help_desk_zh in window.help.status.text()  # nobody was told yet: go to the desk
    assert services.outbox.state().waiting >= 1
    window.go("home", reason="finished")

    bring_database_back(window, qtbot, proxy)
    qtbot.wait_until(lambda: services.outbox.state().waiting == 0, timeout=5000)
    assert not window.fault_banner.isVisible()
    assert services.database_outage is None
    panel.retranslate()
    assert panel.database_state.text().splitlines()[0] == "医院数据库：连接正常。"
    assert central(postgres_url, "SELECT count(*) FROM audit_log WHERE action = 'help.requested'") == [(1,)]
    assert services.audit.verify().ok
    click(qtbot, window.home.tiles["pay"])
    assert window.current is not window.unavailable  # paused no longer


def test_a_rental_whose_step_meets_the_database_gone_is_refused_with_nothing_half_done(window, qtbot, services,
                                                                                      proxy, postgres_url):
    scanner, dock = services.devices.device("scanner"), services.devices.device("dock")
    printer = services.devices.device("receipt_printer")
    printed_before = len(printer.jobs)
    click(qtbot, window.home.tiles["wheelchair"])
    scanner.present(services.wheelchairs.label_for("WC-002"))
    qtbot.wait_until(lambda: window.current.name in {"identify", "identify_id", "identify_phone", "checkin_face",
                                                     "face"}, timeout=5000)
    window.identification.identified(services.his.patient("DEMO-001"))
    price = window.screens["wheelchair_price"]
    qtbot.wait_until(lambda: window.current is price, timeout=5000)

    proxy.refuse = True
    proxy.cut()  # the line goes while the patient reads the prices
    click(qtbot, price.rent_button)
    qtbot.wait_until(lambda: window.current is window.unavailable, timeout=8000)
    assert DOWN_WORDS in window.unavailable.explain.text()
    assert services.devices.device("speaker").utterances[-1].text == window.unavailable.instruction()
    assert dock.events == [] and len(printer.jobs) == printed_before  # no chair unlocked, nothing printed

    bring_database_back(window, qtbot, proxy)
    assert central(postgres_url, "SELECT count(*) FROM wheelchair_rentals") == [(0,)]
