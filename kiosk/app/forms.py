"""Forms: prefill from the card and the hub, resident edits, validation per field.

A form's truth is the hub's JSON Schema; this module turns schema errors into
message keys shown next to the field, and remembers where each value came
from (card, hub or the resident) so the screen can mark prefilled fields.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from kiosk.hub.schema import CARD_BINDINGS, FieldSpec, FormSchema, FormValue


class Source(enum.Enum):
    """Where a field's current value came from."""

    CARD = "card"
    HUB = "hub"
    RESIDENT = "resident"
    EMPTY = "empty"


@dataclass(frozen=True, repr=False)
class CardFacts:
    """The person facts a card itself carries (the six card bindings)."""

    name: str
    sex: str
    nation: str
    birth_date: dt.date | None
    id_number: str
    card_address: str

    def __repr__(self) -> str:
        # Personal data must never reach logs through an accidental repr().
        return "CardFacts(<masked>)"

    def binding_values(self) -> dict[str, str]:
        """Values keyed by binding name; empty facts are left out."""
        values = {
            "person.name": self.name,
            "person.sex": self.sex,
            "person.nation": self.nation,
            "person.birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "person.id_number": self.id_number,
            "person.card_address": self.card_address,
        }
        return {k: v for k, v in values.items() if v}


@dataclass
class FormState:
    """One form being filled in."""

    schema: FormSchema
    values: dict[str, FormValue] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # Bindings the form wants that neither the card nor the hub supplied.
    not_prefilled: list[str] = field(default_factory=list)

    @property
    def prefilled_fields(self) -> list[str]:
        """Fields whose value came from the card or the hub."""
        return [n for n in self.schema.field_order
                if self.sources.get(n) in (Source.CARD, Source.HUB)]

    def spec(self, name: str) -> FieldSpec:
        """The presentation spec of one field."""
        for spec in self.schema.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def wipe(self) -> None:
        """Forget every value (session end)."""
        self.values.clear()
        self.sources.clear()
        self.errors.clear()
        self.not_prefilled.clear()


def _coerce(spec: FieldSpec, raw: str, prop: Mapping[str, Any]) -> FormValue:
    kind = prop.get("type")
    if kind == "boolean":
        return raw in ("true", "1", "yes")
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def prefill(schema: FormSchema, card: CardFacts | None, hub_values: Mapping[str, str]) -> FormState:
    """Fill every field whose binding the card or the hub can answer."""
    state = FormState(schema)
    props: Mapping[str, Any] = schema.json_schema.get("properties", {})
    card_values = card.binding_values() if card else {}
    for spec in schema.fields:
        binding = spec.prefill
        if binding is None:
            state.sources[spec.name] = Source.EMPTY
            continue
        prop = props.get(spec.name, {})
        if binding in CARD_BINDINGS and binding in card_values:
            state.values[spec.name] = _coerce(spec, card_values[binding], prop)
            state.sources[spec.name] = Source.CARD
        elif binding in hub_values:
            state.values[spec.name] = _coerce(spec, hub_values[binding], prop)
            state.sources[spec.name] = Source.HUB
        else:
            state.sources[spec.name] = Source.EMPTY
            state.not_prefilled.append(spec.name)
    return state


def set_value(state: FormState, name: str, value: FormValue) -> None:
    """The resident changed a field."""
    state.spec(name)  # unknown fields are a bug in the caller
    if value == "" or value is None:
        state.values.pop(name, None)
        state.sources[name] = Source.EMPTY
    else:
        state.values[name] = value
        state.sources[name] = Source.RESIDENT
    state.errors.pop(name, None)


_KEY_BY_VALIDATOR = {
    "required": "form.required",
    "pattern": "form.bad_format",
    "format": "form.bad_format",
    "type": "form.bad_format",
    "maxLength": "form.too_long",
    "minLength": "form.required",
    "enum": "form.choose_option",
    "const": "form.must_accept",
    "minimum": "form.out_of_range",
    "maximum": "form.out_of_range",
}


def validate(state: FormState) -> dict[str, str]:
    """Validate against the service's JSON Schema; returns (and stores) field → message key."""
    validator = jsonschema.Draft202012Validator(
        state.schema.json_schema, format_checker=jsonschema.FormatChecker()
    )
    errors: dict[str, str] = {}
    for err in validator.iter_errors(dict(state.values)):
        if err.validator == "required" and isinstance(err.message, str):
            # "'name' is a required property": the field is in the message, not the path.
            missing = [f for f in state.schema.field_order if f"'{f}'" in err.message]
            for name in missing:
                errors.setdefault(name, "form.required")
            continue
        name = str(err.path[0]) if err.path else ""
        if name:
            errors.setdefault(name, _KEY_BY_VALIDATOR.get(str(err.validator), "form.bad_format"))
    state.errors = errors
    return errors
