"""Every piece of UI text in English and Japanese, in one catalogue; dates, yen and names per language.

No Streamlit here. Pages ask `t(key, lang)`; a test fails if any key lacks either language
or if code asks for a key that is not in the catalogue. Data content (summaries, notes, source
titles) is shown as editors wrote it; cohort labels have a Japanese column in cohorts.csv.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from typing import Literal

import pycountry

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ja")
DEFAULT_LANGUAGE: Language = "en"

# key -> {"en": ..., "ja": ...}. Values may hold {named} fields filled by t(..., name=value).
# Keep keys grouped by the screen they belong to; add new groups at the end.
CATALOGUE: dict[str, dict[str, str]] = {
    # --- shared ---------------------------------------------------------------------------
    "app.page_title": {"en": "Japan OSA map", "ja": "OSA 地図"},
    "app.title": {"en": "Japan's Official Security Assistance", "ja": "日本の政府安全保障能力強化支援（OSA）"},
    "app.language": {"en": "日本語", "ja": "English"},
    "nav.map": {"en": "Map", "ja": "地図"},
    "nav.about": {"en": "About the data", "ja": "データについて"},
    "nav.editor": {"en": "Edit data", "ja": "データ編集"},
    "nav.data": {"en": "Data tables", "ja": "データ表"},
    "nav.programme": {"en": "Programme", "ja": "事業の概要"},
    "status.candidate": {"en": "Candidate", "ja": "候補"},
    "status.selected": {"en": "Selected", "ja": "選定"},
    "status.agreed": {"en": "Agreed", "ja": "交換公文署名済み"},
    "status.delivered": {"en": "Delivered", "ja": "供与済み"},
    "confidence.confirmed": {"en": "confirmed", "ja": "確認済み"},
    "confidence.reported": {"en": "reported", "ja": "報道ベース"},
    "confidence.unconfirmed": {"en": "unconfirmed", "ja": "未確認"},
    "map.not_recipient": {"en": "Not an OSA recipient", "ja": "OSA 対象国ではない"},
    # --- exports (images and the standalone HTML map) -----------------------------------
    "export.title": {
        "en": "Japan's Official Security Assistance recipients",
        "ja": "日本の政府安全保障能力強化支援（OSA）対象国",
    },
    "export.html_title": {"en": "{title}, as known on {date}", "ja": "{title}（{date}時点）"},
    "export.recipients_one": {"en": "{n} recipient country", "ja": "対象国{n}か国"},
    "export.recipients_many": {"en": "{n} recipient countries", "ja": "対象国{n}か国"},
    "export.cohorts_one": {"en": "{n} cohort", "ja": "{n}区分"},
    "export.cohorts_many": {"en": "{n} cohorts", "ja": "{n}区分"},
    "export.subtitle": {
        "en": "As known on {date}: {recipients} in {cohorts}",
        "ja": "{date}時点：{recipients}（{cohorts}）",
    },
    "export.subtitle_none": {"en": "As known on {date}: no recipient named yet", "ja": "{date}時点：対象国の発表なし"},
    "export.legend_title": {"en": "OSA cohort, as known on {date}", "ja": "OSA の区分（{date}時点）"},
    "export.legend_count_one": {"en": "{label}: {n} country", "ja": "{label}：{n}か国"},
    "export.legend_count_many": {"en": "{label}: {n} countries", "ja": "{label}：{n}か国"},
    "export.legend_not_recipient": {"en": "Not a recipient", "ja": "対象国以外"},
    "export.legend_small_state": {"en": "Small state, shown as a circle", "ja": "小さな国は円で表示"},
    "export.source_one": {
        "en": "Data: the OSA map ledger ({n} public source cited, as known on {date}). "
        "Boundaries: Natural Earth (public domain). Boundaries do not imply any position on disputed territory.",
        "ja": "データ：OSA 地図の台帳（公開情報源{n}件、{date}時点）。国境：Natural Earth（パブリックドメイン）。"
        "国境線は係争地に関するいかなる立場も示すものではありません。",
    },
    "export.source_many": {
        "en": "Data: the OSA map ledger ({n} public sources cited, as known on {date}). "
        "Boundaries: Natural Earth (public domain). Boundaries do not imply any position on disputed territory.",
        "ja": "データ：OSA 地図の台帳（公開情報源{n}件、{date}時点）。国境：Natural Earth（パブリックドメイン）。"
        "国境線は係争地に関するいかなる立場も示すものではありません。",
    },
    "fy": {"en": "FY{year}", "ja": "{year}年度"},
    "fy.none": {"en": "none yet", "ja": "なし"},
    "status_help.candidate": {
        "en": "Candidate: reported as planned or under consideration",
        "ja": "候補：供与が計画中または検討中と報じられている",
    },
    "status_help.selected": {
        "en": "Selected: named in a fiscal year's allocation; notes not yet exchanged",
        "ja": "選定：年度の供与対象国として発表されたが、交換公文は未署名",
    },
    "status_help.agreed": {"en": "Agreed: exchange of notes signed", "ja": "交換公文署名済み：交換公文に署名済み"},
    "status_help.delivered": {
        "en": "Delivered: equipment handed over, at least in part",
        "ja": "供与済み：機材の少なくとも一部を引き渡し済み",
    },
    # --- data problems (any page) ---------------------------------------------------------------
    "spinner.data": {"en": "Reading the data files…", "ja": "データファイルを読み込んでいます…"},
    "spinner.boundaries": {"en": "Preparing country boundaries…", "ja": "国境データを準備しています…"},
    "problems.fallback": {
        "en": "The map below shows the last valid version of the data until they are fixed.",
        "ja": "修正されるまで、下の地図には最後に正常だったデータを表示しています。",
    },
    "problems.nothing": {
        "en": "Nothing can be shown until they are fixed.",
        "ja": "修正されるまで何も表示できません。",
    },
    "problems.summary": {
        "en": "The data files in `{directory}` have {count} problem(s). {shown} "
        "Fix them in the CSV files and save; this page updates on the next click.",
        "ja": "`{directory}` のデータファイルに {count} 件の問題があります。{shown}"
        "CSV ファイルを修正して保存してください。次の操作時にこのページが更新されます。",
    },
    "problems.file": {"en": "file", "ja": "ファイル"},
    "problems.row": {"en": "row", "ja": "行"},
    "problems.column": {"en": "column", "ja": "列"},
    "problems.problem": {"en": "problem", "ja": "問題"},
    "severity.error": {"en": "error", "ja": "エラー"},
    "severity.warning": {"en": "warning", "ja": "警告"},
    "problems.check": {
        "en": "Check from a terminal with `python -m osa_map validate`, or use the *Edit data* page.",
        "ja": "ターミナルで `python -m osa_map validate` を実行するか、*データ編集* ページで確認できます。",
    },
    # --- country panel and search ---------------------------------------------------------------
    "panel.link_not_verified": {"en": "*(link not verified)*", "ja": "*（リンク未確認）*"},
    "panel.not_recipient": {
        "en": "{name} is not an OSA recipient as known on {date}.",
        "ja": "{date}時点で、{name}は OSA の対象国ではありません。",
    },
    "panel.status": {"en": "Status", "ja": "状況"},
    "panel.fiscal_years": {"en": "Fiscal years", "ja": "年度"},
    "panel.confidence": {"en": "Confidence", "ja": "確度"},
    "panel.not_stated": {"en": "not stated", "ja": "記載なし"},
    "panel.note": {"en": "Note: {note}", "ja": "注記：{note}"},
    "panel.packages": {"en": "Packages", "ja": "供与案件"},
    "panel.no_packages": {"en": "No exchange of notes recorded yet.", "ja": "交換公文の署名はまだ記録されていません。"},
    "panel.notes_exchanged": {"en": "notes exchanged {when}", "ja": "交換公文署名 {when}"},
    "panel.sources": {"en": "Sources", "ja": "出典"},
    "panel.no_sources": {"en": "None recorded.", "ja": "記録なし。"},
    "panel.entry_dated": {
        "en": "Entry dated {updated} · last reviewed {reviewed}",
        "ja": "記載日 {updated} · 最終確認 {reviewed}",
    },
    "panel.not_recorded": {"en": "not recorded", "ja": "記録なし"},
    "panel.history.one": {"en": "History ({count} change)", "ja": "履歴（{count}件の変更）"},
    "panel.history.other": {"en": "History ({count} changes)", "ja": "履歴（{count}件の変更）"},
    "panel.pick": {"en": "Pick a country", "ja": "国を選んでください"},
    "panel.pick_help": {
        "en": "Click a country on the map, or find it by name with Find a country above, to see its "
        "cohort, what Japan is providing, and the sources.",
        "ja": "地図上の国をクリックするか、上の「国を検索」で国名から探すと、対象国の区分、"
        "日本が供与する内容、出典が表示されます。",
    },
    "panel.none_yet": {"en": "none yet", "ja": "まだなし"},
    "panel.as_known": {"en": "As known on {date}.", "ja": "{date}時点の情報です。"},
    "search.label": {"en": "Find a country", "ja": "国を検索"},
    "search.placeholder": {"en": "Type a country name…", "ja": "国名を入力…"},
    "search.unknown_code": {
        "en": "No country has the code {code}; showing the whole map.",
        "ja": "コード {code} の国はありません。地図全体を表示します。",
    },
    # --- map legend and tooltips ----------------------------------------------------------------
    "legend.label": {"en": "Legend", "ja": "凡例"},
    "legend.title": {"en": "OSA cohort, as known on {date}", "ja": "OSA 対象国の区分（{date}時点）"},
    "legend.not_recipient": {"en": "Not a recipient", "ja": "対象国以外"},
    "legend.note": {
        "en": "Circles mark small states. Boundaries: Natural Earth.",
        "ja": "円は小さな国を示します。国境：Natural Earth。",
    },
    # --- briefing: presentation mode, tour, exports ---------------------------------------------
    "present.toggle": {"en": "Presentation mode", "ja": "プレゼンテーション"},
    "present.help": {
        "en": "Large type, no menus, and a guided tour.",
        "ja": "大きな文字、メニューなし、順を追った説明ツアー。",
    },
    "tour.previous": {"en": "◀ Previous", "ja": "◀ 前へ"},
    "tour.next": {"en": "Next ▶", "ja": "次へ ▶"},
    "tour.position": {"en": "({index} of {count})", "ja": "（{index} / {count}）"},
    "tour.no_recipients": {
        "en": "No country had been named as a recipient by {date}.",
        "ja": "{date}時点で、対象国として発表された国はありません。",
    },
    "tour.overview.one": {
        "en": "{countries} country in {cohorts} cohort, as known on {date}.",
        "ja": "{date}時点で {cohorts} 区分・{countries} か国。",
    },
    "tour.overview.countries": {
        "en": "{countries} countries in {cohorts} cohort, as known on {date}.",
        "ja": "{date}時点で {cohorts} 区分・{countries} か国。",
    },
    "tour.overview.cohorts": {
        "en": "{countries} country in {cohorts} cohorts, as known on {date}.",
        "ja": "{date}時点で {cohorts} 区分・{countries} か国。",
    },
    "tour.overview.other": {
        "en": "{countries} countries in {cohorts} cohorts, as known on {date}.",
        "ja": "{date}時点で {cohorts} 区分・{countries} か国。",
    },
    "tour.members.one": {"en": "{count} country: {names}.", "ja": "{count} か国：{names}。"},
    "tour.members.other": {"en": "{count} countries: {names}.", "ja": "{count} か国：{names}。"},
    "tour.list_separator": {"en": ", ", "ja": "、"},
    "tour.country_facts": {
        "en": "{cohort} · {status} · fiscal years: {years}.",
        "ja": "{cohort} · {status} · 年度：{years}",
    },
    "export.caption": {"en": "Download what the map shows", "ja": "地図の内容をダウンロード"},
    "export.menu": {"en": "Export", "ja": "書き出し"},
    "export.png": {"en": "PNG image", "ja": "PNG 画像"},
    "export.svg": {"en": "SVG image", "ja": "SVG 画像"},
    "export.html": {"en": "Offline HTML map", "ja": "オフライン HTML 地図"},
    "export.csv": {"en": "CSV table", "ja": "CSV 表"},
    "export.xlsx": {"en": "Excel", "ja": "Excel"},
    # --- about page -----------------------------------------------------------------------------
    "about.intro": {
        "en": "Japan's **Official Security Assistance (OSA)** was set up in April 2023 to give like-minded "
        "countries defence-related equipment and infrastructure, separately from development aid (ODA). "
        "This map follows which countries receive it, in which cohort, with what, and on whose authority.",
        "ja": "**政府安全保障能力強化支援（OSA）** は、同志国に防衛装備品や関連インフラを供与するため、"
        "開発協力（ODA）とは別の枠組みとして 2023 年 4 月に創設されました。"
        "この地図は、どの国が、どの区分で、何を、どの典拠に基づいて供与されているかを示します。",
    },
    "about.cohorts": {"en": "Cohorts", "ja": "対象国の区分"},
    "about.cohort_count.one": {"en": "{count} country today", "ja": "現在 {count} か国"},
    "about.cohort_count.other": {"en": "{count} countries today", "ja": "現在 {count} か国"},
    "about.statuses": {"en": "Statuses and confidence", "ja": "状況と確度"},
    "about.confidence_help": {
        "en": "Confidence: {levels}. `confirmed` means an official source or several consistent reports; "
        "`reported` a single report or disputed details; `unconfirmed` that details were not found. "
        "Empty cells mean a fact was not found, never a guess.",
        "ja": "確度：{levels}。「確認済み」は公式資料または複数の一致する報道、"
        "「報道ベース」は単一の報道または詳細に異論があるもの、"
        "「未確認」は詳細が見つからなかったことを示します。空欄は事実が見つからなかったことを意味し、"
        "推測で埋めることはありません。",
    },
    "about.sources": {"en": "Sources", "ja": "出典"},
    "about.warnings": {"en": "Data warnings ({count})", "ja": "データに関する警告（{count}件）"},
    "about.licences": {"en": "Licences", "ja": "ライセンス"},
    "about.licences_text": {
        "en": "Country boundaries: Natural Earth (public domain), see `data/boundaries/README.md`. "
        "Map rendering: Leaflet (BSD-2-Clause), served from this machine. "
        "The data files are compiled from the public reporting cited above.",
        "ja": "国境：Natural Earth（パブリックドメイン）、`data/boundaries/README.md` を参照。"
        "地図の描画：Leaflet（BSD-2-Clause）、このサーバーから配信。"
        "データファイルは上記の公開情報をもとに作成しています。",
    },
    # --- editor page ----------------------------------------------------------------------------
    "editor.title": {"en": "Edit the data", "ja": "データの編集"},
    "editor.no_problems": {
        "en": "No problems: this table can be saved.",
        "ja": "問題はありません。この表は保存できます。",
    },
    "editor.errors": {
        "en": "{count} error(s) to fix before saving.",
        "ja": "保存する前に {count} 件のエラーを修正してください。",
    },
    "editor.warnings": {
        "en": "{count} warning(s); you can still save.",
        "ja": "{count} 件の警告があります。保存は可能です。",
    },
    "editor.read_only": {
        "en": "Editing is switched off on this server: no editor password is configured "
        "(`OSA_EDITOR_PASSWORD`, or `editor_password` in `.streamlit/secrets.toml`). "
        "You can read the files here and download a checked copy to edit in a spreadsheet.",
        "ja": "このサーバーでは編集が無効です。編集用パスワードが設定されていません"
        "（`OSA_EDITOR_PASSWORD`、または `.streamlit/secrets.toml` の `editor_password`）。"
        "ここでファイルを閲覧し、検証済みの写しをダウンロードして表計算ソフトで編集できます。",
    },
    "editor.download": {"en": "Download {name}", "ja": "{name} をダウンロード"},
    "editor.password": {"en": "Editor password", "ja": "編集用パスワード"},
    "editor.unlock": {"en": "Unlock editing", "ja": "編集を開始"},
    "editor.wrong_password": {
        "en": "Wrong password. Each wrong try makes the next one wait longer.",
        "ja": "パスワードが違います。誤入力のたびに、次の入力までの待ち時間が長くなります。",
    },
    "editor.who": {"en": "Your name, for the change log", "ja": "お名前（変更履歴に記録されます）"},
    "editor.file": {"en": "File", "ja": "ファイル"},
    "editor.cannot_open": {
        "en": "{name} cannot be opened for editing: {error}",
        "ja": "{name} を編集用に開けません：{error}",
    },
    "editor.rows_help": {
        "en": "Problems name rows as a spreadsheet numbers them: the header is row 1, so the table's first "
        "row is row 2. Add rows at the bottom; never overwrite a dated ledger row, add a new one.",
        "ja": "問題の行番号は表計算ソフトと同じ数え方です。見出しが 1 行目なので、表の最初の行は 2 行目です。"
        "行は末尾に追加してください。日付付きの台帳の行は上書きせず、新しい行を追加してください。",
    },
    "editor.your_changes": {"en": "**Your changes:** {summary}", "ja": "**変更内容：** {summary}"},
    "editor.change": {"en": "change", "ja": "変更"},
    "editor.save": {"en": "Save", "ja": "保存"},
    "editor.discard": {"en": "Discard my changes and reload from disk", "ja": "変更を破棄してディスクから再読み込み"},
    "editor.saved": {"en": "Saved {name}: {summary}.", "ja": "{name} を保存しました：{summary}。"},
    "editor.history": {"en": "History", "ja": "履歴"},
    "editor.no_versions": {
        "en": "No earlier versions yet: the first save in the app keeps the file as it was.",
        "ja": "以前の版はまだありません。アプリで最初に保存した時点で、元のファイルが保管されます。",
    },
    "editor.saved_at": {"en": "saved (UTC)", "ja": "保存日時（UTC）"},
    "editor.who_column": {"en": "who", "ja": "保存者"},
    "editor.what": {"en": "what", "ja": "操作"},
    "editor.changes": {"en": "changes", "ja": "変更"},
    "editor.copy": {"en": "copy", "ja": "保管ファイル"},
    "editor.version_to_restore": {"en": "Version to restore", "ja": "復元する版"},
    "editor.unknown_person": {"en": "unknown", "ja": "不明"},
    "editor.restore": {"en": "Restore this version", "ja": "この版を復元"},
    "editor.restore_misfit": {
        "en": "That version does not fit the other files as they are now:",
        "ja": "その版は、現在のほかのファイルと整合しません：",
    },
    "editor.restored": {"en": "Restored {name}: {summary}.", "ja": "{name} を復元しました：{summary}。"},
    # --- explore (timeline, filters, data and programme pages, cohorts CLI) ---
    "explore.map_caption": {
        "en": "Which countries receive OSA, in which cohort, with what, and on whose authority.",
        "ja": "どの国が、どの年度グループで、何を、どの根拠に基づいて OSA を受けているか。",
    },
    "explore.as_of": {"en": "Map as known on", "ja": "表示基準日"},
    "explore.as_of_tables": {"en": "As known on", "ja": "基準日"},
    "explore.as_of_help": {
        "en": "The map, legend and panel show what was known on this date, from the dated ledger.",
        "ja": "地図・凡例・詳細欄は、日付付きの記録台帳に基づきこの日時点で判明していた内容を示します。",
    },
    "explore.fiscal_year_button": {"en": "FY{year}", "ja": "{year}年度"},
    "explore.fiscal_year_help": {"en": "The map as known on {date}", "ja": "{date}時点の地図"},
    "explore.today": {"en": "Today", "ja": "今日"},
    "explore.play": {"en": "▶ Play", "ja": "▶ 再生"},
    "explore.play_help": {
        "en": "Step through every date on which the ledger changed.",
        "ja": "台帳が更新された日付を順に表示します。",
    },
    "explore.stop": {"en": "■ Stop", "ja": "■ 停止"},
    "explore.playing": {"en": "Playing: {date} ({step} of {total})", "ja": "再生中：{date}（{total}件中{step}件目）"},
    "explore.bad_link": {
        "en": "Some values in the link were not recognised and were ignored: {values}",
        "ja": "リンク内の一部の値を認識できなかったため無視しました：{values}",
    },
    "explore.filters": {"en": "Filter", "ja": "絞り込み"},
    "explore.filter_cohort": {"en": "Cohort", "ja": "年度グループ"},
    "explore.filter_status": {"en": "Status", "ja": "進捗状況"},
    "explore.filter_category": {"en": "Equipment", "ja": "供与機材の分類"},
    "explore.filter_region": {"en": "Region", "ja": "地域"},
    "explore.filter_all": {"en": "All", "ja": "すべて"},
    "explore.filter_summary": {
        "en": "Showing {shown} of {total} recipients; the others are drawn as non-recipients.",
        "ja": "対象国{total}か国のうち{shown}か国を表示中。その他は対象外と同じ色で表示しています。",
    },
    "explore.clear_filters": {"en": "Clear filters", "ja": "絞り込みを解除"},
    "explore.category.surveillance": {
        "en": "Surveillance (radar, AIS, drones)",
        "ja": "警戒監視（レーダー・AIS・ドローン）",
    },
    "explore.category.maritime": {"en": "Maritime (patrol and rescue boats)", "ja": "海上（警備艇・救難艇）"},
    "explore.category.engineering": {"en": "Engineering (heavy machinery)", "ja": "施設（重機）"},
    "explore.category.mixed": {"en": "Mixed", "ja": "複合"},
    "explore.region.south_eastern_asia": {"en": "South-eastern Asia", "ja": "東南アジア"},
    "explore.region.southern_asia": {"en": "Southern Asia", "ja": "南アジア"},
    "explore.region.eastern_asia": {"en": "Eastern Asia", "ja": "東アジア"},
    "explore.region.melanesia": {"en": "Melanesia", "ja": "メラネシア"},
    "explore.region.polynesia": {"en": "Polynesia", "ja": "ポリネシア"},
    "explore.region.micronesia": {"en": "Micronesia", "ja": "ミクロネシア"},
    "explore.region.eastern_africa": {"en": "Eastern Africa", "ja": "東アフリカ"},
    "explore.data_intro": {
        "en": "The ledger of dated changes and the exchanges of notes, as known on {date}. "
        "Click a column heading to sort; links open the sources.",
        "ja": "{date}時点で判明している、日付付きの変更記録台帳と交換公文の一覧です。"
        "列の見出しをクリックすると並べ替えられます。リンクから出典を開けます。",
    },
    "explore.tab_standing": {"en": "Recipients on that date", "ja": "基準日時点の対象国"},
    "explore.tab_ledger": {"en": "Ledger (every dated change)", "ja": "記録台帳（すべての変更）"},
    "explore.tab_packages": {"en": "Packages (exchanges of notes)", "ja": "案件（交換公文）"},
    "explore.download_csv": {"en": "Download CSV", "ja": "CSV をダウンロード"},
    "explore.download_xlsx": {"en": "Download Excel", "ja": "Excel をダウンロード"},
    "explore.no_rows": {"en": "Nothing recorded by this date.", "ja": "この日付までの記録はありません。"},
    "explore.col.iso3": {"en": "ISO3", "ja": "ISO3"},
    "explore.col.country": {"en": "Country", "ja": "国名"},
    "explore.col.as_of": {"en": "Dated", "ja": "日付"},
    "explore.col.cohort": {"en": "Cohort", "ja": "年度グループ"},
    "explore.col.status": {"en": "Status", "ja": "進捗状況"},
    "explore.col.fiscal_years": {"en": "Fiscal years", "ja": "年度"},
    "explore.col.fiscal_year": {"en": "Fiscal year", "ja": "年度"},
    "explore.col.summary": {"en": "Summary", "ja": "概要"},
    "explore.col.confidence": {"en": "Confidence", "ja": "確度"},
    "explore.col.source_title": {"en": "Source", "ja": "出典"},
    "explore.col.source_url": {"en": "Source link", "ja": "出典リンク"},
    "explore.col.source2_title": {"en": "Second source", "ja": "第2出典"},
    "explore.col.source2_url": {"en": "Second source link", "ja": "第2出典リンク"},
    "explore.col.notes": {"en": "Notes", "ja": "備考"},
    "explore.col.notes_date": {"en": "Exchange of notes", "ja": "交換公文署名日"},
    "explore.col.notes_place": {"en": "Place", "ja": "署名地"},
    "explore.col.amount_jpy": {"en": "Yen", "ja": "金額（円）"},
    "explore.col.amount_approx": {"en": "Approximate", "ja": "概算"},
    "explore.col.equipment": {"en": "Equipment", "ja": "供与機材"},
    "explore.col.category": {"en": "Category", "ja": "分類"},
    "explore.col.recipient_unit": {"en": "Recipient unit", "ja": "供与先部隊"},
    "explore.col.region": {"en": "Region", "ja": "地域"},
    "explore.programme_intro": {
        "en": "The programme as a whole: its budget, what the exchanges of notes add up to, and when they were signed.",
        "ja": "OSA 全体の姿：予算、交換公文の合計額、署名の時期。",
    },
    "explore.budget_heading": {"en": "Budget by fiscal year", "ja": "年度別予算"},
    "explore.budget_caption": {
        "en": "Dark bars are budgets passed by the Diet; light bars are requests or Cabinet proposals, which can "
        'still change. "about" marks approximate figures.',
        "ja": "濃い棒は国会で成立した当初予算、薄い棒は変更の可能性がある概算要求・政府案です。"
        "「約」は概数を示します。",
    },
    "explore.budget_unavailable": {
        "en": "The budget chart cannot be drawn: budget.csv has problems.",
        "ja": "budget.csv に問題があるため予算グラフを表示できません。",
    },
    "explore.stage.request": {"en": "Request", "ja": "概算要求"},
    "explore.stage.cabinet_proposal": {"en": "Cabinet proposal", "ja": "政府案"},
    "explore.stage.initial_budget": {"en": "Initial budget", "ja": "当初予算"},
    "explore.chart.fiscal_year": {"en": "Fiscal year", "ja": "年度"},
    "explore.chart.billion_yen": {"en": "Billion yen", "ja": "億円"},
    "explore.chart.stage": {"en": "Stage", "ja": "段階"},
    "explore.chart.amount": {"en": "Amount", "ja": "金額"},
    "explore.chart.packages": {"en": "Packages", "ja": "案件数"},
    "explore.chart.date": {"en": "Exchange of notes", "ja": "交換公文署名日"},
    "explore.totals_heading": {"en": "Package totals", "ja": "案件の合計額"},
    "explore.totals_caption": {
        "en": "Sums of the yen in packages.csv as known on {date}. {missing} package(s) have no reported amount and "
        "are counted but not summed; approximate amounts are summed as given.",
        "ja": "{date}時点の packages.csv の金額の合計。金額未公表の{missing}件は件数には含めますが合計には含めません。"
        "概数はそのまま合算しています。",
    },
    "explore.by_cohort": {"en": "By cohort", "ja": "年度グループ別"},
    "explore.by_category": {"en": "By equipment category", "ja": "機材分類別"},
    "explore.uncategorised": {"en": "Not categorised", "ja": "分類なし"},
    "explore.notes_timeline_heading": {"en": "Exchanges of notes over time", "ja": "交換公文の署名時期"},
    "explore.notes_timeline_caption": {
        "en": "Each point is one exchange of notes, sized by yen. Not drawn because their date is not confirmed: "
        "{undated}.",
        "ja": "点は交換公文1件（大きさは金額）。署名日が未確認のため表示していないもの：{undated}。",
    },
    "explore.none": {"en": "none", "ja": "なし"},
    "explore.drones_heading": {
        "en": "Context: the dual-use drone question",
        "ja": "背景：デュアルユース・ドローンの問題",
    },
    "explore.drones_text": {
        "en": "The article this map started from (undated; it reflects what was known before April 2024) reports that "
        "OSA recipients were interested in dual-use drones and that Japan was gathering information from domestic "
        'makers, but quotes an official: "nothing has been decided at this point." Whether drones, which serve '
        "both civilian and military ends, belong in OSA packages was an open question then.",
        "ja": "この地図の出発点となった記事（日付なし。2024年4月以前の情報を反映）は、"
        "OSA 対象国がデュアルユース（軍民両用）ドローンに関心を示し、"
        "日本政府が国内メーカーから情報を集めていると報じる一方、政府関係者の"
        "「現時点で何も決まっていない」との発言を伝えています。軍民両用のドローンを OSA の供与品に含めるかどうかは、"
        "当時は未決の問題でした。",
    },
    "explore.drones_since": {
        "en": "Packages recorded since whose equipment mentions drones ({count}):",
        "ja": "その後に記録された案件のうち、供与機材にドローンを含むもの（{count}件）：",
    },
    "explore.drones_uncertainty": {
        "en": "Uncertain: the equipment lists come from press reports (see each package's confidence); the sources "
        "do not say whether these drones could be armed or serve only surveillance and disaster relief, and the "
        'list matches the words "drone" or "UAV" in the equipment text.',
        "ja": "不確実性：機材の内容は報道に基づきます（各案件の確度を参照）。"
        "これらのドローンが武装可能か、監視・災害救援専用かは"
        '出典に記載がありません。一覧は機材欄の "drone"・"UAV" という語で抽出しています。',
    },
}


def t(key: str, lang: Language, **values: object) -> str:
    """The text for `key` in `lang`, with {fields} filled in. Unknown keys fail loudly in tests."""
    text = CATALOGUE[key][lang]
    return text.format(**values) if values else text


def language_from(value: object) -> Language:
    """A language code from a URL or a toggle, defaulting to English for anything unknown."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


