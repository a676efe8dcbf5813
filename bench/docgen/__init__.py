"""Seeded evaluation-set generator for the document pipeline (see README.md)."""

from .pages import Page, id_card, random_page, register_page, text_page
from .scenes import MIX, Scene, background, generate, iterate, make_scene, plan_mix

__all__ = [
    "MIX", "Page", "Scene", "background", "generate", "id_card", "iterate", "make_scene",
    "plan_mix", "random_page", "register_page", "text_page",
]
