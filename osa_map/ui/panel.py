"""The country panel and what it shows before a choice. Every CSV value is escaped."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from osa_map.data.colours import readable_text_colour
from osa_map.i18n import Language, confidence_label, country_name, fiscal_years, format_date, t, tn
from osa_map.model.citation import citation_bibtex, citation_text
from osa_map.model.details import CountryDetails, Source
from osa_map.model.snapshot import Snapshot
from osa_map.model.view import AS_OF_PARAM, view_to_params
from osa_map.render.text import escape_markdown, markdown_link
from osa_map.ui import a11y


def source_markdown(source: Source, lang: Language = "en") -> str:
    """A source as a markdown link, with who published it (government, press or other)."""
    kind = f" · *{t(f'source_kind.by_{source.kind}', lang)}*" if source.kind else ""
    if source.url:
        return f"{markdown_link(source.title, source.url)}{kind}"
    return f"{escape_markdown(source.title)} {t('panel.link_not_verified', lang)}{kind}"


def cohort_chip(label: str, colour: str) -> str:
    """A coloured cohort badge; colour is validated #RRGGBB, label is escaped.

    Drawn with st.html, not st.markdown(unsafe_allow_html=True): HTML inside markdown makes the
    browser load a 190 KB parser before the page can finish (docs/performance.md).
    """
    text = readable_text_colour(colour)
    return (
        f'<span style="background:{colour};color:{text};padding:2px 10px;border-radius:12px;'
        f'font-weight:600">{html.escape(label)}</span>'
    )


def country_panel(details: CountryDetails, lang: Language = "en") -> None:
    """The side panel for one country. Every CSV value is escaped before it is drawn.

    `details` should come from country_details(..., lang) so its status, cohort and yen match.
    """
    name = country_name(details.iso3, lang, details.name)
    st.subheader(escape_markdown(name), anchor=False)  # a name from the ledger is text, never markdown
    if not details.is_recipient:
        st.info(
            t("panel.not_recipient", lang, name=escape_markdown(name), date=format_date(details.as_of, lang)),
            icon=":material/info:",
        )
        return

    st.html(cohort_chip(details.cohort_label, details.cohort_colour))
    facts = [
        (t("panel.status", lang), details.status_label),
        (t("panel.fiscal_years", lang), fiscal_years(list(details.fiscal_years), lang)),
        (t("panel.confidence", lang), confidence_label(details.confidence, lang) or t("panel.not_stated", lang)),
    ]
    st.markdown("  \n".join(f"**{label}:** {escape_markdown(value)}" for label, value in facts))
    if details.summary:
        st.markdown(escape_markdown(details.summary))
    if details.notes:
        st.caption(t("panel.note", lang, note=escape_markdown(details.notes)))

    st.markdown(f"#### {t('panel.packages', lang)}")
    if not details.packages:
        st.caption(t("panel.no_packages", lang))
    for package in details.packages:
        when = format_date(package.notes_date, lang) + (f", {package.notes_place}" if package.notes_place else "")
        lines = [
            f"**{t('fy', lang, year=package.fiscal_year)} · {escape_markdown(package.amount)}**",
            escape_markdown(package.equipment),
            " · ".join(
                escape_markdown(part)
                for part in (
                    package.recipient_unit,
                    t("panel.notes_exchanged", lang, when=when),
                    confidence_label(package.confidence, lang),
                )
                if part
            ),
        ]
        if package.notes:
            lines.append(f"*{escape_markdown(package.notes)}*")
        st.markdown("  \n".join(lines))

    st.markdown(f"#### {t('panel.sources', lang)}")
    st.markdown(
        "\n".join(f"- {source_markdown(source, lang)}" for source in details.sources) or t("panel.no_sources", lang)
    )
    reviewed = format_date(details.last_reviewed, lang) if details.last_reviewed else t("panel.not_recorded", lang)
    st.caption(t("panel.entry_dated", lang, updated=format_date(details.updated, lang), reviewed=reviewed))
    count = len(details.history)
    with st.expander(tn("panel.history", lang, count)):
        for entry in reversed(details.history):
            sources = "; ".join(source_markdown(s, lang) for s in entry.sources)
            st.markdown(
                f"**{format_date(entry.as_of, lang)}** · {escape_markdown(entry.cohort_label)} · "
                f"{escape_markdown(entry.status_label)}  \n{escape_markdown(entry.summary)}  \n{sources}"
            )


def empty_panel(snapshot: Snapshot) -> None:
    """Before a choice: say what to do, and list who is where so the map's colours have names."""
    lang = snapshot.lang
    st.subheader(t("panel.pick", lang), anchor=False)
    st.markdown(t("panel.pick_help", lang))
    separator = t("tour.list_separator", lang)
    for cohort in snapshot.cohorts:
        members = separator.join(cohort.members) or t("panel.none_yet", lang)
        hidden = f" ({tn('filters.hidden', lang, cohort.hidden)})" if cohort.hidden else ""
        st.html(f"<div>{cohort_chip(cohort.label, cohort.colour)} &nbsp; {html.escape(members + hidden)}</div>")
    st.caption(t("panel.as_known", lang, date=format_date(snapshot.as_of, lang)))


