"""Finding a font with Chinese glyphs for charts drawn on the server (Word reports).

Without one, matplotlib draws every Chinese character as an empty box. The font comes from the
`CJK_FONT` setting, else from the usual system locations (Debian's fonts-wqy-microhei or
fonts-noto-cjk, installed by `python3 dev.py test` when run as root), else from any installed font
that covers common Chinese characters.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

KNOWN_LOCATIONS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
PROBE = "规划指标科技创新年度报告"


def covers_chinese(path: str | Path) -> bool:
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(str(path))
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(char)) for char in PROBE)


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    configured = settings.KECHUANG_CJK_FONT
    if configured:
        if not covers_chinese(configured):
            raise ImproperlyConfigured(_("CJK_FONT=%(path)s 不存在或不含中文字形。") % {"path": configured})
        return Path(configured)
    for location in KNOWN_LOCATIONS:
        if Path(location).exists() and covers_chinese(location):
            return Path(location)
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if covers_chinese(entry.fname):
            return Path(entry.fname)
    raise ImproperlyConfigured(
        _("未找到中文字体：请安装 fonts-wqy-microhei 或 fonts-noto-cjk，或用 CJK_FONT 指定字体文件路径。")
    )


@lru_cache(maxsize=1)
def use_cjk_font_in_matplotlib() -> str:
    """Register the font with matplotlib and make it the default family; returns the family name."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    rcParams["font.family"] = [name, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    return name
