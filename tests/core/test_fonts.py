from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured

from kechuang.core import fonts


@pytest.fixture(autouse=True)
def fresh_cache():
    fonts.cjk_font_path.cache_clear()
    yield
    fonts.cjk_font_path.cache_clear()


def test_it_finds_a_font_that_has_chinese_glyphs():
    assert fonts.covers_chinese(fonts.cjk_font_path())


def test_it_rejects_a_configured_font_without_chinese(settings):
    from matplotlib import get_data_path

    settings.KECHUANG_CJK_FONT = f"{get_data_path()}/fonts/ttf/DejaVuSans.ttf"
    with pytest.raises(ImproperlyConfigured, match="不含中文字形"):
        fonts.cjk_font_path()


def test_it_draws_chinese_text_as_glyphs_not_boxes():
    """Two different characters must render differently; missing glyphs all render as the same box."""
    fonts.use_cjk_font_in_matplotlib.cache_clear()
    fonts.use_cjk_font_in_matplotlib()
    import numpy as np
    from matplotlib.figure import Figure

    def render(text: str):
        figure = Figure(figsize=(1, 1), dpi=50)
        figure.text(0.1, 0.3, text, fontsize=30)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        from matplotlib.image import imread

        buffer.seek(0)
        return imread(buffer)

    first, second = render("规"), render("划")
    assert not np.array_equal(first, second)
    assert (first < 0.5).any()
