"""What the reader asked to see, read from and written to the URL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

FILTER_PARAMS = ("cohort", "status", "category", "region")
AS_OF_PARAM = "as_of"
FISCAL_YEAR_START_MONTH = 4  # Japanese fiscal years run April to March


@dataclass(frozen=True)
class ExploreState:
    """What the reader is looking at: a date (None = today) and the chosen values of each filter.

    An empty filter means "no filter", not "nothing".
    """

    as_of: date | None = None
    cohort: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)  # what a link held that we could not use

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: getattr(self, name) for name in FILTER_PARAMS}

    def is_filtered(self) -> bool:
        return any(self.filters().values())


# --- URL state ------------------------------------------------------------------------------


def parse_date(text: object) -> date | None:
    """A YYYY-MM-DD date from a URL, or None if it is missing or not a calendar date."""
    try:
        return date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return None


def parse_state(params: Mapping[str, object], allowed: Mapping[str, Iterable[str]]) -> ExploreState:
    """The view a link asks for. `allowed` maps each filter name to its known keys; others are dropped."""
    problems: list[str] = []
    raw_date = params.get(AS_OF_PARAM)
    as_of = parse_date(raw_date)
    if raw_date and as_of is None:
        problems.append(f"{AS_OF_PARAM}={raw_date}")
    chosen: dict[str, tuple[str, ...]] = {}
    for name in FILTER_PARAMS:
        known = set(allowed.get(name, ()))
        values = _split(params.get(name))
        chosen[name] = tuple(value for value in values if value in known)
        problems += [f"{name}={value}" for value in values if value not in known]
    return ExploreState(as_of=as_of, problems=tuple(problems), **chosen)


def state_to_params(state: ExploreState, today: date) -> dict[str, str]:
    """The URL parameters for a view; today's date and empty filters are left out to keep links short."""
    params: dict[str, str] = {}
    if state.as_of is not None and state.as_of != today:
        params[AS_OF_PARAM] = state.as_of.isoformat()
    for name, values in state.filters().items():
        if values:
            params[name] = ",".join(values)
    return params


def _split(value: object) -> list[str]:
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    return list(dict.fromkeys(part.strip() for part in parts if str(part).strip()))
