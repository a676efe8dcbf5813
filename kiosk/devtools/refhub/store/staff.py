"""Call-staff requests: a resident asks for help at a terminal."""

from __future__ import annotations

import secrets
from typing import Any

from kiosk.hub import schema as s

from .database import HubDatabase, iso

_STAFF_MESSAGES = {
    (False, "zh"): "已通知工作人员，请稍候，马上为您服务。",
    (True, "zh"): "工作人员马上就到，请您坐下稍等，不用着急。",
    (False, "en"): "A member of staff has been called and will be with you shortly.",
    (True, "en"): "Someone is coming to help you. Please take a seat; there is no hurry.",
}


class StaffCalls:
    """Recorded calls for help."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def call(self, req: s.CallStaffRequest, terminal_id: str) -> s.CallStaffResult:
        """Record a call for help and answer in the resident's language."""
        request_id = "S" + secrets.token_hex(8)
        with self._db.tx() as db:
            db.execute("INSERT INTO call_staff VALUES (?, ?, ?, ?, ?, ?)",
                       (request_id, terminal_id, req.reason, int(req.elder_mode), req.locale,
                        iso(self._db.now())))
        lang = "zh" if req.locale.startswith("zh") else "en"
        return s.CallStaffResult(request_id=request_id, status="dispatched",
                                 message=_STAFF_MESSAGES[(req.elder_mode, lang)])

    def requests(self) -> list[dict[str, Any]]:
        """Every call-staff request."""
        return [dict(r) | {"elder_mode": bool(r["elder_mode"])}
                for r in self._db.all("SELECT * FROM call_staff ORDER BY created_at")]
