"""``uninews search`` and ``uninews list --keyword`` on the search fixtures (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_support import load_fixtures
from uninews_tui.cli import cli
from uninews_tui.store import Store


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "u.db"
    store = Store.open(path)
    load_fixtures(store)
    store.close()
    return path


def run(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_search_prints_each_hit_with_its_snippet(db_path):
    code, out, _ = run(db_path, "search", "港大", "--limit", "5")
    assert code == 0
    lines = out.splitlines()
    assert "港大學生贏得辯論比賽" in lines[0]  # best first: 港大 in the title
    assert lines[1].strip() == "港大代表隊在決賽中擊敗多支隊伍。"
    assert any("港大醫學院將舉辦公開講座" in line for line in lines)


def test_search_json_has_snippets_and_warnings_go_to_stderr(db_path):
    code, out, err = run(db_path, "search", '"clinical trial', "--json")
    assert code == 0
    hits = json.loads(out)
    assert [hit["title"] for hit in hits][0] == "A clinical trial tests a gentler cancer drug"
    assert all("snippet" in hit for hit in hits)
    assert "unbalanced quote" in err


def test_list_keyword_uses_the_same_engine(db_path):
    code, out, _ = run(db_path, "list", "--keyword", "醫學 inst:hku", "--json")
    assert code == 0
    assert {a["title"] for a in json.loads(out)} == {"香港大學醫學院研發新藥", "校園簡訊"}
