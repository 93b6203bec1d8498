"""The receipt printer is out of paper when a patient checks in: the ticket is shown on screen instead,
and its words match what the screen shows: a code to photograph only where the hospital has a
queue-status page (``hospital.queue_status_url``), else "remember your number"."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea

QUEUE_PAGE = "https://his.example.cn/q/{number}-{token}"


@pytest.fixture(params=["", QUEUE_PAGE], ids=["no-queue-page", "queue-page"])
def kiosk_config(request, kiosk_config):
    return replace(kiosk_config, systems=replace(kiosk_config.systems, queue_status_url=request.param))


def test_the_ticket_on_screen_says_only_what_it_shows(window, services, qtbot, kiosk_config):
    printer = services.devices.device("receipt_printer")
    printer.inject(paper="out")
    window.go("checkin")
    services.sessions.current.patient_id = "DEMO-004"  # identified (the ways to identify are tested elsewhere)
    window.go("checkin")
    ticket = window.screens["checkin_ticket"]
    qtbot.wait_until(lambda: window.current is ticket and ticket.result is not None, timeout=10_000)
    assert ticket.result.fallback is not None and printer.jobs == []
    number = ticket.result.ticket.number
    assert number in ticket.number.text()
    if kiosk_config.systems.queue_status_url:
        assert ticket.qr.isVisible() and "拍下这个二维码" in ticket.paper.text()
    else:
        assert not ticket.qr.isVisible()
        assert "二维码" not in ticket.paper.text() and "记住您的号码" in ticket.paper.text()
    assert "服务台" in ticket.paper.text() or window.help_desk() in ticket.paper.text()


def test_in_landscape_the_out_of_paper_ticket_is_seen_whole_without_scrolling(make_window, services, qtbot,
                                                                                kiosk_config):
    """1920×1080 leaves about 530 px above the buttons: the number, where to go, the people ahead and the
    code to photograph all show at once, and the words about the paper sit right above the buttons."""
    window = make_window(orientation="landscape", language="en")
    services.devices.device("receipt_printer").inject(paper="out")
    window.go("checkin")
    services.sessions.current.patient_id = "DEMO-004"
    window.go("checkin")
    ticket = window.screens["checkin_ticket"]
    qtbot.wait_until(lambda: window.current is ticket and ticket.result is not None, timeout=10_000)
    scroll = ticket.findChild(QScrollArea, "ticketScroll")
    viewport = scroll.viewport()
    shown = [ticket.number, ticket.place, ticket.ahead] + ([ticket.qr] if kiosk_config.systems.queue_status_url else [])
    def ends(widget) -> int:
        return widget.mapTo(viewport, QPoint(0, widget.height())).y()

    assert all(widget.isVisible() for widget in shown)
    qtbot.wait_until(lambda: max(ends(widget) for widget in shown) <= viewport.height(), timeout=3000)  # laid out
    assert ticket.paper.isVisible() and "no paper" in ticket.paper.text()
    assert not scroll.isAncestorOf(ticket.paper)  # never scrolled away
    assert ticket.paper.mapTo(ticket, QPoint(0, ticket.paper.height())).y() <= ticket.finish_button.y()
