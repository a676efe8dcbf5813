"""Result delivery: the options a service allows, and the postal-delivery form (证照快递).

The hub says per service how the result may come (``Service.delivery``, or just
``result_modes`` from an older hub). Posting needs a recipient, a phone and an
address: a small form with the same prefill rules as any service form (the name
from the card, phone and address from the hub at level 2), editable, validated
by its JSON Schema and masked on screen like every form.
"""

from __future__ import annotations

import datetime as dt

from kiosk.app.circle.time_limit import expected_by
from kiosk.app.circle.views import DeliveryOptionView
from kiosk.hub.schema import PHONE_PATTERN, DeliveryOption, FieldSpec, FormSchema, Service

DELIVERY_FORM_VERSION = "delivery-1"


def options(service: Service) -> list[DeliveryOption]:
    """The service's delivery options; derived from its result modes when the hub lists none."""
    if service.delivery:
        return list(service.delivery)
    days = service.time_limit_days or 0
    return [DeliveryOption(mode=mode, days=0 if mode == "on_the_spot" else days)
            for mode in service.result_modes]


def option_views(service: Service, today: dt.date) -> tuple[DeliveryOptionView, ...]:
    """The options as the details and review screens list them."""
    return tuple(DeliveryOptionView(o.mode, o.days, o.fee_cny, expected_by(today, o.days))
                 for o in options(service))


def mail_form() -> FormSchema:
    """The postal-delivery form: recipient, phone, address."""
    fields = [
        FieldSpec(name="recipient_name", label_zh="收件人", label_en="Recipient", widget="text",
                  required=True, prefill="person.name"),
        FieldSpec(name="mail_phone", label_zh="收件人电话", label_en="Recipient's phone",
                  widget="phone", required=True, prefill="person.phone",
                  help_zh="快递员联系用", help_en="For the courier"),
        FieldSpec(name="mail_address", label_zh="邮寄地址", label_en="Postal address",
                  widget="textarea", required=True, prefill="person.residence_address",
                  help_zh="请写明街道、小区、楼号和门牌", help_en="Street, estate, building and flat"),
    ]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "recipient_name": {"type": "string", "minLength": 1, "maxLength": 64},
            "mail_phone": {"type": "string", "pattern": PHONE_PATTERN},
            "mail_address": {"type": "string", "minLength": 4, "maxLength": 200},
        },
        "required": ["recipient_name", "mail_phone", "mail_address"],
        "additionalProperties": False,
    }
    return FormSchema(service_id="postal_delivery", version=DELIVERY_FORM_VERSION,
                      json_schema=schema, field_order=[f.name for f in fields], fields=fields)


def mask_address(address: str) -> str:
    """An address as printed or shown: the first six characters, then stars."""
    return address[:6] + "*" * min(8, max(0, len(address) - 6))
