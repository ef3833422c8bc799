"""The Programme page's charts as Altair specifications: frames in, charts out, no Streamlit.

Altair only writes Vega-Lite JSON; Streamlit ships the Vega renderer, so nothing is fetched.
Every label arrives already in the reader's language from the caller, through the i18n catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from osa_map.data.budget import FINAL_STAGES
from osa_map.i18n import Language, format_date, format_yen, t

FINAL_COLOUR = "#0072B2"  # Okabe-Ito blue: the budget the Diet passed
PROPOSED_COLOUR = "#56B4E9"  # Okabe-Ito sky blue: requests and proposals, which may still change


# Sizes that stay legible on a 1280x720 screen share: bars and rows thick enough to tell apart.
MIN_CHART_HEIGHT_PX = 220
TOTALS_ROW_PX = 56
TOTALS_FURNITURE_PX = 72  # the title and the yen axis: Streamlit fits the whole chart in its height
TIMELINE_ROW_PX = 44


def yen_in_units(amount: int, lang: Language) -> float:
    """Billions of yen in English, 億円 (10^8 yen) in Japanese, as each press writes budgets."""
    return amount / (1e8 if lang == "ja" else 1e9)


def budget_frame(budget: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """One row per fiscal year, with the values and labels the budget chart draws."""
    return pd.DataFrame(
        {
            "year": [t("explore.fiscal_year_button", lang, year=year) for year in budget["fiscal_year"]],
            "amount": [yen_in_units(int(amount), lang) for amount in budget["amount_jpy"]],
            "label": [
                format_yen(int(amount), lang, bool(approx))
                for amount, approx in zip(budget["amount_jpy"], budget["amount_approx"], strict=True)
            ],
            "stage": [t(f"explore.stage.{stage}", lang) for stage in budget["stage"]],
            "final": [stage in FINAL_STAGES for stage in budget["stage"]],
            "note": list(budget["note"]),
            "source": list(budget["source_title"]),
            "confidence": list(budget["confidence"]),
        }
    )


def budget_chart(frame: pd.DataFrame, lang: Language) -> alt.LayerChart:
    """Bars by fiscal year; proposals lighter and outlined dashed so they never pass for budgets."""
    stages = list(dict.fromkeys(frame["stage"]))
    final_stages = list(dict.fromkeys(frame.loc[frame["final"], "stage"]))
    colours = [FINAL_COLOUR if stage in final_stages else PROPOSED_COLOUR for stage in stages]
    base = alt.Chart(frame).encode(
        x=alt.X("year:N", title=t("explore.chart.fiscal_year", lang), sort=None, axis=alt.Axis(labelAngle=0)),
        # The unit heads the chart, level: a rotated "億円" reads sideways and ran off the left edge.
        y=alt.Y("amount:Q", title=None),
    )
    bars = base.mark_bar(stroke="#333333").encode(
        color=alt.Color(
            "stage:N",
            title=t("explore.chart.stage", lang),
            scale=alt.Scale(domain=stages, range=colours),
            legend=alt.Legend(orient="top"),
        ),
        strokeDash=alt.condition("datum.final", alt.value([1, 0]), alt.value([4, 3])),
        tooltip=[
            alt.Tooltip("year:N", title=t("explore.chart.fiscal_year", lang)),
            alt.Tooltip("label:N", title=t("explore.chart.amount", lang)),
            alt.Tooltip("stage:N", title=t("explore.chart.stage", lang)),
            alt.Tooltip("confidence:N", title=t("explore.col.confidence", lang)),
            alt.Tooltip("source:N", title=t("explore.col.source_title", lang)),
            alt.Tooltip("note:N", title=t("explore.col.notes", lang)),
        ],
    )
    labels = base.mark_text(dy=-8, fontWeight="bold").encode(text="label:N")
    unit = alt.TitleParams(t("explore.chart.billion_yen", lang), anchor="start", fontSize=12, fontWeight="normal")
    return alt.layer(bars, labels).properties(title=unit, height=360)


def totals_chart(totals: pd.DataFrame, group_title: str, lang: Language) -> alt.Chart:
    """Horizontal bars of yen per group; `totals` as explore.yen_totals returns, `group` already labelled."""
    frame = totals.assign(
        amount=[yen_in_units(int(amount), lang) for amount in totals["amount_jpy"]],
        label=[format_yen(int(amount), lang) for amount in totals["amount_jpy"]],
    )
    return (
        alt.Chart(frame)
        .mark_bar(color=FINAL_COLOUR)
        .encode(
            # Every label, whole (labelLimit 0), never thinned out; rows tall enough to read on a
            # 1280x720 share in either language.
            # The group's name heads the chart: a rotated axis title beside long Japanese labels
            # printed over them.
            y=alt.Y("group:N", title=None, sort="-x", axis=alt.Axis(labelLimit=0, labelOverlap=False)),
            x=alt.X("amount:Q", title=t("explore.chart.billion_yen", lang), axis=alt.Axis(tickCount=5)),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("label:N", title=t("explore.chart.amount", lang)),
                alt.Tooltip("packages:Q", title=t("explore.chart.packages", lang)),
            ],
        )
        .properties(
            title=alt.TitleParams(group_title, anchor="start", fontSize=14),
            height=max(MIN_CHART_HEIGHT_PX, TOTALS_FURNITURE_PX + TOTALS_ROW_PX * len(frame)),
        )
    )


def notes_timeline_frame(
    packages: pd.DataFrame, names: Mapping[str, str], category_labels: Mapping[str, str], lang: Language
) -> pd.DataFrame:
    """One row per dated exchange of notes, with what the timeline draws (undated ones are left out)."""
    dated = packages[packages["notes_date"].notna()]  # a mask, so no packages at all still has columns
    return pd.DataFrame(
        {
            "date": pd.to_datetime([value.isoformat() for value in dated["notes_date"]]),
            "date_label": [format_date(value, lang) for value in dated["notes_date"]],
            "country": [names.get(iso3, iso3) for iso3 in dated["iso3"]],
            "category": [category_labels.get(value, value) for value in dated["category"]],
            "amount": [yen_in_units(int(value), lang) if value is not None else 0.0 for value in dated["amount_jpy"]],
            "label": [
                format_yen(value if value is None else int(value), lang, bool(approx))
                for value, approx in zip(dated["amount_jpy"], dated["amount_approx"], strict=True)
            ],
            "equipment": list(dated["equipment"]),
        }
    )


def notes_timeline_chart(frame: pd.DataFrame, lang: Language) -> alt.Chart:
    """Exchanges of notes on a time axis, one row per country, points sized by yen and coloured by equipment."""
    return (
        alt.Chart(frame)
        .mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "date:T",
                title=t("explore.chart.date", lang),
                axis=alt.Axis(format="%Y-%m", tickCount={"interval": "month", "step": 3}, labelOverlap="greedy"),
            ),
            y=alt.Y(
                "country:N",
                title=None,
                sort=alt.EncodingSortField("date", op="min"),
                axis=alt.Axis(labelLimit=0, labelOverlap=False),  # one label per country, whole
            ),
            # Every category's name whole, two to a row: one row cut them short and overprinted them.
            color=alt.Color(
                "category:N",
                title=t("explore.col.category", lang),
                legend=alt.Legend(orient="top", columns=2, labelLimit=0, columnPadding=24),
            ),
            size=alt.Size("amount:Q", legend=None, scale=alt.Scale(range=[80, 900])),
            tooltip=[
                alt.Tooltip("country:N", title=t("explore.col.country", lang)),
                alt.Tooltip("date_label:N", title=t("explore.chart.date", lang)),
                alt.Tooltip("label:N", title=t("explore.chart.amount", lang)),
                alt.Tooltip("equipment:N", title=t("explore.col.equipment", lang)),
            ],
        )
        .properties(height=max(MIN_CHART_HEIGHT_PX, TIMELINE_ROW_PX * frame["country"].nunique()))
    )
