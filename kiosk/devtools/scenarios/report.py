"""The HTML report of a scenario run: every scenario and step, times, screens, receipts.

One self-contained page (pictures beside it in ``files/``), written with the
standard library's escaping; a failed step says in plain words what was
expected and what was seen.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import Counter
from pathlib import Path

from kiosk.devtools.scenarios.records import ScenarioRecord, StepRecord

_STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em;color:#14202e}
h1{font-size:1.6em}h2{font-size:1.15em;margin:0}
.summary span{display:inline-block;margin-right:1.5em;font-weight:bold}
.scenario{border:1px solid #c8d0da;border-radius:6px;margin:1em 0;padding:.8em 1em}
.scenario.s-failed,.scenario.s-error{border-color:#c0392b;background:#fdf3f2}
.meta{color:#5a6878;font-size:.9em;margin:.3em 0 .6em}
table{border-collapse:collapse;width:100%}td{padding:.25em .5em;vertical-align:top;
border-top:1px solid #e3e8ee}td.kw{font-weight:bold;white-space:nowrap;width:4em}
td.ms{text-align:right;white-space:nowrap;color:#5a6878;width:6em}
.badge{padding:.1em .6em;border-radius:1em;font-size:.85em;color:white}
.badge.passed{background:#2e7d4f}.badge.failed,.badge.error{background:#c0392b}
.badge.skipped,.badge.notrun{background:#8a96a3}.driver{color:#5a6878;font-weight:normal}
tr.failed td{background:#fbe4e1}tr.notrun td{color:#8a96a3}
.why{margin:.3em 0 .2em;font-family:monospace;white-space:pre-wrap}
img.shot{max-width:480px;border:1px solid #c8d0da;margin:.3em 0}
img.receipt{max-width:260px;border:1px solid #c8d0da;margin:.3em .5em .3em 0}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def _badge(outcome: str) -> str:
    css = outcome.replace(" ", "")
    return f'<span class="badge {css}">{_e(outcome)}</span>'


def _step_row(step: StepRecord, base: Path) -> str:
    css = step.outcome.replace(" ", "")
    why = ""
    if step.expected is not None:
        why = f'<div class="why">expected: {_e(step.expected)}\nseen:     {_e(step.seen)}</div>'
    elif step.error:
        why = f'<div class="why">{_e(step.error)}</div>'
    shot = ""
    if step.screenshot is not None and step.screenshot.exists():
        src = _rel(step.screenshot, base)
        shot = f'<div><a href="{_e(src)}"><img class="shot" src="{_e(src)}" ' \
               f'alt="screen after line {step.line}"></a></div>'
    ms = f"{step.duration_ms:.0f} ms" if step.outcome != "not run" else ""
    return (f'<tr class="{css}"><td class="kw">{_e(step.keyword)}</td>'
            f"<td>{_e(step.text)} <small>(line {step.line})</small>{why}{shot}</td>"
            f"<td>{_badge(step.outcome)}</td><td class=\"ms\">{ms}</td></tr>")


def _scenario(rec: ScenarioRecord, base: Path) -> str:
    tags = " ".join(f"@{_e(t)}" for t in rec.tags)
    rows = "".join(_step_row(s, base) for s in rec.steps)
    receipts = "".join(
        f'<a href="{_e(_rel(p, base))}"><img class="receipt" src="{_e(_rel(p, base))}" '
        f'alt="printed receipt"></a>' for p in rec.receipts if p.exists())
    error = f'<div class="why">{_e(rec.error)}</div>' if rec.error else ""
    return (f'<div class="scenario s-{_e(rec.outcome)}"><h2>{_badge(rec.outcome)} '
            f'{_e(rec.name)} <span class="driver">[{_e(rec.driver)}]</span></h2><div class="meta">{_e(rec.feature)} — {_e(rec.feature_path)}:{rec.line} · '
            f"driver {_e(rec.driver)} · {rec.duration_ms / 1000:.2f} s {tags}</div>{error}"
            f"<table>{rows}</table>"
            + (f"<div><b>Printed receipts</b><br>{receipts}</div>" if receipts else "")
            + "</div>")


def render(records: list[ScenarioRecord], base: Path) -> str:
    """The report page for ``records``; picture links are relative to ``base``."""
    outcomes = Counter(r.outcome for r in records)
    total_s = sum(r.duration_ms for r in records) / 1000
    drivers = ", ".join(sorted({r.driver for r in records}))
    failed_first = sorted(records, key=lambda r: (r.outcome not in ("failed", "error"),
                                                   r.feature_path, r.line, r.driver))
    summary = "".join(f"<span>{_e(k)}: {v}</span>" for k, v in sorted(outcomes.items()))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>Scenario report</title><style>{_STYLE}</style></head><body>"
            f"<h1>Scenario report</h1><p class=\"meta\">{stamp} · drivers {_e(drivers)} · "
            f"{len(records)} scenarios in {total_s:.1f} s</p>"
            f'<p class="summary">{summary}</p>'
            + "".join(_scenario(r, base) for r in failed_first) + "</body></html>\n")


def write_report(records: list[ScenarioRecord], path: Path) -> Path:
    """Write the report page to ``path`` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(records, path.parent), encoding="utf-8")
    return path
