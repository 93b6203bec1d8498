"""Issue 18.4: "call staff" reaches staff who are not at the kiosk — every kiosk's maintenance menu of the
hospital (shared database) and a webhook (a real HTTP server on 127.0.0.1 playing a WeCom group robot
or a plain JSON endpoint) — and the help screen says what really happened."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kiosk.bootstrap import bootstrap
from staff_robot import StaffRobot, free_port_url


@pytest.fixture
def robot():
    with StaffRobot() as endpoint:
        yield endpoint


def kiosk(config, **changes):
    return bootstrap(replace(config, **changes))


def test_a_call_at_one_kiosk_shows_in_another_kiosks_maintenance_menu_and_reaches_the_robot(kiosk_config, robot):
    lobby = kiosk(kiosk_config, kiosk_id="LOBBY-1", help_webhook_url=robot.url, help_webhook_style="wecom")
    floor3 = kiosk(kiosk_config, kiosk_id="FLOOR3-2")
    try:
        outcome = lobby.request_help("pay")
        assert outcome.recorded and outcome.webhook == "sent"
        calls = floor3.maintenance.help_requests.open_requests()
        assert [(call.kiosk_id, call.screen) for call in calls] == [("LOBBY-1", "pay")]
        post, = robot.posts
        assert post["msgtype"] == "text" and "LOBBY-1" in post["text"]["content"]
        assert "DEMO" not in json.dumps(post, ensure_ascii=False)  # the kiosk and screen, never the patient
        floor3.maintenance.help_requests.resolve(calls[0].request_id, "staff:1001")
        assert lobby.maintenance.help_requests.open_requests() == []
    finally:
        floor3.close()
        lobby.close()


def test_a_plain_json_endpoint_and_the_failures_are_told_apart(kiosk_config, robot):
    services = kiosk(kiosk_config, help_webhook_url=robot.url, help_webhook_style="json")
    try:
        robot.reply = {"ok": True}
        assert services.request_help("home").webhook == "sent"
        assert robot.posts[-1]["event"] == "help.requested" and robot.posts[-1]["kiosk"] == kiosk_config.kiosk_id
        robot.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
        assert services.request_help("home").webhook == "failed"
        robot.reply, robot.status = {}, 500
        assert services.request_help("home").webhook == "failed"
    finally:
        services.close()
    nobody = kiosk(kiosk_config, help_webhook_url=free_port_url())
    try:
        outcome = nobody.request_help("home")
        assert outcome.recorded and outcome.webhook == "failed"
    finally:
        nobody.close()
