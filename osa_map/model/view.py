"""What the reader asked to see: one immutable View, read from the URL and written back to it.

Every URL value is parsed here and nowhere else, so a hostile or stale link meets one set of rules:

    ?as_of=2024-03-31&cohort=fy2024_25,prospective&region=melanesia&country=FJI&lang=ja&present=1&step=5

Every parameter is optional. `as_of` absent means today; filters absent mean everything (values
are comma-separated keys, or the same key repeated); `step` is the tour's 1-based step, or a
country's ISO3 code or a cohort key. Unknown values are dropped and named in `problems`, never
fatal, so a link from an older release still opens. Only ASCII is accepted where a code or a
number is expected: "２" is not a step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from osa_map.i18n import LANGUAGES, Language

FILTER_PARAMS = ("cohort", "status", "category", "region")
AS_OF_PARAM = "as_of"
VIEW_PARAMS = (AS_OF_PARAM, *FILTER_PARAMS, "country", "step", "lang", "present")
MAX_VALUE_LENGTH = 200  # longer than any real value; a longer one is not looked at
_ISO3 = re.compile(r"[A-Z]{3}")
_STEP = re.compile(r"[0-9]{1,4}|[A-Za-z]{3}|[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class View:
    """Date, filters, country, tour step, language and presentation: everything the screen shows
    depends on this value (and the data), and a link carries all of it.

    An empty filter means "no filter", not "nothing". `as_of` None means today.
    """

    as_of: date | None = None
    cohort: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    country: str | None = None
    step: str | None = None  # as the link gave it; the Snapshot resolves it against the tour
    lang: Language = "en"
    present: bool = False
    problems: tuple[str, ...] = field(default=(), compare=False)  # what a link held that we could not use

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: getattr(self, name) for name in FILTER_PARAMS}

    def is_filtered(self) -> bool:
        return any(self.filters().values())

    def date_on(self, today: date) -> date:
        """The date the screen shows: the chosen one, else today."""
        return self.as_of or today

    def with_changes(self, **changes: object) -> View:
        """A new view; problems belong to the link that was read, not to the views made from it."""
        return replace(self, problems=(), **changes)

    def without_filters(self) -> View:
        return self.with_changes(**{name: () for name in FILTER_PARAMS})


def parse_date(text: object) -> date | None:
    """A YYYY-MM-DD date from a URL, or None if it is missing or not a calendar date."""
    text = str(text or "").strip()
    if not text or not text.isascii():
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def view_from_params(params: Mapping[str, object], allowed: Mapping[str, Iterable[str]]) -> View:
    """The view a link asks for.

    `params` maps a name to a string or a list of strings (a repeated parameter). `allowed` maps
    each filter name, and "country", to the keys the data knows; other values are dropped.
    """
    problems: list[str] = []

    def single(name: str) -> str:
        value = params.get(name)
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        text = str(value or "").strip()
        if len(text) > MAX_VALUE_LENGTH:
            problems.append(f"{name}=…")
            return ""
        return text

    raw_date = single(AS_OF_PARAM)
    as_of = parse_date(raw_date)
    if raw_date and as_of is None:
        problems.append(f"{AS_OF_PARAM}={raw_date}")
    chosen: dict[str, tuple[str, ...]] = {}
    for name in FILTER_PARAMS:
        known = set(allowed.get(name, ()))
        values = _split(params.get(name))
        chosen[name] = tuple(value for value in values if value in known)
        problems += [f"{name}={value[:40]}" for value in values if value not in known]

    country = single("country").upper() or None
    if country and not (_ISO3.fullmatch(country) and country in set(allowed.get("country", ()))):
        problems.append(f"country={country[:40]}")
        country = None
    step = single("step") or None
    if step and not _STEP.fullmatch(step):
        problems.append(f"step={step[:40]}")
        step = None
    lang_text = single("lang")
    lang: Language = lang_text if lang_text in LANGUAGES else "en"  # type: ignore[assignment]
    present = single("present").lower() in ("1", "true", "yes")
    return View(
        as_of=as_of, country=country, step=step if present else None, lang=lang, present=present,
        problems=tuple(problems), **chosen,
    )  # fmt: skip


def view_to_params(view: View, today: date) -> dict[str, str]:
    """The URL parameters for a view; defaults are left out to keep links short."""
    params: dict[str, str] = {}
    if view.as_of is not None and view.as_of != today:
        params[AS_OF_PARAM] = view.as_of.isoformat()
    for name, values in view.filters().items():
        if values:
            params[name] = ",".join(values)
    if view.country:
        params["country"] = view.country
    if view.lang != "en":
        params["lang"] = view.lang
    if view.present:
        params["present"] = "1"
        if view.step:
            params["step"] = view.step
    return params


def link_to_country(view: View, iso3: str, as_of: date, today: date) -> str:
    """A link, relative to any page of the app, that opens the map on `iso3` at `as_of` with the
    view's filters and language: what a country's name leads to in a table."""
    target = view.with_changes(country=iso3, as_of=as_of, present=False, step=None)
    return "./?" + urlencode(view_to_params(target, today) | {AS_OF_PARAM: as_of.isoformat()})


def _split(value: object) -> list[str]:
    """Comma-separated values, or a repeated parameter's list, each stripped, duplicates dropped."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else [value]
    pieces = [piece.strip() for part in parts for piece in str(part)[:MAX_VALUE_LENGTH].split(",")]
    return list(dict.fromkeys(piece for piece in pieces if piece))
