"""Render fictional documents: text pages, forms with red seals, ID-like cards, certificates."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import qrcode
from PIL import Image, ImageDraw

from .fonts import font

# Fictional content only: invented names, places and numbers.
_PHRASES = [
    "社区服务中心办理居住证明", "申请人已如实填写以下信息", "本人承诺所提交材料真实有效",
    "经审核符合办理条件", "请于十个工作日内领取", "办理时间为周一至周五", "联系电话请见公告栏",
    "本证明仅用于申请公共服务", "复印件需加盖单位公章", "逾期未领取视为自动放弃",
    "居民委员会出具意见如下", "家庭成员情况已核实", "该户居住地址为幸福路十八号",
    "申请事项为临时救助", "根据有关规定予以受理", "材料齐全同意办理", "特此证明",
    "办理人员签字确认", "收件日期二零二六年一月", "如有疑问请咨询窗口工作人员",
    "老年人优待证申领须知", "医疗保险参保登记表", "灵活就业人员社保补贴", "计划生育服务登记",
    "残疾人两项补贴申请", "最低生活保障审批表", "邻里互助志愿服务记录", "垃圾分类宣传资料",
]
_NAMES = ["张晓明", "李文静", "王建国", "赵雨桐", "陈思远", "刘海波", "周佳怡", "吴志强"]
_TITLES = ["居住证明", "社区服务申请表", "情况说明", "临时救助申请书", "证明材料", "登记表"]


@dataclass
class Page:
    """A rendered upright document and the text printed on it (for OCR scoring)."""

    image: npt.NDArray[np.uint8]  # BGR, upright
    kind: str
    material: str
    width_mm: float
    height_mm: float
    text_lines: list[str]
    rounded_mm: float = 0.0  # corner radius (ID cards are rounded)
    has_qr: bool = False


def _to_bgr(img: Image.Image) -> npt.NDArray[np.uint8]:
    arr = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(arr[:, :, ::-1])


def _paper_colour(rng: np.random.Generator) -> tuple[int, int, int]:
    base = int(rng.integers(238, 253))
    tint = rng.integers(-4, 3, size=3)
    return tuple(int(np.clip(base + t, 0, 255)) for t in tint)  # type: ignore[return-value]


def draw_seal(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, label: str) -> None:
    """A red round official seal: ring, star and an arc of text."""
    red = (215, 30, 35)
    w = max(2, int(r * 0.06))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=w)
    star = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = r * 0.3 if k % 2 == 0 else r * 0.12
        star.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(star, fill=red)
    f = font(max(8, int(r * 0.22)))
    n = len(label)
    for i, ch in enumerate(label):
        ang = math.pi + (i + 0.5) / n * math.pi * 0.95 + math.pi * 0.025
        x = cx + r * 0.72 * math.cos(ang)
        y = cy + r * 0.72 * math.sin(ang)
        draw.text((x, y), ch, fill=red, font=f, anchor="mm")


def _qr(data: str, size: int) -> Image.Image:
    q = qrcode.QRCode(border=2, box_size=4)
    q.add_data(data)
    q.make(fit=True)
    img = q.make_image(fill_color="black", back_color="white").convert("RGB")
    return img.resize((size, size), Image.Resampling.NEAREST)


def text_page(rng: np.random.Generator, px_per_mm: float, lines: int = 14,
              seal: bool = True, table: bool = False, qr: bool = False) -> Page:
    """An A4 page: a title, body text, optionally a form table, a red seal and a QR code."""
    w, h = round(210 * px_per_mm), round(297 * px_per_mm)
    img = Image.new("RGB", (w, h), _paper_colour(rng)[::-1])
    d = ImageDraw.Draw(img)
    margin = 22 * px_per_mm
    title = str(rng.choice(_TITLES))
    d.text((w / 2, margin + 6 * px_per_mm), title, fill=(20, 20, 20),
           font=font(round(9 * px_per_mm)), anchor="mm")
    text_lines = [title]
    body = font(round(4.6 * px_per_mm))
    y = margin + 20 * px_per_mm
    step = 9.0 * px_per_mm
    if table:
        rows = 6
        x0, x1 = margin, w - margin
        for r in range(rows + 1):
            yy = y + r * step * 1.3
            d.line([(x0, yy), (x1, yy)], fill=(30, 30, 30), width=max(1, round(0.35 * px_per_mm)))
        for xx in (x0, x0 + (x1 - x0) * 0.3, x1):
            d.line([(xx, y), (xx, y + rows * step * 1.3)], fill=(30, 30, 30),
                   width=max(1, round(0.35 * px_per_mm)))
        labels = ["姓名", "住址", "联系电话", "申请事项", "经办人", "日期"]
        for r, lab in enumerate(labels):
            yy = y + (r + 0.5) * step * 1.3
            d.text((x0 + 3 * px_per_mm, yy), lab, fill=(20, 20, 20), font=body, anchor="lm")
            val = str(rng.choice(_NAMES)) if r in (0, 4) else str(rng.choice(_PHRASES))[:8]
            d.text((x0 + (x1 - x0) * 0.3 + 3 * px_per_mm, yy), val, fill=(20, 20, 20),
                   font=body, anchor="lm")
            text_lines.append(lab + val)
        y += rows * step * 1.3 + 8 * px_per_mm
        lines = max(3, lines - 8)
    for _ in range(lines):
        n = int(rng.integers(1, 3))
        line = "，".join(str(rng.choice(_PHRASES)) for _ in range(n)) + "。"
        line = line[:30]
        d.text((margin, y), line, fill=(25, 25, 25), font=body, anchor="lt")
        text_lines.append(line)
        y += step
        if y > h - margin - 40 * px_per_mm:
            break
    date = "二〇二六年一月" + str(int(rng.integers(1, 28))) + "日"
    d.text((w - margin, h - margin - 12 * px_per_mm), date, fill=(25, 25, 25), font=body,
           anchor="rm")
    text_lines.append(date)
    if qr:
        size = round(22 * px_per_mm)
        img.paste(_qr(f"KIOSK-TEST-{int(rng.integers(1e6)):06d}", size),
                  (round(margin), round(h - margin - size)))
    if seal:
        draw_seal(d, w - margin - 25 * px_per_mm, h - margin - 22 * px_per_mm, 19 * px_per_mm,
                  "幸福路社区居民委员会")
    return Page(_to_bgr(img), "form" if table else "text", "a4", 210, 297, text_lines, 0.0, qr)


def id_card(rng: np.random.Generator, px_per_mm: float) -> Page:
    """An ID-card-like fictional card (85.6 x 54 mm, rounded corners, photo on the right)."""
    w, h = round(85.6 * px_per_mm), round(54 * px_per_mm)
    base = np.array([int(rng.integers(225, 245)), int(rng.integers(228, 245)),
                     int(rng.integers(215, 240))])
    yy, xx = np.mgrid[0:h, 0:w]
    wave = (6 * np.sin(xx / (3.0 * px_per_mm) + yy / (5.0 * px_per_mm))).astype(np.float32)
    arr = np.clip(base[None, None, :] + wave[:, :, None], 0, 255).astype(np.uint8)
    img = Image.fromarray(arr)
    d = ImageDraw.Draw(img)
    f = font(round(3.0 * px_per_mm))
    name = str(rng.choice(_NAMES))
    rows = [("姓名", name), ("性别", "男" if rng.random() < 0.5 else "女"),
            ("出生", "1990年1月1日"), ("住址", "幸福路18号")]
    y = 6 * px_per_mm
    lines = []
    for lab, val in rows:
        d.text((5 * px_per_mm, y), lab, fill=(60, 90, 140), font=f, anchor="lt")
        d.text((16 * px_per_mm, y), val, fill=(20, 20, 20), font=f, anchor="lt")
        lines.append(lab + val)
        y += 7 * px_per_mm
    num = "".join(str(int(rng.integers(10))) for _ in range(18))
    d.text((30 * px_per_mm, 46 * px_per_mm), num, fill=(20, 20, 20),
           font=font(round(3.6 * px_per_mm)), anchor="lt")
    lines.append(num)
    px0, py0 = 58 * px_per_mm, 7 * px_per_mm
    d.rectangle([px0, py0, px0 + 22 * px_per_mm, py0 + 28 * px_per_mm], fill=(200, 205, 215))
    d.ellipse([px0 + 6 * px_per_mm, py0 + 5 * px_per_mm, px0 + 16 * px_per_mm,
               py0 + 17 * px_per_mm], fill=(90, 90, 100))
    d.rectangle([px0 + 3 * px_per_mm, py0 + 18 * px_per_mm, px0 + 19 * px_per_mm,
                 py0 + 28 * px_per_mm], fill=(60, 70, 90))
    return Page(_to_bgr(img), "id_card", "id_card", 85.6, 54.0, lines, 3.2)


def register_page(rng: np.random.Generator, px_per_mm: float) -> Page:
    """A household-register-like inner page (143 x 105 mm): pale paper, grid, red seal."""
    w, h = round(143 * px_per_mm), round(105 * px_per_mm)
    tint = (int(rng.integers(235, 248)), int(rng.integers(228, 242)), int(rng.integers(215, 232)))
    img = Image.new("RGB", (w, h), tint)
    d = ImageDraw.Draw(img)
    f = font(round(3.4 * px_per_mm))
    d.text((w / 2, 8 * px_per_mm), "常住人口登记卡", fill=(30, 30, 30),
           font=font(round(5 * px_per_mm)), anchor="mm")
    lines = ["常住人口登记卡"]
    x0, x1, y0 = 8 * px_per_mm, w - 8 * px_per_mm, 16 * px_per_mm
    for r in range(8):
        yy = y0 + r * 10 * px_per_mm
        d.line([(x0, yy), (x1, yy)], fill=(120, 80, 60), width=max(1, round(0.3 * px_per_mm)))
    labels = ["姓名", "户主或与户主关系", "性别", "出生地", "民族", "籍贯", "住址"]
    for r, lab in enumerate(labels):
        d.text((x0 + 2 * px_per_mm, y0 + (r + 0.5) * 10 * px_per_mm), lab, fill=(40, 40, 40),
               font=f, anchor="lm")
        lines.append(lab)
    draw_seal(d, w - 30 * px_per_mm, h - 28 * px_per_mm, 16 * px_per_mm, "幸福路派出所户口专用章")
    return Page(_to_bgr(img), "register", "household_register_page", 143, 105, lines)


def certificate(rng: np.random.Generator, px_per_mm: float) -> Page:
    """A landscape certificate (297 x 210 mm) with a decorative border and a seal."""
    w, h = round(297 * px_per_mm), round(210 * px_per_mm)
    img = Image.new("RGB", (w, h), (250, 246, 235))
    d = ImageDraw.Draw(img)
    colour = (170, 40, 40) if rng.random() < 0.5 else (40, 60, 140)
    for k in range(3):
        m = (8 + k * 2.5) * px_per_mm
        d.rectangle([m, m, w - m, h - m], outline=colour, width=max(1, round(0.8 * px_per_mm)))
    d.text((w / 2, 40 * px_per_mm), "荣誉证书", fill=colour, font=font(round(16 * px_per_mm)),
           anchor="mm")
    f = font(round(6 * px_per_mm))
    lines = ["荣誉证书"]
    name = str(rng.choice(_NAMES))
    for i, line in enumerate([f"{name}同志", "在社区志愿服务工作中表现突出", "特发此证以资鼓励"]):
        d.text((45 * px_per_mm, (80 + i * 18) * px_per_mm), line, fill=(30, 30, 30), font=f,
               anchor="lm")
        lines.append(line)
    draw_seal(d, w - 70 * px_per_mm, h - 55 * px_per_mm, 22 * px_per_mm, "幸福路社区居民委员会")
    return Page(_to_bgr(img), "certificate", "graduation_certificate", 297, 210, lines)


def random_page(rng: np.random.Generator, kind: str, px_per_mm: float) -> Page:
    """A page of the given kind with random content."""
    if kind == "id_card":
        return id_card(rng, px_per_mm)
    if kind == "register":
        return register_page(rng, px_per_mm)
    if kind == "certificate":
        return certificate(rng, px_per_mm)
    if kind == "form":
        return text_page(rng, px_per_mm, table=True, seal=True, qr=bool(rng.random() < 0.5))
    return text_page(rng, px_per_mm, seal=bool(rng.random() < 0.5))