# Where pycountry's Japanese ISO 3166 name is not the one Japan's Foreign Ministry uses (Taiwan
# would read 中国領・台湾), or the code is not in ISO 3166 at all (Kosovo).
JAPANESE_NAME_OVERRIDES: dict[str, str] = {
    "TWN": "台湾",
    "KOR": "韓国",
    "PRK": "北朝鮮",
    "XKX": "コソボ",
}


@cache
def _country_translations() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"], fallback=True)


def country_name(iso3: str, lang: Language, english_name: str) -> str:
    """The country's name: as editors wrote it in English, pycountry's ISO 3166 name in Japanese."""
    if lang == "en":
        return english_name
    if iso3 in JAPANESE_NAME_OVERRIDES:
        return JAPANESE_NAME_OVERRIDES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return english_name
    return _country_translations().gettext(country.name)


def format_date(value: date | None, lang: Language) -> str:
    """3 Nov 2023 in English, 2023年11月3日 in Japanese."""
    if value is None:
        return "date not confirmed" if lang == "en" else "日付未確認"
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def format_yen(amount: int | None, lang: Language, approximate: bool = False) -> str:
    """Briefing-style amounts: ¥600 million / 6億円, ¥575 million / 5億7,500万円, about ... / 約..."""
    if amount is None:
        return "amount not reported" if lang == "en" else "金額未公表"
    if lang == "ja":
        # Japanese counts in 億 (10^8) and 万 (10^4): 575,000,000 is 5億7,500万円, as the press writes it.
        oku, rest = divmod(amount, 100_000_000)
        man, yen = divmod(rest, 10_000)
        parts = [f"{oku:,}億" if oku else "", f"{man:,}万" if man else "", f"{yen:,}" if yen else ""]
        text = ("".join(parts) or "0") + "円"
        return f"約{text}" if approximate else text
    if amount >= 1_000_000_000:
        text = f"¥{amount / 1_000_000_000:.1f} billion".replace(".0 billion", " billion")
    elif amount >= 1_000_000:
        text = f"¥{amount / 1_000_000:,.0f} million"
    else:
        text = f"¥{amount:,}"
    return f"about {text}" if approximate else text


def status_label(status: str, lang: Language) -> str:
    """The label of a status key, "Agreed" / 交換公文署名済み; an unknown key is shown as written."""
    key = f"status.{status}"
    return t(key, lang) if key in CATALOGUE else status


def confidence_label(level: str, lang: Language) -> str:
    """The label of a confidence level, "confirmed" / 確認済み; anything else (e.g. empty) as written."""
    key = f"confidence.{level}"
    return t(key, lang) if key in CATALOGUE else level


def cohort_label(row: object, lang: Language) -> str:
    """A cohort's label from its cohorts.csv row: `label_ja` in Japanese when the editors gave one."""
    label = str(_field(row, "label"))
    if lang == "ja":
        return str(_field(row, "label_ja") or "") or label
    return label


def _field(row: object, name: str) -> object:
    # Rows arrive as pandas Series, itertuples() namedtuples or plain dicts.
    if isinstance(row, dict):
        return row.get(name, "")
    try:
        return row[name]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return getattr(row, name, "")


def fiscal_years(years: list[int], lang: Language) -> str:
    """FY2023, FY2024 / 2023年度、2024年度."""
    if not years:
        return t("fy.none", lang)
    return t("tour.list_separator", lang).join(t("fy", lang, year=year) for year in years)
