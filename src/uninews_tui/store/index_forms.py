"""The text the full-text index is given for an article, and a hand-over of forms computed ahead.

The FTS5 triggers (``search_index``) index ``text_form(title)``, ``text_form(summary)``,
``body_form(body, content_html)`` and ``text_form(author)``. Computing those
(CJK bigrams, folding) is Python work done while the store holds its write
lock, in the refresh's busiest thread. A refresh that parses in worker
processes has the workers compute the forms too (:func:`compute`, pure and
deterministic, so the result is the same text), hands them over with
:func:`remember`, and the triggers take each one once instead of computing
it. Anything not handed over is computed as before; :func:`forget` drops
what was not used (articles that were already stored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from uninews_tui.search.cjk import index_text
from uninews_tui.search.document import body_text

Key = tuple[str, str, str]
LIMIT = 20_000
"""Forms held at most (a refresh that never stores what it handed over cannot grow without end)."""

_forms: dict[Key, str] = {}


def text_form(text: str | None) -> str:
    """What the index holds for a title, summary or author."""
    try:
        return index_text(text)
    except Exception:  # noqa: BLE001 - a trigger must not abort the write; deterministic either way
        return ""


def body_form(body: str | None, content_html: str | None) -> str:
    """What the index holds for an article's body (its Markdown body, else its feed HTML)."""
    try:
        return index_text(body_text(body, content_html))
    except Exception:  # noqa: BLE001
        return ""


def compute(articles: Iterable[tuple[str, str, str, str]]) -> dict[Key, str]:
    """Forms of new articles given as ``(title, summary, author, content_html)`` (no body yet).

    Texts that index as themselves (most English) are left out: the trigger's
    own check for them is as cheap as a lookup.
    """
    forms: dict[Key, str] = {}
    for title, summary, author, content_html in articles:
        for text in (title, summary, author):
            form = text_form(text)
            if text and form != text:
                forms[("text", text, "")] = form
        forms[("body", "", content_html or "")] = body_form(None, content_html)
    return forms


def remember(forms: Mapping[Key, str]) -> None:
    """Hand over forms for the next writes (any thread)."""
    if len(_forms) + len(forms) > LIMIT:
        _forms.clear()
    _forms.update(forms)


def forget() -> None:
    """Drop the forms not taken (call when the refresh that handed them over is done)."""
    _forms.clear()


def indexed_text(text: str | None) -> str:
    """The trigger's ``uninews_index_text``: a handed-over form, else computed."""
    if text and _forms:
        form = _forms.pop(("text", text, ""), None)
        if form is not None:
            return form
    return text_form(text)


def indexed_body(body: str | None, content_html: str | None) -> str:
    """The trigger's ``uninews_index_body``: a handed-over form, else computed."""
    if not body and _forms:
        form = _forms.pop(("body", "", content_html or ""), None)
        if form is not None:
            return form
    return body_form(body, content_html)
