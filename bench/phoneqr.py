"""Generated phone-screen QR photos: a code shown on a phone, seen by the simulated camera.

A resident holds an e-ID or a receipt's code on a phone up to the kiosk camera. What a
printed code does not have, and each frame gets a seeded draw of:

- **the screen itself**: every screen pixel is an RGB stripe triad with a dark gap
  (LCD) or a sparse pentile-like dot pattern (OLED), lit by a backlight of its own
  gain and tint, with a raised black level on LCDs;
- **moiré**: the sub-pixel pattern is resampled straight to the camera's pixels with
  bilinear interpolation and no low-pass filter, as a sensor without an anti-alias
  filter does, so the pixel grid beats against the sensor grid;
- **glare**: a bright elliptical blob from a lamp reflected in the glass (sometimes
  clipping);
- **tilt and size**: the phone rotated ±35° in the image plane and tilted out of it
  (perspective), its screen covering 14–45 % of the frame width, so a module ends up
  anywhere from about 1.5 to 9 camera pixels;
- **the camera** (`devices.camera.simulator.distort`): lamp gradient and gain, then
  defocus blur, sensor noise and JPEG re-encoding.

Run ``python -m bench.phoneqr --seed 7 --index 3 --out DIR`` to save frames as PNG.
Everything is rendered from ``(seed, index)``; nothing is committed as images.
"""

from __future__ import annotations

import argparse
import string
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from devices.camera.simulator import distort
from kiosk.base.qr import qr_matrix

FRAME_SIZES = ((1280, 720), (1920, 1080))
SUB = 3  # each screen pixel is drawn as SUB × SUB sub-pixel cells
SENSOR = 2  # the phone is sampled at SENSOR × SENSOR points per camera pixel
_HANZI = "居民服务办理社保医保户籍证明查询预约电子身份证码街道社区便民中心"


@dataclass(frozen=True)
class PhoneShot:
    """One generated frame, the payload shown in it and what was drawn."""

    image: np.ndarray  # BGR camera frame
    payload: str
    module_px: float  # average size of a QR module in the frame, camera pixels
    tags: tuple[str, ...]  # "lcd"/"oled", "glare", "strong_glare", "tilted", "small"


def _payload(rng: np.random.Generator) -> str:
    """An e-ID token, a tracking URL or a short Chinese notice (fictional)."""
    kind = int(rng.integers(0, 3))
    alphabet = string.ascii_letters + string.digits + "-_"
    if kind == 0:
        sig = "".join(rng.choice(list(alphabet), size=43))
        return f"EID1:R{int(rng.integers(1, 241)):04d}:{sig}"
    if kind == 1:
        code = "".join(rng.choice(list(string.ascii_uppercase + string.digits), size=12))
        return f"https://track.example.invalid/t/{code}"
    text = "".join(rng.choice(list(_HANZI), size=int(rng.integers(6, 20))))
    return f"通知:{text}"


