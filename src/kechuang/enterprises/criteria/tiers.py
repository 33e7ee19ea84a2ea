"""Tier keys (criteria.md Part 1) and their Chinese names, in the order of the cultivation ladder."""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    """Marks a label for the translation catalogue without translating it here (no Django in the engine)."""
    return text


TIERS: dict[str, str] = {
    "tech_sme": gettext_noop("科技型中小企业"),
    "high_tech": gettext_noop("高新技术企业"),
    "innovative_sme": gettext_noop("创新型中小企业"),
    "specialized_sme": gettext_noop("专精特新中小企业"),
    "little_giant": gettext_noop("专精特新“小巨人”企业"),
    "gazelle": gettext_noop("瞪羚企业"),
    "potential_unicorn": gettext_noop("潜在独角兽企业"),
    "unicorn": gettext_noop("独角兽企业"),
}
