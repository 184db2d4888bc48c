"""The theme: chosen in the command palette, remembered in the store for the next run."""

from __future__ import annotations

from .pilot_support import press, settle


async def test_theme_is_offered_in_the_palette_and_remembered(make_app, store):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert any(command.title == "Theme" for command in app.get_system_commands(app.screen))
        await press(pilot, "ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await press(pilot, "escape")
        app.theme = "nord"  # what picking it in the palette's theme list does
        await settle(pilot)
        assert store.get_setting("theme") == "nord"

    again = make_app()
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
