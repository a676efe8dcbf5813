"""Submissions: accepted once per client id, checked against the service's rules."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from typing import Any

from kiosk.base import tracking
from kiosk.base.idnumber import validate as validate_id_number
from kiosk.devtools.residents import by_id_number
from kiosk.hub import schema as s

from .catalog import Catalog
from .database import LOCAL_TZ, HubDatabase, HubProblem, iso
from .documents import Documents
from .sessions import Sessions
from .terminals import Terminals


class Submissions:
    """Submitted applications; each opens a case (see ``cases``)."""

    def __init__(self, db: HubDatabase, terminals: Terminals, sessions: Sessions,
                 catalog: Catalog, documents: Documents) -> None:
        self._db = db
        self._terminals = terminals
        self._sessions = sessions
        self._catalog = catalog
        self._documents = documents

    def submit(self, client_id: uuid.UUID, sub: s.Submission,
               terminal_id: str) -> tuple[s.SubmissionResult, bool]:
        """Accept a submission once; a repeat returns the first result (``False``)."""
        if sub.client_id != client_id:
            raise HubProblem(422, "client_id_mismatch", "path and body client ids differ",
                             [s.Problem(code="client_id_mismatch", field="client_id",
                                        message="must equal the id in the path")])
        canonical = s.canonical_json(sub)
        code = tracking.normalise(sub.tracking_code)
        with self._db.tx() as db:
            row = db.execute("SELECT * FROM submissions WHERE client_id = ?",
                             (str(client_id),)).fetchone()
            if row is not None:
                if row["canonical"] != canonical:
                    raise HubProblem(409, "client_id_conflict",
                                     "a different submission already uses this client id")
                return _result(row), False
            other = db.execute("SELECT client_id FROM submissions WHERE tracking_code = ?",
                               (code,)).fetchone()
            if other is not None:
                raise HubProblem(409, "tracking_code_conflict",
                                 "this tracking code belongs to another submission")
            problems = self._problems(sub, terminal_id)
            if problems:
                raise HubProblem(422, "submission_invalid", "the submission is not valid",
                                 problems)
            now = self._db.now()
            count = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            case_id = f"C{now.astimezone(LOCAL_TZ):%Y%m%d}-{count + 1:06d}"
            db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (str(client_id), code, terminal_id, sub.service_id, sub.result_mode,
                        canonical, case_id, iso(now)))
            db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                       (code, "received", iso(now)))
            row = db.execute("SELECT * FROM submissions WHERE client_id = ?",
                             (str(client_id),)).fetchone()
        return _result(row), True

    def _problems(self, sub: s.Submission, terminal_id: str) -> list[s.Problem]:
        problems: list[s.Problem] = []

        def add(code: str, field: str | None, message: str) -> None:
            problems.append(s.Problem(code=code, field=field, message=message))

        if sub.terminal_id != terminal_id:
            add("terminal_mismatch", "terminal_id", "must be the signing terminal")
        if not tracking.is_valid(sub.tracking_code):
            add("tracking_code_invalid", "tracking_code", "check character does not match")
        elif tracking.normalise(sub.tracking_code)[:4] != self._terminals.prefix(terminal_id):
            add("tracking_prefix_mismatch", "tracking_code", "not this terminal's prefix")
        id_problem = validate_id_number(sub.identity.id_number)
        if id_problem is not None:
            add(id_problem.key, "identity.id_number", id_problem.detail)
        svc = self._catalog.find(sub.service_id)
        if svc is None:
            add("service_unknown", "service_id", "no such service")
            return problems
        problems.extend(self._catalog.form_problems(sub.service_id, sub.form))
        if sub.result_mode not in svc.service.result_modes:
            add("result_mode_unsupported", "result_mode",
                f"choose one of {', '.join(svc.service.result_modes)}")
        problems.extend(_delivery_problems(sub, svc.service))
        person = by_id_number(sub.identity.id_number)
        if svc.service.identity_level == 2 and not self._sessions.proved_level2(sub.identity,
                                                                                terminal_id):
            add("identity_level_insufficient", "identity",
                "this service needs a verified (level 2) identity session")
        if svc.min_age is not None and id_problem is None:
            born = dt.date(int(sub.identity.id_number[6:10]), int(sub.identity.id_number[10:12]),
                           int(sub.identity.id_number[12:14]))
            today = self._db.now().astimezone(LOCAL_TZ).date()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if age < svc.min_age:
                add("age_below_minimum", "identity", f"applicants must be {svc.min_age} or older")
        # The journey attaches the resident's finger signature to any service.
        known = {m.type for m in svc.service.materials} | {"signature"}
        given = set()
        for i, ref in enumerate(sub.materials):
            stored = self._documents.receipt(ref.sha256)
            if ref.type not in known:
                add("material_unknown", f"materials.{i}.type", "not a material of this service")
            if stored is None:
                add("document_missing", f"materials.{i}.sha256", "document not uploaded")
            elif stored.size != ref.size or stored.content_type != ref.content_type:
                add("document_mismatch", f"materials.{i}", "size or type differs from upload")
            given.add(ref.type)
        on_file = set(person.materials_on_file) if person is not None else set()
        for spec in svc.service.materials:
            if spec.required and spec.type not in given and spec.type not in on_file:
                add("material_missing", "materials", f"required material {spec.type} missing")
        return problems

    def listing(self) -> list[dict[str, Any]]:
        """Received submissions (admin listing, without the form contents)."""
        return [dict(r) for r in self._db.all(
            "SELECT client_id, tracking_code, terminal_id, service_id, result_mode, case_id, "
            "received_at FROM submissions ORDER BY received_at, case_id")]


def _delivery_problems(sub: s.Submission, service: s.Service) -> list[s.Problem]:
    """The delivery choice must match the result mode and name a hall or a postal address."""
    d = sub.delivery
    if d is None:
        return []  # kiosks from before the choice: the result mode alone
    out: list[s.Problem] = []
    if d.mode != sub.result_mode:
        out.append(s.Problem(code="delivery_mode_mismatch", field="delivery.mode",
                             message="must equal result_mode"))
    if d.mode == "pickup":
        halls = {pid for o in service.delivery if o.mode == "pickup" for pid in o.pickup_point_ids}
        if d.pickup_point_id is None or (halls and d.pickup_point_id not in halls):
            out.append(s.Problem(code="pickup_point_invalid", field="delivery.pickup_point_id",
                                 message="choose a hall that hands this result over"))
    if d.mode == "mail":
        given = {"mail_recipient": d.mail_recipient, "mail_phone": d.mail_phone,
                 "mail_address": d.mail_address}
        for name, value in given.items():
            if value is None:
                out.append(s.Problem(code="required", field=f"delivery.{name}",
                                     message="needed to post the result"))
    return out


def _result(row: sqlite3.Row) -> s.SubmissionResult:
    return s.SubmissionResult.model_validate({
        "client_id": row["client_id"], "tracking_code": row["tracking_code"],
        "case_id": row["case_id"], "status": "received", "received_at": row["received_at"]})
