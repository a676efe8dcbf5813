"""Detection on generated scenes: hard surfaces, fingers, cut-off pages, several papers."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import make_scene
from kiosk.app.documents import detect, material
from kiosk.app.documents.geometry import iou, order_clockwise

SIZE = (1280, 720)


def _iou(tags: set[str], index: int) -> tuple[float, bool]:
    s = make_scene(index, 99, tags, SIZE)
    res = detect(s.image, material(s.material))
    assert res.best is not None, res.problem
    assert s.corners is not None
    return iou(res.best.quad, s.corners, *SIZE), res.best.cut_off


def test_page_on_dark_surface_is_found_precisely() -> None:
    assert _iou(set(), 1)[0] >= 0.95


def test_white_paper_on_light_surface() -> None:
    values = [_iou({"light_on_light"}, i)[0] for i in range(4)]
    assert float(np.mean(values)) >= 0.93
    assert sum(v >= 0.95 for v in values) >= 3


def test_fingers_over_edges_do_not_pull_the_corners() -> None:
    values = []
    for i in range(10, 16):
        s = make_scene(i, 99, {"fingers"}, SIZE)
        res = detect(s.image, material(s.material))
        assert s.corners is not None
        values.append(iou(res.best.quad, s.corners, *SIZE) if res.best is not None else 0.0)
    assert sum(v >= 0.95 for v in values) >= 4


def test_id_card_with_rounded_corners() -> None:
    assert _iou({"id_card"}, 5)[0] >= 0.93


def test_page_partly_out_of_frame_is_reported() -> None:
    value, cut = _iou({"cut_off"}, 2)
    assert cut
    assert value >= 0.9


def test_empty_surface_gives_a_message_not_a_quad() -> None:
    for i in range(3):
        s = make_scene(i, 99, {"no_document"}, SIZE)
        res = detect(s.image, material("a4"))
        assert res.best is None
        assert res.problem == "document.not_found"


def test_unreadable_input_is_a_typed_problem() -> None:
    res = detect(np.zeros((0, 0, 3), np.uint8))
    assert res.best is None and res.problem == "document.unreadable_image"


def test_several_papers_pick_the_requested_one() -> None:
    s = make_scene(3, 5, {"several"}, SIZE)
    assert s.corners is not None and s.others
    res = detect(s.image, material(s.material))
    assert res.best is not None
    assert iou(res.best.quad, s.corners, *SIZE) >= 0.9
    # the other paper is reported, not silently dropped
    assert any(iou(o.quad, s.others[0], *SIZE) >= 0.85 for o in res.others)


def test_corners_are_clockwise_from_top_left() -> None:
    s = make_scene(1, 99, set(), SIZE)
    res = detect(s.image, material(s.material))
    assert res.best is not None
    q = res.best.quad
    assert np.allclose(q, order_clockwise(q))
    assert int(np.argmin(q.sum(axis=1))) == 0


def test_iou_of_pages_sharing_the_frame_border() -> None:
    # Both quads run out of the top of the frame, so after clipping they share an edge
    # on y = 0; OpenCV's convex intersection lost most of the area in this case.
    truth = np.array([[506.0, -188.0], [1278.0, -299.0], [1511.0, 760.0], [743.0, 903.0]])
    found = np.array([[548.02, 0.0], [1344.46, 0.0], [1511.34, 760.25], [743.9, 903.27]])
    assert iou(found, truth, 1920, 1080) > 0.99
    assert iou(truth, truth, 1920, 1080) == 1.0
    square = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])
    assert abs(iou(square, square + 1.0) - 1 / 7) < 1e-9
    assert iou(square, square + 5.0) == 0.0


def test_cut_off_pages_on_the_generated_mix() -> None:
    # the page's clipped visible part is judged (both quads clipped to the frame)
    values = []
    for i in range(6):
        s = make_scene(40 + i, 99, {"cut_off"}, SIZE)
        res = detect(s.image, material(s.material))
        assert s.corners is not None
        values.append(iou(res.best.quad, s.corners, *SIZE) if res.best is not None else 0.0)
    assert sum(v >= 0.95 for v in values) >= 4, values


def test_batched_side_fits_match_single_fits_and_find_the_edge() -> None:
    """One batched fit of many sides gives each side the line it gets on its own."""
    import cv2

    from kiosk.app.documents.detection.line_fit import _fit_sides

    img = np.full((270, 480), 60, np.uint8)
    truth = np.array([[101.3, 52.7], [372.4, 61.2], [360.8, 221.5], [93.6, 210.1]])
    cv2.fillConvexPoly(img, np.round(truth * 16).astype(np.int32), 220, cv2.LINE_AA, 4)
    img = cv2.GaussianBlur(img, (5, 5), 1.0).astype(np.float32)
    rng = np.random.default_rng(5)
    # Twelve sides (more than one consensus block): the quad's, each a little off.
    idx = np.arange(12) % 4
    p0 = truth[idx] + rng.normal(0, 1.5, (12, 2))
    p1 = truth[(idx + 1) % 4] + rng.normal(0, 1.5, (12, 2))
    centre = np.tile(truth.mean(axis=0), (12, 1))
    batch = _fit_sides(img, p0, p1, centre, 5.0, 1.2)
    assert batch.ok.all()
    for i in range(12):
        one = _fit_sides(img, p0[i:i + 1], p1[i:i + 1], centre[i:i + 1], 5.0, 1.2)
        assert np.allclose(one.lines[0], batch.lines[i])
        assert one.support[0] == batch.support[i]
        # both true corners of that side lie on the fitted line (within the half pixel
        # of the drawing's pixel-centre convention)
        a, b = truth[idx[i]], truth[(idx[i] + 1) % 4]
        for p in (a, b):
            assert abs(batch.lines[i] @ np.array([p[0], p[1], 1.0])) < 0.8
        assert batch.support[i] >= 0.9
