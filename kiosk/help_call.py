"""'Call staff' reaching staff who are not at the kiosk.

A call is written to the hospital's shared database (the audit row ``help.requested``, which every
kiosk's maintenance menu lists until staff mark it done: kiosk/maintenance/help_requests.py) and, when
the config names one, posted to a webhook: a WeCom or DingTalk group robot (``{"msgtype": "text", …}``)
or any HTTP endpoint taking plain JSON. The message names the kiosk and the screen, never the patient.
The outcome says honestly what happened, so the help screen promises no more than that.
"""
from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import to_local

log = logging.getLogger(__name__)

WEBHOOK_STYLES = ("json", "wecom", "dingtalk")
WEBHOOK_TIMEOUT_S = 5.0


class WebhookFailed(Exception):
    """The endpoint did not take the message (no answer, an HTTP error, or a robot's non-zero errcode)."""


@dataclass(frozen=True)
class HelpCallOutcome:
    recorded: bool  # in the shared database: every kiosk's maintenance menu shows it
    webhook: str  # "sent", "failed" or "none" (no webhook configured)
    queued: bool = False  # the database was away: kept in the outbox, listed when it is back

    @property
    def reached_staff(self) -> bool:
        return self.recorded or self.webhook == "sent"


class StaffWebhook:
    def __init__(self, url: str, style: str = "json", timeout_s: float = WEBHOOK_TIMEOUT_S) -> None:
        if style not in WEBHOOK_STYLES:
            raise ValueError(f"webhook style {style!r}; use one of {', '.join(WEBHOOK_STYLES)}")
        self.url, self.style, self.timeout_s = url, style, timeout_s

    def body(self, hospital: str, kiosk_id: str, screen: str, at: datetime) -> dict:
        if self.style == "json":
            return {"event": "help.requested", "hospital": hospital, "kiosk": kiosk_id, "screen": screen,
                    "at": at.isoformat()}
        text = (f"【{hospital}】自助机 {kiosk_id} 有患者按了“呼叫工作人员”（{to_local(at):%H:%M}，界面：{screen}），"
                f"请尽快前往协助。A patient at kiosk {kiosk_id} is asking for help.")
        return {"msgtype": "text", "text": {"content": text}}

    def send(self, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                reply = response.read(65536)
        except urllib.error.HTTPError as error:
            raise WebhookFailed(f"the webhook answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise WebhookFailed(f"the webhook did not answer ({getattr(error, 'reason', error)})") from None
        try:
            answer = json.loads(reply or b"{}")
        except ValueError:
            return  # any 2xx from a plain endpoint is taken
        if isinstance(answer, dict) and answer.get("errcode", 0) != 0:  # WeCom / DingTalk robots
            raise WebhookFailed(f"the webhook refused the message: errcode {answer.get('errcode')} "
                                f"{answer.get('errmsg', '')}".strip())


def post_help_call(webhook: StaffWebhook | None, hospital: str, kiosk_id: str, screen: str, at: datetime) -> str:
    """"sent", "failed" (logged as one warning) or "none"."""
    if webhook is None:
        return "none"
    try:
        webhook.send(webhook.body(hospital, kiosk_id, screen, at))
    except WebhookFailed as error:
        log.warning("help call from kiosk %s not sent to the staff webhook: %s", kiosk_id, error)
        return "failed"
    return "sent"
