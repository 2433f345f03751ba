"""What the parsing workers work out for the store (pool.prepared) is what the Article itself says:
its word count counted from the paragraphs' JSON must be Article.word_count whatever the text holds
(quotes, backslashes, slashes, letters beyond ASCII, one word, many paragraphs); and a Tantivy build
imports none of the query side (the parser, Whoosh's query classes), which a search still finds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.ingest import FileResult, pool, to_article
from reader.core.ingest.draft import Draft

TEXTS = [
    ["One."],
    ['He said "no" twice,   then "yes".', "A back\\slash \\\\ and a/slash // here"],
    ["Café au lait à la gare", "中文 报道 一 二", "emoji 🎉 party   time", "tab\there\nand line"],
    [" leading and trailing ", "x", "a  b   c    d", "\u00a0non\u00a0breaking\u00a0spaces"],
    ["word " * 300],
]


@pytest.mark.parametrize("paragraphs", TEXTS)
def test_the_word_count_from_the_json_is_the_articles(tmp_path, paragraphs):
    article = to_article(Draft(title="A title", paragraphs=list(paragraphs)), "t/a.txt", str(tmp_path), "a.txt")
    result = pool.prepared(FileResult(tmp_path / "a.txt", tmp_path, "a.txt", [article]))
    (digest, words, text), = result.facts
    assert text == json.dumps(list(article.text_paragraphs), ensure_ascii=False)
    assert words == article.word_count == sum(len(p.split()) for p in article.text_paragraphs)
    assert digest == article.content_hash


def test_a_tantivy_build_imports_no_query_side_and_a_search_then_works(tmp_path):
    pytest.importorskip("tantivy")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n",
                                  encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.core.library import Library\n"
        f"with Library(Path({str(tmp_path / 'index')!r}), engine='tantivy') as lib:\n"
        f"    lib.index_paths([Path({str(folder)!r})])\n"
        "    built = sorted(m for m in ('reader.core.search.parser', 'whoosh.qparser', 'whoosh.fields') if m in sys.modules)\n"
        "    hits = lib.search('harbour').hits\n"
        "    print(built, len(hits), 'reader.core.search.parser' in sys.modules)\n"
    )
    repo = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[-2] == "[] 1 True"