def landmark(snapshot: Snapshot) -> None:
    """The panel as a landmark that announces itself, and the map in words (issue 13).

    Drawn first in the panel's column: ui/a11y.py's page script names that column a region
    ("Country details") and reads `data-announce` out through its live region when the panel
    changes. The summary is visually hidden (the empty panel lists the same names) and is the
    map frame's accessible description.
    """
    lang = snapshot.lang
    st.html(
        f'<div class="osa-panel-marker" data-label="{html.escape(t("a11y.panel_label", lang))}" '
        f'data-announce="{html.escape(a11y.announcement(snapshot))}"></div>'
        f'<h2 class="osa-sr">{html.escape(t("a11y.summary_heading", lang))}</h2>'
        f'<p id="osa-map-summary" class="osa-sr">{html.escape(a11y.summary_text(snapshot))}</p>'
    )


def apply_page_style() -> None:
    """Less empty space above the title, so the map sits above the fold on a 1280x720 share."""
    st.html("<style>.block-container { padding-top: 3.5rem; }</style>")


def problems_table(problems, lang: Language) -> None:
    """Problems in the data files as a table an editor can act on: file, spreadsheet row, column,
    what to do; headings in the reader's language. st.dataframe shows cell text as text, so a
    hostile value in a message cannot run."""
    st.dataframe(
        [
            {
                t("problems.file", lang): p.file,
                t("problems.row", lang): p.row,
                t("problems.column", lang): p.column or "",
                t("problems.problem", lang): p.text(lang),
            }
            for p in sorted(problems, key=lambda p: (p.file, p.row or 0))
        ],
        hide_index=True,
        width="stretch",
    )


def view_link(snapshot: Snapshot) -> str:
    """A link that reopens this view: the page's address with the view's parameters."""
    base = st.context.url or "http://localhost:8501/"
    params = view_to_params(snapshot.view, snapshot.today)
    if snapshot.view.as_of is None:  # a citation names a date: "today" would move
        params = {AS_OF_PARAM: snapshot.as_of.isoformat(), **params}
    return f"{base}?{urlencode(params)}" if params else base


def cite_block(snapshot: Snapshot) -> None:
    """How to cite what is on screen: plain text and BibTeX, each with a copy button."""
    link = view_link(snapshot)
    with st.expander(t("cite.heading", snapshot.lang), icon=":material/format_quote:"):
        st.caption(t("cite.version", snapshot.lang, version=snapshot.release))
        st.code(citation_text(snapshot, link), language=None, wrap_lines=True)
        st.code(citation_bibtex(snapshot, link), language="latex")
