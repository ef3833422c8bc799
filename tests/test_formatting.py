from datetime import date

from osa_map.data.schema import parse_fiscal_years
from osa_map.i18n import format_date, format_yen
from osa_map.render.text import escape_markdown


def test_yen_reads_like_a_briefing():
    assert format_yen(600_000_000, "en") == "¥600 million"
    assert format_yen(1_600_000_000, "en") == "¥1.6 billion"
    assert format_yen(1_000_000_000, "en", approximate=True) == "about ¥1 billion"
    assert format_yen(None, "en") == "amount not reported"


def test_dates_are_unambiguous():
    assert format_date(date(2023, 11, 3), "en") == "3 Nov 2023"
    assert format_date(None, "en") == "date not confirmed"


def test_markdown_escaping_neutralises_syntax_and_html():
    escaped = escape_markdown("<script>alert(1)</script> **bold** [x](javascript:y)")
    assert "<script>" not in escaped
    assert "**" not in escaped
    assert "](" not in escaped


def test_fiscal_years():
    assert parse_fiscal_years("2023;2024") == (2023, 2024)
    assert parse_fiscal_years("") == ()
