"""``document.wrong_material``: a card when a page is wanted, the reverse, and several papers."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import background, id_card, text_page
from bench.docgen.pages import Page
from kiosk.app.documents import DocumentTracker, check, detect, material
from kiosk.base.clock import ManualClock

SIZE = (1600, 1200)
WRONG = "document.wrong_material"


def _rect(cx: float, cy: float, long_px: float, aspect: float, angle: float,
          portrait: bool) -> np.ndarray:
    w, h = (long_px / aspect, long_px) if portrait else (long_px, long_px / aspect)
    return cv2.boxPoints(((cx, cy), (w, h), angle)).astype(np.float64)


def _side_ratio(corners: np.ndarray, k: int) -> float:
    first = float(np.linalg.norm(corners[(k + 1) % 4] - corners[k]))
    second = float(np.linalg.norm(corners[(k + 2) % 4] - corners[(k + 1) % 4]))
    return first / max(1.0, second)


def _compose(papers: list[tuple[Page, np.ndarray]], seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w, h = SIZE
    img = background(rng, "wood", h, w).astype(np.float32)
    for page, corners in papers:
        ph, pw = page.image.shape[:2]
        src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
        # boxPoints order differs from the page's; pick the rotation whose first side
        # has the page's orientation so the card is not stretched
        misfit = [_side_ratio(corners, k) - pw / ph for k in range(4)]
        best = int(np.argmin(np.abs(misfit)))
        dst = np.roll(corners, -best, axis=0).astype(np.float32)
        m = cv2.getPerspectiveTransform(src, dst)
        warped = cv2.warpPerspective(page.image, m, (w, h)).astype(np.float32)
        mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (w, h))[:, :, None]
        img = img * (1 - mask) + warped * mask
    return np.clip(img, 0, 255).astype(np.uint8)


def _card(long_px: float, cx: float = 800, cy: float = 600) -> tuple[Page, np.ndarray]:
    page = id_card(np.random.default_rng(1), 10.0)
    return page, _rect(cx, cy, long_px, 85.6 / 54.0, 6.0, portrait=False)


def _a4(long_px: float, cx: float = 800, cy: float = 600) -> tuple[Page, np.ndarray]:
    page = text_page(np.random.default_rng(2), 4.0)
    return page, _rect(cx, cy, long_px, 297 / 210, -5.0, portrait=True)


def _keys(img: np.ndarray, key: str) -> list[str]:
    spec = material(key)
    res = detect(img, spec)
    assert res.best is not None, res.problem
    return [v.key for v in check(img, res.best, spec, others=res.others)]


def test_id_card_when_a_page_is_wanted() -> None:
    img = _compose([_card(520)])
    assert WRONG in _keys(img, "a4")
    assert WRONG not in _keys(img, "id_card")


def test_page_when_an_id_card_is_wanted() -> None:
    img = _compose([_a4(1100)])
    assert WRONG in _keys(img, "id_card")
    assert WRONG not in _keys(img, "a4")


def test_clearly_stubbier_paper_is_not_an_a4_page() -> None:
    # a page-sized paper of aspect 1.18 (A4 is 1.414): no size cue needed
    page = text_page(np.random.default_rng(5), 4.0)
    img = _compose([(page, _rect(800, 600, 900, 1.18, 3.0, portrait=True))])
    assert _keys(img, "a4")[:1] == [WRONG]


def test_several_papers_without_the_wanted_kind() -> None:
    # a card and a square note lie side by side; an A4 page is wanted: the card is
    # the best candidate, and it is the wrong kind
    note = text_page(np.random.default_rng(6), 3.0)
    img = _compose([_card(480, cx=500), (note, _rect(1200, 600, 420, 1.0, 10.0, True))])
    assert WRONG in _keys(img, "a4")


def test_several_papers_with_the_wanted_kind_chosen() -> None:
    img = _compose([_card(420, cx=1250, cy=400), _a4(1000, cx=560)])
    assert WRONG not in _keys(img, "a4")
    assert WRONG not in _keys(img, "id_card")


def test_tracker_reports_the_wrong_material_first() -> None:
    img = _compose([_card(520)])
    state = DocumentTracker(material("a4"), ManualClock()).feed(img, 0.0)
    assert state.message_key == WRONG
    assert not state.ready_to_capture
