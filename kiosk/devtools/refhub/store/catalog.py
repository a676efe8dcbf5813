"""The demo service catalogue as the hub checks it: service lookup and form validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from kiosk.devtools.refhub import demo
from kiosk.hub import schema as s

from .database import HubProblem


class Catalog:
    """The demo services, each with a compiled validator for its form."""

    def __init__(self) -> None:
        self._validators = {
            sid: Draft202012Validator(d.form.json_schema)
            for sid, d in demo.services_by_id().items()
        }

    @staticmethod
    def find(service_id: str) -> demo.DemoService | None:
        """A service, ``None`` when unknown."""
        return demo.services_by_id().get(service_id)

    def service(self, service_id: str) -> demo.DemoService:
        """A service; refused when unknown."""
        found = self.find(service_id)
        if found is None:
            raise HubProblem(404, "service_unknown", "no such service")
        return found

    def form_problems(self, service_id: str, form: Mapping[str, Any]) -> list[s.Problem]:
        """What is wrong with a known service's filled-in form, by its JSON schema."""
        problems: list[s.Problem] = []
        for error in self._validators[service_id].iter_errors(dict(form)):
            problems.extend(_schema_problems(error.validator, error.validator_value,
                                             list(error.path), error.instance))
        return problems


def _schema_problems(validator: object, expected: object, path: list[str | int],
                     instance: object) -> list[s.Problem]:
    # Messages name the rule, never the value: form values are personal data.
    field = ".".join(str(p) for p in path) or None
    rule = str(validator)
    if rule == "required" and isinstance(expected, list) and isinstance(instance, dict):
        return [s.Problem(code="required", field=str(name), message="this field is required")
                for name in expected if name not in instance]
    if rule == "additionalProperties" and isinstance(instance, dict):
        return [s.Problem(code="unknown_field", field=None, message="the form has unknown fields")]
    detail = {
        "pattern": "does not have the expected format",
        "enum": "is not one of the allowed choices",
        "maxLength": f"is longer than {expected} characters",
        "minLength": "must not be empty",
        "type": f"must be of type {expected}",
        "minimum": f"must be at least {expected}",
        "maximum": f"must be at most {expected}",
    }.get(rule, f"fails the {rule} rule")
    return [s.Problem(code=rule, field=field, message=detail)]
