"""Resident-facing message keys of the document pipeline, in both kiosk languages."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "document.not_found": {
        "zh_CN": "没有找到材料，请把材料平放在拍摄区域内",
        "en_US": "No document found. Lay the document flat in the camera area.",
    },
    "document.too_blurry": {
        "zh_CN": "画面模糊，请保持材料不动，稍等对焦",
        "en_US": "The image is blurry. Hold still and let the camera focus.",
    },
    "document.glare": {
        "zh_CN": "材料上有反光，请调整角度或移开光源",
        "en_US": "There is glare on the document. Tilt it or move away from the light.",
    },
    "document.too_small": {
        "zh_CN": "材料太小或太远，请放近一些",
        "en_US": "The document is too small or too far away. Move it closer.",
    },
    "document.cut_off": {
        "zh_CN": "材料没有完整拍到，请把整张材料放进框内",
        "en_US": "Part of the document is cut off. Put the whole document inside the frame.",
    },
    "document.too_skewed": {
        "zh_CN": "材料倾斜太大，请放平放正",
        "en_US": "The document is tilted too much. Lay it flat and straight.",
    },
    "document.moving": {
        "zh_CN": "请保持材料不动",
        "en_US": "Please keep the document still.",
    },
    "document.too_dark": {
        "zh_CN": "光线太暗，请打开补光灯或换到明亮处",
        "en_US": "It is too dark. Turn on the light or move somewhere brighter.",
    },
    "document.wrong_material": {
        "zh_CN": "材料尺寸与所需材料不符，请确认放的是正确的材料",
        "en_US": "This does not look like the requested document. Check you placed the right one.",
    },
    "document.unreadable_image": {
        "zh_CN": "无法读取图像，请重试",
        "en_US": "The image could not be read. Please try again.",
    },
    "document.ready": {
        "zh_CN": "请保持不动，正在拍摄",
        "en_US": "Hold still, capturing now.",
    },
}


def text(key: str, locale: str = "zh_CN") -> str:
    """The message for ``key`` in ``locale``, falling back to Chinese, then the key."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(locale) or entry.get("zh_CN") or key
