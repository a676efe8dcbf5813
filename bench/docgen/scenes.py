"""Compose documents onto varied backgrounds with ground-truth corners.

The mix of hard cases is fixed by index (see ``plan_mix``) so it cannot drift
when the generator or the detector changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt

from .pages import Page, random_page

Image = npt.NDArray[np.uint8]

# Shares of all frames; each is a floor that the README states.
MIX = {
    "light_on_light": 0.35,  # white paper on a light or white surface
    "fingers": 0.25,          # fingers over an edge or corner
    "shadow_or_glare": 0.25,  # a hard shadow or a glare spot on the page
    "cut_off": 0.12,          # page partly out of frame
    "no_document": 0.12,      # nothing to find
    "id_card": 0.15,          # ID-card sized material
    "several": 0.06,          # a second paper in view
}
BACKGROUNDS_DARK = ("wood", "cloth", "desk", "clutter", "plate_dark")
BACKGROUNDS_LIGHT = ("desk_light", "plate_white", "cloth_light", "wood_light", "clutter_light")


@dataclass
class Scene:
    """One generated frame and its truth."""

    image: Image
    corners: npt.NDArray[np.float64] | None  # clockwise from the top-left, frame pixels
    material: str
    background: str
    tags: set[str] = field(default_factory=set)
    page: Page | None = None
    quarter_turns: int = 0  # how the page content is turned in the frame (clockwise)
    others: list[npt.NDArray[np.float64]] = field(default_factory=list)


def plan_mix(n: int, seed: int) -> list[set[str]]:
    """Tags for frames ``0..n-1``: exact counts per tag, placed by a seeded shuffle."""
    rng = np.random.default_rng(seed + 7919)
    tags: list[set[str]] = [set() for _ in range(n)]
    order = rng.permutation(n)
    n_none = math.ceil(MIX["no_document"] * n)
    none = set(order[:n_none].tolist())
    for i in none:
        tags[i].add("no_document")
    docs = [int(i) for i in order[n_none:]]
    for tag in ("light_on_light", "fingers", "shadow_or_glare", "cut_off", "id_card", "several"):
        k = math.ceil(MIX[tag] * n)
        chosen = rng.choice(len(docs), size=min(k, len(docs)), replace=False)
        for c in chosen:
            tags[docs[int(c)]].add(tag)
    # Half of the no-document frames are light surfaces too, so the hard
    # background is also tested for false detections.
    for j, i in enumerate(sorted(none)):
        if j % 2 == 0:
            tags[i].add("light_on_light")
    return tags


def _noise_field(rng: np.random.Generator, h: int, w: int, cells: int) -> npt.NDArray[np.float32]:
    small = rng.random((max(2, h * cells // w), cells)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def background(rng: np.random.Generator, kind: str, h: int, w: int) -> Image:
    """A procedural surface: wood, cloth, desk, clutter or a camera base plate."""
    if kind.startswith("wood"):
        light = kind.endswith("light")
        base = np.array([150, 185, 215] if light else [40, 80, 130], np.float32)
        base += rng.uniform(-15, 15, 3).astype(np.float32)
        yy = np.arange(h, dtype=np.float32)[:, None]
        warp = _noise_field(rng, h, w, 6) * 40
        grain = np.sin((yy + warp) / rng.uniform(3, 9)) * 0.5 + 0.5
        fine = _noise_field(rng, h, w, 200) * 0.4
        shade = (0.75 + 0.25 * grain + 0.1 * fine)
        img = base[None, None, :] * shade[:, :, None]
        if rng.random() < 0.5:
            img = np.ascontiguousarray(np.transpose(cv2.resize(img, (h, w)), (1, 0, 2)))
    elif kind.startswith("cloth"):
        light = kind.endswith("light")
        base = (np.array([215, 215, 220], np.float32) if light
                else rng.uniform(40, 170, 3).astype(np.float32))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        period = rng.uniform(3, 7)
        weave = (np.sin(xx * 2 * np.pi / period) * np.sin(yy * 2 * np.pi / period)) * 0.06
        folds = (_noise_field(rng, h, w, 5) - 0.5) * 0.25
        img = base[None, None, :] * (1 + weave + folds)[:, :, None]
    elif kind.startswith("plate"):
        white = kind == "plate_white"
        base = np.array([228, 230, 230] if white else [45, 45, 48], np.float32)
        base += rng.uniform(-8, 8, 3).astype(np.float32)
        img = np.broadcast_to(base, (h, w, 3)).astype(np.float32).copy()
        if rng.random() < 0.5:  # printed alignment grid on the base plate
            step = int(rng.integers(60, 140))
            col = (base * (0.85 if white else 1.4)).tolist()
            for x in range(int(rng.integers(0, step)), w, step):
                cv2.line(img, (x, 0), (x, h - 1), col, 1)
            for y in range(int(rng.integers(0, step)), h, step):
                cv2.line(img, (0, y), (w - 1, y), col, 1)
    else:  # desk, desk_light, clutter, clutter_light
        light = kind.endswith("light")
        base = (rng.uniform(205, 240, 3) if light else rng.uniform(70, 160, 3)).astype(np.float32)
        mottled = (_noise_field(rng, h, w, 40) - 0.5) * 0.06
        img = base[None, None, :] * (1 + mottled)[:, :, None]
        if kind.startswith("clutter"):
            _add_clutter(rng, img)
    return np.clip(img, 0, 255).astype(np.uint8)


def _add_clutter(rng: np.random.Generator, img: npt.NDArray[np.float32]) -> None:
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(4, 10))):
        kind = rng.choice(["pen", "coin", "mug", "phone", "note", "keys", "cable"])
        col = rng.uniform(10, 250, 3).tolist()
        cx, cy = float(rng.uniform(0, w)), float(rng.uniform(0, h))
        if kind == "pen":
            ang = rng.uniform(0, np.pi)
            length = rng.uniform(150, 350)
            dx, dy = math.cos(ang) * length / 2, math.sin(ang) * length / 2
            cv2.line(img, (int(cx - dx), int(cy - dy)), (int(cx + dx), int(cy + dy)), col,
                     int(rng.integers(8, 16)), cv2.LINE_AA)
        elif kind in ("coin", "mug"):
            r = int(rng.uniform(15, 30) if kind == "coin" else rng.uniform(70, 130))
            cv2.circle(img, (int(cx), int(cy)), r, col, -1, cv2.LINE_AA)
            if kind == "mug":
                cv2.circle(img, (int(cx), int(cy)), int(r * 0.8), [c * 0.6 for c in col], -1,
                           cv2.LINE_AA)
        elif kind in ("phone", "note"):
            if kind == "phone":
                sw, sh, col = rng.uniform(70, 110), rng.uniform(150, 230), [25.0, 25.0, 28.0]
            else:
                s = rng.uniform(70, 120)
                sw, sh = s, s
                col = [80.0, 230.0, 250.0] if rng.random() < 0.5 else [200.0, 170.0, 250.0]
            box = cv2.boxPoints(((cx, cy), (sw, sh), float(rng.uniform(0, 180))))
            cv2.fillConvexPoly(img, box.astype(np.int32), col, cv2.LINE_AA)
        elif kind == "keys":
            for _k in range(3):
                ox, oy = rng.uniform(-30, 30, 2)
                cv2.ellipse(img, (int(cx + ox), int(cy + oy)), (25, 10), float(rng.uniform(0, 180)),
                            0, 360, [150.0, 150.0, 155.0], -1, cv2.LINE_AA)
        else:
            pts = np.cumsum(rng.normal(0, 40, (12, 2)), axis=0) + np.array([cx, cy])
            cv2.polylines(img, [pts.astype(np.int32)], False, col, 5, cv2.LINE_AA)


def _rounded_mask(h: int, w: int, radius: float) -> npt.NDArray[np.float32]:
    mask = np.zeros((h, w), np.uint8)
    r = round(radius)
    if r <= 0:
        mask[:] = 255
    else:
        cv2.rectangle(mask, (r, 0), (w - 1 - r, h - 1), 255, -1)
        cv2.rectangle(mask, (0, r), (w - 1, h - 1 - r), 255, -1)
        for cx, cy in ((r, r), (w - 1 - r, r), (r, h - 1 - r), (w - 1 - r, h - 1 - r)):
            cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return mask.astype(np.float32) / 255.0


def _place(rng: np.random.Generator, page: Page, fw: int, fh: int, cut_off: bool,
           turns: int, scale_frac: float) -> npt.NDArray[np.float64]:
    """Frame corners for the page's upright corners TL, TR, BR, BL (may leave the frame)."""
    w_mm, h_mm = (page.width_mm, page.height_mm)
    if turns % 2:
        w_mm, h_mm = h_mm, w_mm
    # scale_frac: the page's longer side as a share of the frame's shorter side
    long_px = scale_frac * min(fw, fh)
    ppm = long_px / max(w_mm, h_mm)
    dw, dh = w_mm * ppm, h_mm * ppm
    ang = math.radians(rng.uniform(-14, 14))
    if cut_off:
        # push a share f of the page's extent past one frame border
        f = rng.uniform(0.08, 0.3)
        side = int(rng.integers(4))
        cx = fw / 2 + rng.uniform(-0.1, 0.1) * fw
        cy = fh / 2 + rng.uniform(-0.05, 0.05) * fh
        if side == 0:
            cx = dw * (0.5 - f)
        elif side == 1:
            cx = fw + dw * (f - 0.5)
        elif side == 2:
            cy = dh * (0.5 - f)
        else:
            cy = fh + dh * (f - 0.5)
    else:
        # keep the rotated bounding box inside with a margin
        bw = abs(dw * math.cos(ang)) + abs(dh * math.sin(ang))
        bh = abs(dw * math.sin(ang)) + abs(dh * math.cos(ang))
        mx, my = max(5.0, (fw - bw) / 2 - 8), max(5.0, (fh - bh) / 2 - 8)
        cx = fw / 2 + rng.uniform(-mx, mx)
        cy = fh / 2 + rng.uniform(-my, my)
    base = np.array([[-dw / 2, -dh / 2], [dw / 2, -dh / 2], [dw / 2, dh / 2], [-dw / 2, dh / 2]])
    rot = np.array([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
    pts = base @ rot.T + [cx, cy]
    # perspective: move corners toward/away from the centre (a tilted camera or page)
    jitter = rng.normal(0, 0.025, (4, 2)) * [dw, dh]
    pts = pts + jitter
    # the upright TL..BL corners, turned by the content rotation
    return np.roll(pts, turns, axis=0)


def _warp_page(page: Page, corners: npt.NDArray[np.float64], fw: int, fh: int,
               ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    ph, pw = page.image.shape[:2]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    # Pre-blur large downscales so the page does not alias like no lens would.
    scale = math.sqrt(max(1.0, cv2.contourArea(corners.astype(np.float32)))) / math.sqrt(pw * ph)
    img = page.image
    if scale < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), 0.4 / scale)
    warped = cv2.warpPerspective(img, m, (fw, fh), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT).astype(np.float32)
    radius = page.rounded_mm * pw / page.width_mm
    mask = cv2.warpPerspective(_rounded_mask(ph, pw, radius), m, (fw, fh), flags=cv2.INTER_LINEAR)
    return warped, mask


def _fingers(rng: np.random.Generator, img: npt.NDArray[np.float32],
             corners: npt.NDArray[np.float64]) -> None:
    skin = np.array([rng.uniform(120, 180), rng.uniform(150, 195), rng.uniform(190, 235)],
                    np.float32)
    diag = float(np.linalg.norm(corners[2] - corners[0]))
    centre = corners.mean(axis=0)
    for _ in range(int(rng.integers(1, 4))):
        i = int(rng.integers(4))
        t = rng.uniform(0.0, 1.0) if rng.random() < 0.7 else rng.choice([0.0, 1.0])
        p = corners[i] * (1 - t) + corners[(i + 1) % 4] * t
        out = p - centre
        out /= max(1e-6, float(np.linalg.norm(out)))
        width = rng.uniform(0.035, 0.06) * diag
        inside = rng.uniform(0.03, 0.08) * diag
        length = rng.uniform(0.15, 0.3) * diag
        ang = math.atan2(out[1], out[0]) + rng.uniform(-0.6, 0.6)
        d = np.array([math.cos(ang), math.sin(ang)])
        tip = p - d * inside
        base = tip + d * length
        cv2.line(img, tuple(int(v) for v in tip), tuple(int(v) for v in base), skin.tolist(),
                 int(width), cv2.LINE_AA)
        cv2.circle(img, tuple(int(v) for v in tip), int(width / 2), skin.tolist(), -1, cv2.LINE_AA)
        cv2.circle(img, tuple(int(v) for v in tip + d * width * 0.2), int(width * 0.3),
                   (skin * 1.08).clip(0, 255).tolist(), -1, cv2.LINE_AA)


def _shadow_or_glare(rng: np.random.Generator, img: npt.NDArray[np.float32],
                     corners: npt.NDArray[np.float64], tags: set[str]) -> None:
    h, w = img.shape[:2]
    diag = float(np.linalg.norm(corners[2] - corners[0]))
    centre = corners.mean(axis=0)
    if rng.random() < 0.5:
        tags.add("shadow")
        # a hard-edged shadow (an arm, a phone, the camera arm) crossing the page edge
        i = int(rng.integers(4))
        p = corners[i] * 0.5 + corners[(i + 1) % 4] * 0.5
        d = p - centre
        ang = math.atan2(d[1], d[0]) + rng.uniform(-0.8, 0.8)
        length, width = diag * rng.uniform(0.4, 0.9), diag * rng.uniform(0.12, 0.3)
        c = p + np.array([math.cos(ang), math.sin(ang)]) * length * rng.uniform(0.1, 0.4)
        box = cv2.boxPoints(((float(c[0]), float(c[1])), (float(length), float(width)),
                             math.degrees(ang)))
        mask = np.zeros((h, w), np.float32)
        cv2.fillConvexPoly(mask, box.astype(np.int32), 1.0, cv2.LINE_AA)
        mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(1.0, 4.0))
        strength = rng.uniform(0.35, 0.6)
        img *= (1 - strength * mask)[:, :, None]
    else:
        tags.add("glare")
        t = rng.uniform(0.2, 0.8, 2)
        p = (corners[0] * (1 - t[0]) + corners[1] * t[0]) * (1 - t[1]) + (
            corners[3] * (1 - t[0]) + corners[2] * t[0]) * t[1]
        r = diag * rng.uniform(0.04, 0.1)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ax = rng.uniform(1.0, 2.0)
        dist2 = ((xx - p[0]) / ax) ** 2 + (yy - p[1]) ** 2
        spot = np.exp(-dist2 / (2 * r * r))
        img += (spot * 400)[:, :, None]


