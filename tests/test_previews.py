"""Link previews (osa_map.render.previews): nginx maps that cannot be turned against the page."""

import os
import shutil
import subprocess
from types import SimpleNamespace

from osa_map.render.previews import nginx_preview_maps


def _snapshot(name: str) -> SimpleNamespace:
    recipient = SimpleNamespace(iso3="PHL", name=name, cohort_label="Inaugural (FY2023)", status_label="Delivered")
    return SimpleNamespace(recipients=[recipient])


def test_each_recipient_gets_a_title_with_the_checked_date_in_both_languages():
    maps = nginx_preview_maps({"en": _snapshot("Philippines"), "ja": _snapshot("フィリピン")})
    assert '"en|PHL" "Philippines on ${osa_preview_day} · OSA map";' in maps
    assert '"ja|PHL" "フィリピン（${osa_preview_day}）· OSA 地図";' in maps
    assert '"~^en[|]" "OSA recipients on ${osa_preview_day} · OSA map";' in maps  # any other link
    # The date is the link's only if it is YYYY-MM-DD, else today.
    assert '"~^(?<day>[0-9]{4}-[0-9]{2}-[0-9]{2})$" $day;' in maps


def test_a_hostile_name_is_escaped_for_html_and_cannot_name_an_nginx_variable():
    maps = nginx_preview_maps({"en": _snapshot('Evil" onload="x $request_uri <b>\\\n')})
    line = next(line for line in maps.splitlines() if line.startswith('    "en|PHL"') and "OSA map" in line)
    assert (
        line
        == '    "en|PHL" "Evil&quot; onload=&quot;x &#36;request_uri &lt;b&gt;&#92;  on ${osa_preview_day} · OSA map";'
    )


def test_nginx_accepts_the_maps_with_a_hostile_name(tmp_path):
    nginx = os.environ.get("OSA_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"  # run_tests.py installs it
    (tmp_path / "previews.conf").write_text(nginx_preview_maps({"en": _snapshot('a"; } evil { "$x')}))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}} "
        f"http {{ include {tmp_path}/previews.conf; server {{ listen 127.0.0.1:1; return 200 $osa_preview_title; }} }}"
    )
    checked = subprocess.run([nginx, "-t", "-q", "-c", str(tmp_path / "nginx.conf")], capture_output=True)
    assert checked.returncode == 0, checked.stderr
