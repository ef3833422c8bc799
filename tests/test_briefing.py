"""Briefing mode: presentation styling, the guided tour and the export buttons."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(query: dict[str, str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def test_presentation_mode_runs_and_starts_the_tour():
    app = run_app({"present": "1"})
    assert not app.exception
    assert app.toggle(key="present_toggle").value is True
    assert "(1 of " in app.markdown[0].value  # the overview step
    assert app.button(key="tour_back").disabled


def test_next_goes_to_the_first_cohort_then_its_first_country():
    app = run_app({"present": "1"})
    app.button(key="tour_next").click().run()
    assert "(2 of " in app.markdown[0].value and "**Inaugural" in app.markdown[0].value
    app.button(key="tour_next").click().run()
    assert not app.exception
    # A country step is linked by its code, so the link survives a new recipient joining the tour.
    country = app.query_params["step"]
    assert len(country) == 3 and app.query_params["country"] == country
    assert "(3 of " in app.markdown[0].value
    assert app.subheader[0].value == app.selectbox(key="country_search").format_func(country).split(" — ")[0]


def test_a_link_can_open_a_tour_step():
    app = run_app({"present": "1", "step": "FJI"})
    assert app.subheader[0].value == "Fiji"


def test_turning_presentation_off_clears_the_link():
    app = run_app({"present": "1"})
    app.toggle(key="present_toggle").set_value(False).run()
    assert not app.exception
    assert "present" not in app.query_params and "step" not in app.query_params


def test_export_buttons_are_offered():
    app = run_app({})
    labels = [element.proto.label for element in app.get("download_button")]
    assert labels == ["PNG image", "SVG image", "Offline HTML map", "CSV table", "Excel"]