def _screen(rng: np.random.Generator, payload: str) -> tuple[np.ndarray, int, tuple[int, int]]:
    """The screen's logical pixels (BGR) with the code drawn in, its module size and origin."""
    modules = np.array(qr_matrix(payload), dtype=bool)
    n = modules.shape[0]
    module = int(rng.integers(3, 8))  # screen pixels per module
    width = max(int(rng.integers(300, 460)), (n + 8) * module + 20)
    height = int(width * rng.uniform(1.9, 2.2))
    header = np.array([rng.integers(120, 200), rng.integers(150, 210), rng.integers(30, 90)])
    screen = np.empty((height, width, 3), dtype=np.uint8)
    screen[:] = (242, 242, 242)
    screen[: height // 6] = header.astype(np.uint8)  # an app's coloured title bar
    code = np.where(modules, 0, 255).astype(np.uint8)
    code = np.kron(code, np.ones((module, module), dtype=np.uint8))
    side = code.shape[0] + 8 * module  # four-module quiet zone on the white card
    x0 = (width - side) // 2
    y0 = height // 6 + int(rng.integers(10, max(11, height // 2 - side)))
    screen[y0:y0 + side, x0:x0 + side] = 255
    screen[y0 + 4 * module:y0 + 4 * module + code.shape[0],
           x0 + 4 * module:x0 + 4 * module + code.shape[0]] = code[:, :, None]
    return screen, module, (x0 + 4 * module, y0 + 4 * module)


def _subpixels(rng: np.random.Generator, screen: np.ndarray, lcd: bool) -> np.ndarray:
    """The lit screen as sub-pixel cells (float BGR, 0–1): stripes or dots, gaps, backlight."""
    h, w = screen.shape[:2]
    lit = screen.astype(np.float32) / 255.0
    up = np.repeat(np.repeat(lit, SUB, axis=0), SUB, axis=1)
    # Each channel's cells average 1 over a pixel, so a white pixel keeps its brightness
    # once the camera integrates over it; the cells themselves are much brighter.
    mask = np.zeros((SUB, SUB, 3), dtype=np.float32)
    if lcd:
        for channel, column in ((2, 0), (1, 1), (0, 2)):  # R, G, B stripes (BGR order)
            mask[: SUB - 1, column, channel] = SUB * SUB / (SUB - 1)  # last row: black matrix
    else:
        mask[0, 0, 2] = mask[0, 2, 0] = 9.0  # one red and one blue dot, two green
        mask[1, 1, 1] = mask[2, 1, 1] = 4.5
    black = rng.uniform(0.03, 0.10) if lcd else 0.0
    up = (black + (1 - black) * up) * np.tile(mask, (h, w, 1))
    gain = rng.uniform(0.7, 1.05)  # backlight level against the camera's exposure
    tint = np.array([rng.uniform(1.0, 1.12), 1.0, rng.uniform(0.86, 1.0)], dtype=np.float32)
    return up * gain * tint


def render(seed: int, index: int) -> PhoneShot:
    """Frame ``index`` of the set ``seed``."""
    rng = np.random.default_rng([seed, index, 0x9E3779B1])
    payload = _payload(rng)
    lcd = bool(rng.random() < 0.5)
    screen, module, origin = _screen(rng, payload)
    cells = _subpixels(rng, screen, lcd)
    sh, sw = cells.shape[:2]
    bezel = int(0.06 * sw)  # in sub-pixel cells, like everything drawn on ``phone``
    phone = np.zeros((sh + 2 * bezel, sw + 2 * bezel, 3), dtype=np.float32)
    phone[:] = rng.uniform(0.02, 0.12)
    phone[bezel:bezel + sh, bezel:bezel + sw] = cells

    fw, fh = FRAME_SIZES[int(rng.integers(0, len(FRAME_SIZES)))]
    cover = rng.uniform(0.14, 0.45)  # screen width / frame width
    # A code bigger than 80 % of the frame's height is not something a resident would show.
    code_px = (len(qr_matrix(payload)) + 8) * module * SUB * cover * fw / cells.shape[1]
    cover *= min(1.0, 0.8 * fh / code_px)
    scale = cover * fw / sw
    angle = np.deg2rad(rng.uniform(-35, 35))
    ph, pw = phone.shape[:2]
    corners = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], dtype=np.float32)
    centre = corners.mean(axis=0)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    # Out-of-plane tilt: one pair of opposite sides shortened (a phone held at an angle).
    tilt = rng.uniform(0.0, 0.22)
    shrink = np.ones(4)
    if rng.random() < 0.5:
        shrink[[0, 1] if rng.random() < 0.5 else [2, 3]] -= tilt  # top or bottom side
        axis = 0
    else:
        shrink[[1, 2] if rng.random() < 0.5 else [0, 3]] -= tilt  # right or left side
        axis = 1
    rel = corners - centre
    rel[:, axis] *= shrink
    dst = (rel @ rot.T) * scale
    # The code (with its quiet zone) lands wholly inside the frame, anywhere: the resident
    # aims the code, not the phone, which may run out of the picture.
    code_side = len(qr_matrix(payload)) * module
    quiet = 4 * module
    code_box = np.array([[origin[0] - quiet, origin[1] - quiet],
                         [origin[0] + code_side + quiet, origin[1] - quiet],
                         [origin[0] + code_side + quiet, origin[1] + code_side + quiet],
                         [origin[0] - quiet, origin[1] + code_side + quiet]],
                        dtype=np.float32) * SUB + bezel
    code_centre = code_box.mean(axis=0)
    matrix = cv2.getPerspectiveTransform(corners, dst.astype(np.float32))
    landed = cv2.perspectiveTransform(code_box.reshape(-1, 1, 2), matrix).reshape(-1, 2)
    low, high = -landed.min(axis=0), np.array([fw, fh]) - landed.max(axis=0)
    shift = np.array([rng.uniform(low[0], max(low[0], high[0])),
                      rng.uniform(low[1], max(low[1], high[1]))])
    dst = dst + shift
    matrix = cv2.getPerspectiveTransform(corners, dst.astype(np.float32))

    background = np.empty((fh, fw, 3), dtype=np.float32)
    background[:] = rng.uniform(0.25, 0.75, size=3)
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    background *= (0.8 + 0.2 * np.sin(xx / rng.uniform(40, 200) + rng.uniform(0, 6)))[..., None]
    # The phone's box in the frame is rendered at SENSOR× the frame's resolution with bilinear
    # sampling and no low-pass filter, then area-averaged: a sensor pixel integrates over its
    # own area only, so the sub-pixel grid still aliases into moiré, as on a real camera.
    x0, y0 = np.floor(dst.min(axis=0)).astype(int)
    x1, y1 = np.minimum(np.ceil(dst.max(axis=0)).astype(int) + 1, (fw, fh))
    x0, y0 = max(x0, 0), max(y0, 0)
    to_box = np.array([[SENSOR, 0, -SENSOR * x0], [0, SENSOR, -SENSOR * y0], [0, 0, 1]])
    fine = cv2.warpPerspective(phone, to_box @ matrix, (SENSOR * (x1 - x0), SENSOR * (y1 - y0)),
                               flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=(-1, -1, -1))
    box = cv2.resize(fine, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    coverage = cv2.resize((fine[..., 0] >= 0).astype(np.float32), (x1 - x0, y1 - y0),
                          interpolation=cv2.INTER_AREA)[..., None]
    frame = background
    frame[y0:y1, x0:x1] = (coverage * np.maximum(box, 0)
                           + (1 - coverage) * frame[y0:y1, x0:x1])

    tags = ["lcd" if lcd else "oled"]
    if rng.random() < 0.6:
        # Glare: a lamp's reflection in the glass, somewhere over the screen.
        # Centred near the code half of the time (a glare elsewhere harms nothing).
        near = rng.random() < 0.5
        sx = (code_centre[0] + rng.normal(0, code_side * SUB / 3) if near
              else rng.uniform(0.15, 0.85) * sw * SUB)
        sy = (code_centre[1] + rng.normal(0, code_side * SUB / 3) if near
              else rng.uniform(0.2, 0.8) * sh * SUB)
        gx, gy = cv2.perspectiveTransform(np.array([[[sx, sy]]], dtype=np.float32),
                                          matrix)[0, 0]
        radius = rng.uniform(0.06, 0.2) * cover * fw
        strength = rng.uniform(0.25, 1.1)
        glow = np.exp(-(((xx - gx) / radius) ** 2 + ((yy - gy) / (radius * rng.uniform(0.4, 1)))
                        ** 2))
        frame = frame + strength * glow[..., None]
        tags.append("strong_glare" if strength > 0.7 else "glare")
    if tilt > 0.12 or abs(angle) > np.deg2rad(25):
        tags.append("tilted")
    module_px = module * SUB * scale * (1 - tilt / 2)
    if module_px < 2.5:
        tags.append("small")

    image = np.clip(frame * 255.0, 0, 255).astype(np.uint8)
    image = distort(image, blur=float(rng.choice([0.0, 0.5, 0.8, 1.2])),
                    brightness=float(rng.uniform(0.8, 1.15)),
                    gradient=float(rng.uniform(0.0, 0.3)))
    noise = rng.normal(0.0, rng.uniform(1.5, 5.0), image.shape)
    image = np.clip(image.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 92))])
    assert ok
    image = np.asarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), dtype=np.uint8)
    return PhoneShot(image, payload, round(float(module_px), 2), tuple(tags))


def main(argv: list[str] | None = None) -> int:
    """Save frames of a set as PNG (payload and tags in the file name's JSON sidecar)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index", type=int, action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for index in args.index:
        shot = render(args.seed, index)
        path = args.out / f"phoneqr-{args.seed}-{index}.png"
        cv2.imwrite(str(path), shot.image)
        print(path, shot.module_px, ",".join(shot.tags), shot.payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
