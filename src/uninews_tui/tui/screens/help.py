"""The ``?`` help screen: every key binding of the reader, as remapped by ``[keys]``.

The table is built from the ``BINDINGS`` of the classes that own them, so it
cannot drift from what the keys actually do; the same rows feed the command
palette.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyRow:
    """One binding as the help screen and the palette show it."""

    section: str
    keys: str
    description: str
    tooltip: str
    action: str
    binding_id: str | None
    owner: type[DOMNode]


def _display(keys: str) -> str:
    names = {"question_mark": "?", "backslash": "\\", "slash": "/", "plus": "+", "shift+tab": "Shift+Tab"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def key_table(owners: Sequence[tuple[str, type[DOMNode]]], keymap: Mapping[str, str]) -> list[KeyRow]:
    """Rows for every described binding of ``owners``, keys as remapped by ``keymap``.

    Args:
        owners: (section title, class owning ``BINDINGS``) in display order.
        keymap: Binding id -> keys, from the config's ``[keys]`` table.
    """
    rows: dict[tuple[str, str], KeyRow] = {}
    for section, owner in owners:
        bindings: list[BindingType] = list(owner.__dict__.get("BINDINGS", []))
        # "j,down" comes back as one Binding per key: gather them into one row.
        for binding in Binding.make_bindings(bindings):
            if not binding.description:
                continue
            remapped = keymap.get(binding.id) if binding.id else None
            keys = _display(remapped or binding.key)
            row = rows.get((section, binding.action))
            if row is None:
                rows[(section, binding.action)] = KeyRow(
                    section, keys, binding.description, binding.tooltip, binding.action, binding.id, owner
                )
            elif not remapped and keys not in row.keys.split(", "):
                rows[(section, binding.action)] = replace(row, keys=f"{row.keys}, {keys}")
    return list(rows.values())


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings by section; any of Esc, q, ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90; max-height: 90%; height: auto;
            background: $panel; border: thick $primary; padding: 0 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=False)
    ]

    def __init__(self, rows: Sequence[KeyRow]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        section = ""
        for row in self._rows:
            if row.section != section:
                section = row.section
                lines.append(Content.styled(("\n" if lines else "") + section, "bold $accent"))
            keys = Content.styled(f"{row.keys:<18}", "bold")
            lines.append(Content.assemble(keys, f"{row.description:<24}", (row.tooltip, "$foreground-muted")))
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(Content("\n").join(lines), id="help-keys")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
