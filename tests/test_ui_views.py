"""Each view of ``ui/views`` alone, rendered by AppTest from plain data (no pipeline)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest


def claims_page(data_dir: str) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path.cwd() / "tests"))
    from report_factory import DOCUMENTS, make_reviewed_report

    from review import ReviewStore
    from ui import tables
    from ui.views.claims import render_claims
    from ui.views.review import ReviewContext

    report = make_reviewed_report()
    labels = tables.article_labels(list(DOCUMENTS.values()))
    ctx = ReviewContext(store=ReviewStore.in_data_dir(Path(data_dir)), report=report)
    render_claims(report, DOCUMENTS, labels, ctx, 0.0)


def _claims(tmp_path: Path) -> AppTest:
    at = AppTest.from_function(claims_page, args=(str(tmp_path),), default_timeout=30)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_claims_view_shows_reviews_and_editor_verdicts(tmp_path: Path) -> None:
    at = _claims(tmp_path)
    table = next(df for df in at.dataframe if str(df.key).startswith("claims_table")).value
    reviews = dict(zip(table["Claim"], table["Review"], strict=True))
    toll = "At least 130 people were killed in the attacks on Friday night, officials said."
    assert reviews[toll] == "✔ reviewed"
    verdicts = dict(zip(table["Claim"], table["Verdict"], strict=True))
    assert verdicts[toll] == "❌ refuted ✎"  # the editor's verdict, marked as such
    assert "⚠ stale" in set(table["Review"]) and "🚩 follow-up" in set(table["Review"])
    # the reviewed toll claim counts; the stale one does not
    assert any("1 of " in c.value and "check" in c.value for c in at.caption)
    at.multiselect(key="f_review").set_value(["stale"]).run()
    table = next(df for df in at.dataframe if str(df.key).startswith("claims_table")).value
    assert list(table["Review"]) == ["⚠ stale"]


def test_detail_pane_shows_the_review_and_the_passage_mark(tmp_path: Path) -> None:
    at = _claims(tmp_path)
    toll_id = next(
        i
        for i, t in zip(
            at.session_state["table_ids"],
            next(df for df in at.dataframe if str(df.key).startswith("claims_table")).value[
                "Claim"
            ],
            strict=True,
        )
        if t.startswith("At least 130")
    )
    at.session_state["selected_claim"] = toll_id
    at.run()
    captions = "\n".join(c.value for c in at.caption)
    assert "editor: ❌ refuted (machine: ✅ supported)" in captions.replace("\\", "")
    assert at.text_area(key=f"rv_note_{toll_id}").value.startswith("Ministry gave 129")
    assert at.number_input(key=f"rv_conf_{toll_id}").value == 80
    assert at.selectbox(key="detail_card_1_mark_irrelevant").value == "irrelevant"


def agreement_page() -> None:
    import sys
    from pathlib import Path

    import streamlit as st

    sys.path.insert(0, str(Path.cwd() / "tests"))
    from report_factory import DOCUMENTS, make_report

    from ui import tables
    from ui.views.agreement import filter_by_cell, render_agreement

    report = make_report()
    render_agreement(report, tables.article_labels(list(DOCUMENTS.values())))
    doc_a, doc_b = list(DOCUMENTS)[:2]
    st.button("cell", key="cell", on_click=filter_by_cell, args=(doc_a, doc_b))


def test_agreement_cell_filters_the_claims() -> None:
    at = AppTest.from_function(agreement_page, default_timeout=30)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("supports 1 and refutes 0" in m.value for m in at.markdown)
    at.button(key="cell").click().run()
    assert at.session_state["view"] == "Claims"
    assert at.session_state["f_evidence_from"] is not None
    assert len(at.session_state["f_article"]) == 1


def export_page() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path.cwd() / "tests"))
    from report_factory import make_reviewed_report

    from ui.views.export import render_export

    report = make_reviewed_report()
    render_export(report, report.claims[:2])


def test_export_view_counts_reviews() -> None:
    at = AppTest.from_function(export_page, default_timeout=30)
    at.run()
    assert not at.exception
    assert any("3 claim(s) carry an editor's review" in c.value for c in at.caption)
    assert "(2)" in at.radio(key="export_scope").options[1]


def articles_page() -> None:
    import sys
    from pathlib import Path

    import streamlit as st

    sys.path.insert(0, str(Path.cwd() / "tests"))
    from report_factory import DOC_B, DOCUMENTS, make_report

    from crosscheck.models import Corpus
    from ui import tables
    from ui.views.articles import render_articles
    from ui.views.state import open_article

    start = DOC_B.text.index("The toll stands")
    st.button("go", key="go", on_click=open_article, args=(DOC_B.doc_id, start, start + 27))
    corpus = Corpus(documents=tuple(DOCUMENTS.values()))
    render_articles(corpus, make_report(), tables.article_labels(corpus.documents))


def test_open_in_article_lands_on_the_passage() -> None:
    at = AppTest.from_function(articles_page, default_timeout=30)
    at.run()
    assert not at.exception
    assert not any("cited passage" in c.value for c in at.caption)
    at.button(key="go").click().run()
    assert any("cited passage" in c.value for c in at.caption)
    box = "\n".join(m.value for m in at.markdown)
    assert ":violet-background[The toll stands at 130 dead]" in box
