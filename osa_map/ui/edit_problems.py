"""The checker's findings on the Edit page, in the editor's language, pointing at the grid's rows.

A problem names the row of the file a save would write; the grid numbers rows as the file was
opened (rows added in the grid are "new"), so each problem is shown with the grid's row, and a
chosen problem shows that row with its cell marked. (ui.panel.problems_table is the plainer list
the other pages show when the data cannot be read.)
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from osa_map.data.schema import Problem
from osa_map.i18n import Language, t


def problems_table(
    problems: list[Problem] | tuple[Problem, ...],
    lang: Language,
    rows: Mapping[str, list[object]] | None = None,
    key: str | None = None,
    frame: tuple[str, pd.DataFrame] | None = None,
) -> None:
    """The checker's findings in the editor's language. With `rows` (file -> the grid row of each saved
    row), each problem names the grid's row; choosing one (with `key`) shows its row with the cell marked
    when it is in `frame` (the file's name and the grid's table)."""
    errors = sum(p.severity == "error" for p in problems)
    if not problems:
        st.success(t("editor.no_problems", lang), icon=":material/check_circle:")
        return
    if errors:
        st.error(t("editor.errors", lang, count=errors), icon=":material/error:")
    else:
        st.warning(t("editor.warnings", lang, count=len(problems)), icon=":material/warning:")
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    located = [grid_row(p, rows) for p in ordered]
    table = pd.DataFrame(
        [
            {
                "": t(f"severity.{p.severity}", lang),
                t("problems.file", lang): p.file,
                t("problems.row", lang): "" if where is None else str(where),
                t("problems.column", lang): p.column or "",
                t("problems.problem", lang): p.text(lang),
            }
            for p, where in zip(ordered, located, strict=True)
        ]
    )
    if key is None:
        st.dataframe(table, hide_index=True, width="stretch")
        return
    st.caption(t("editor.problems_pick", lang))
    picked = st.dataframe(
        table, hide_index=True, width="stretch", key=key, on_select="rerun", selection_mode="single-row"
    )
    selected = picked.selection.rows if picked is not None else []
    if selected and frame is not None:
        problem = ordered[selected[0]]
        name, table = frame
        where = located[selected[0]] if problem.file == name else None
        show_problem_cell(problem, where, table, lang)


def grid_row(problem: Problem, rows: Mapping[str, list[object]] | None) -> object:
    """The row the editor looks for: the grid's row number for the table being edited ('new' for added rows)."""
    if problem.row is None or rows is None or problem.file not in rows or problem.row < 2:
        return problem.row
    labels = rows[problem.file]
    position = problem.row - 2
    if position >= len(labels):
        return problem.row
    return labels[position] if labels[position] is not None else "new"


def show_problem_cell(problem: Problem, where: object, frame: pd.DataFrame, lang: Language) -> None:
    """The chosen problem's row from the grid, its cell marked: what to look for and where."""
    if not isinstance(where, int) or where not in frame.index:
        st.info(t("editor.problem_at", lang, where=problem.where(lang)), icon=":material/my_location:")
        return
    row = frame.loc[[where]]
    column = problem.column if problem.column in row.columns else None
    st.info(t("editor.problem_find", lang, where=problem.where(lang), row=where), icon=":material/my_location:")
    ordered = [column, *(c for c in row.columns if c != column)] if column else list(row.columns)
    styled = row[ordered].style.map(
        lambda _: "background-color: #ffd54f; font-weight: bold", subset=[column] if column else []
    )
    st.dataframe(styled, width="stretch", key=f"problem-cell-{problem.file}")
