"""One submission's receipt as the kiosk keeps, shows and prints it.

The journey builds a :class:`ReceiptRecord` when the resident submits, the
outbox stores it with the submission (minting its client id and tracking code)
and hands it back for a reprint, and the receipt layout prints it. It lives in
``kiosk.base`` because all three sit above this layer and the store
(``offline_cache``) must not import the application that prints.

Nothing personal beyond the masked name is ever in a record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiptRecord:
    """What a receipt shows of one submission; masked and non-personal only.

    ``client_id`` and ``tracking_code`` are empty until the outbox mints them at
    enqueue; ``queued`` says whether the hub had not yet confirmed the submission
    when the record was read, and ``case_id`` is the hub's case once it has.
    ``expected_by`` is the date the result is expected (from the legal time limit);
    the ``pickup_`` fields name the hall that hands it over, ``mail_to`` is the
    postal address it goes to, masked.
    """

    service_id: str
    service_name_zh: str
    service_name_en: str
    masked_name: str
    result_mode: str
    created_at: dt.datetime
    client_id: str = ""
    tracking_code: str = ""
    queued: bool = True
    case_id: str | None = None
    expected_by: dt.date | None = None
    pickup_name_zh: str = ""
    pickup_name_en: str = ""
    pickup_address_zh: str = ""
    pickup_address_en: str = ""
    pickup_hours_zh: str = ""
    pickup_hours_en: str = ""
    mail_to: str = ""
