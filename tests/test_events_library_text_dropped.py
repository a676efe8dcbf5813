"""A library's log record is written without its text, which could carry anything."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.base.events.logsetup import JsonLineHandler


def test_library_record_keeps_only_logger_and_exception_type(
        capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("urllib3.connectionpool")
    handler = JsonLineHandler()
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("PUT /v1/identity?name=%s", "张三丰")
        try:
            raise KeyError("110101199003077777")
        except KeyError:
            logger.exception("failed for %s", "13800138000")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines()]
    assert [line["event"] for line in lines] == ["log.uncatalogued"] * 2
    assert lines[0]["fields"] == {"logger": "urllib3.connectionpool", "exc_type": None}
    assert lines[1]["fields"] == {"logger": "urllib3.connectionpool", "exc_type": "KeyError"}
    assert [line["level"] for line in lines] == ["warning", "error"]
    for secret in ("张三丰", "110101199003077777", "13800138000", "identity?name"):
        assert secret not in err and json.dumps(secret)[1:-1] not in err