def make_scene(index: int, seed: int, tags: set[str], size: tuple[int, int] = (1920, 1080),
               page: Page | None = None) -> Scene:
    """Render frame ``index`` of the set seeded with ``seed``, honouring ``tags``."""
    rng = np.random.default_rng([seed, index])
    fw, fh = size
    light = "light_on_light" in tags
    bg_kind = str(rng.choice(BACKGROUNDS_LIGHT if light else BACKGROUNDS_DARK))
    img = background(rng, bg_kind, fh, fw).astype(np.float32)
    tags = set(tags)
    corners = None
    material = "a4"
    turns = 0
    others: list[npt.NDArray[np.float64]] = []
    if "no_document" not in tags:
        ppm = 4.0 * min(fw, fh) / 1080.0
        if page is None:
            if "id_card" in tags:
                kind = "id_card"
            else:
                kind = str(rng.choice(["text", "form", "form", "register", "certificate"]))
            page = random_page(rng, kind, ppm * (3.0 if kind == "id_card" else 1.0))
        material = page.material
        turns = int(rng.choice([0, 0, 0, 0, 0, 0, 1, 2, 3])) if page.kind != "id_card" else int(
            rng.choice([0, 0, 0, 0, 2]))
        card = page.material == "id_card"
        scale = rng.uniform(0.35, 0.75) if card else rng.uniform(0.7, 1.05)
        corners = _place(rng, page, fw, fh, "cut_off" in tags, turns,
                         scale * (0.75 if "several" in tags else 1.0))
        if "several" in tags:
            # the requested page on one side, another paper beside it, not touching
            side = 1.0 if rng.random() < 0.5 else -1.0
            if "cut_off" not in tags:
                corners = corners - corners.mean(axis=0) + [fw / 2 + side * fw * 0.17,
                                                            corners.mean(axis=0)[1]]
            other = random_page(rng, "id_card" if page.kind != "id_card" else "text",
                                ppm * (3.0 if page.kind != "id_card" else 0.6))
            size = rng.uniform(0.3, 0.5)
            for _ in range(8):
                oc = _place(rng, other, fw, fh, False, 0, size)
                oc = oc - oc.mean(axis=0) + [fw / 2 - side * fw * 0.33, fh * rng.uniform(0.35, 0.65)]
                inter, _ = cv2.intersectConvexConvex(oc.astype(np.float32),
                                                     corners.astype(np.float32))
                if inter <= 0:
                    warped, mask = _warp_page(other, oc, fw, fh)
                    img = img * (1 - mask[:, :, None]) + warped * mask[:, :, None]
                    others.append(oc)
                    break
                size *= 0.85
            if not others:
                tags.discard("several")
        warped, mask = _warp_page(page, corners, fw, fh)
        if rng.random() < 0.5:
            # the faint contact shadow a page casts under side light
            soft = cv2.GaussianBlur(mask, (0, 0), rng.uniform(2, 6))
            soft = np.roll(soft, (int(rng.integers(-4, 5)), int(rng.integers(-4, 5))), (0, 1))
            img *= (1 - rng.uniform(0.03, 0.12) * soft)[:, :, None]
        img = img * (1 - mask[:, :, None]) + warped * mask[:, :, None]
        if "fingers" in tags:
            _fingers(rng, img, corners)
        if "shadow_or_glare" in tags:
            _shadow_or_glare(rng, img, corners, tags)
    # lighting gradient across the whole scene
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    gx, gy = rng.uniform(-0.25, 0.25, 2)
    light_field = 1.0 + gx * (xx / fw - 0.5) + gy * (yy / fh - 0.5)
    cxr, cyr = rng.uniform(0.2, 0.8) * fw, rng.uniform(0.2, 0.8) * fh
    vign = rng.uniform(0.0, 0.25)
    light_field -= vign * (((xx - cxr) / fw) ** 2 + ((yy - cyr) / fh) ** 2)
    img *= light_field[:, :, None] * rng.uniform(0.85, 1.05)
    img = np.clip(img, 0, 255)
    sigma = rng.choice([0.0, 0.6, 1.0, 1.5]) * min(fw, fh) / 1080.0
    if sigma > 0:
        img = cv2.GaussianBlur(img, (0, 0), float(sigma))
    img += rng.normal(0, rng.uniform(1.0, 4.0), img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    q = int(rng.integers(45, 92))
    ok, enc = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, q])
    if ok:
        out = cv2.imdecode(enc, cv2.IMREAD_COLOR)
    truth = None if corners is None else _clockwise(corners)
    return Scene(out, truth, material, bg_kind, tags, page, turns, others)


def _clockwise(c: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    centre = c.mean(axis=0)
    ang = np.arctan2(c[:, 1] - centre[1], c[:, 0] - centre[0])
    c = c[np.argsort(ang)]
    return np.roll(c, -int(np.argmin(c.sum(axis=1))), axis=0)


def generate(n: int, seed: int = 2026, size: tuple[int, int] = (1920, 1080)) -> list[Scene]:
    """The first ``n`` scenes of the set (all in memory; prefer ``iterate`` for large n)."""
    return list(iterate(n, seed, size))


def iterate(n: int, seed: int = 2026, size: tuple[int, int] = (1920, 1080)):  # type: ignore[no-untyped-def]
    """Yield the ``n`` scenes one by one."""
    plan = plan_mix(n, seed)
    for i in range(n):
        yield make_scene(i, seed, plan[i], size)
