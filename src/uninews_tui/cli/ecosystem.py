"""Commands that connect uninews to the world around it.

``import-opml`` / ``export-opml`` (subscriptions from and to other readers),
``add`` / ``remove`` (feeds by URL, editing the user's feeds.toml),
``serve`` (the reader in a browser) and ``completion`` (shell completion
scripts). Thin: the work is in ``opml_import``, ``adding``, ``discovery``,
``config_edit`` and ``serve``.
"""

from __future__ import annotations

from pathlib import Path

import click

from uninews_tui.cli.context import AppContext, fail, pass_app


def _target(app: AppContext) -> Path:
    from uninews_tui.config_edit import editable_config_path

    return editable_config_path(app.config_path)


@click.command("import-opml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Count what would be imported; write nothing.")
@pass_app
def import_opml(app: AppContext, file: str, dry_run: bool) -> None:
    """Add the feeds of an OPML subscription list to your feeds.toml.

    Folders become institutions (feeds outside folders go to "imported");
    duplicates are skipped; commands and non-http URLs are refused, never run.
    """
    from uninews_tui.config_validate import quote
    from uninews_tui.opml_import import import_opml_file
    from uninews_tui.parse.text import clean_line

    report = import_opml_file(file, _target(app), dry_run=dry_run)
    for url, reason in report.refused:
        # The URL as written may carry C1 or bidi controls: then shown escaped, never raw.
        shown = url if url.isprintable() else quote(url, 200)
        click.echo(f"refused {shown}: {clean_line(reason)}", err=True)
    for warning in report.warnings:
        click.echo(f"note: {clean_line(warning)}", err=True)
    click.echo(("dry run: would have " if dry_run else "") + report.summary())


@click.command("export-opml")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of stdout.")
@pass_app
def export_opml(app: AppContext, output: str | None) -> None:
    """Print every source as OPML 2.0, grouped by institution."""
    from uninews_tui.opml_export import export_opml as render

    data = render(app.config)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    Path(output).write_bytes(data)
    click.echo(f"wrote {len(app.config.sources)} sources to {output}", err=True)


def _choose(candidates: list, assume_yes: bool) -> int | None:  # type: ignore[type-arg]
    if assume_yes:
        return 0
    answer = click.prompt(f"add which feed? [1-{len(candidates)}, q to quit]", default="1",
                          show_default=False)
    if answer.strip().lower() in ("q", "quit", ""):
        return None
    if answer.strip().isdigit() and 1 <= int(answer) <= len(candidates):
        return int(answer) - 1
    fail(f"not a choice: {answer!r}", 2)
    return None


@click.command("add")
@click.argument("url")
@click.option("--institution", "-i", metavar="ID",
              help="Add to this institution (an existing id, or a new one).")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Take the first feed found; ask nothing.")
@pass_app
def add(app: AppContext, url: str, institution: str | None, assume_yes: bool) -> None:
    """Find the feed at URL (a feed, or a page that links one) and add it."""
    from uninews_tui import adding
    from uninews_tui.config_validate import ID_PATTERN, ID_RULE, url_problem
    from uninews_tui.discovery import discover_sync

    if problem := url_problem(url):
        fail(problem, 2)
    if institution is not None and not ID_PATTERN.match(institution):
        fail(f"invalid institution id {institution!r}; {ID_RULE}", 2)
    config = app.config
    if institution is not None and institution not in config.institutions and not assume_yes:
        click.confirm(f"{institution!r} is not an institution yet; create it?", abort=True, default=True)
    found = discover_sync(url.strip(), config.settings)
    for problem in found.problems:
        click.echo(f"note: {problem}", err=True)
    if not found.candidates:
        fail(f"no feed found at {url}")
    for number, candidate in enumerate(found.candidates, 1):
        title = candidate.title or "(untitled)"
        click.echo(f"{number}. {candidate.url}  {title}  ({candidate.item_count} items)")
    choice = _choose(found.candidates, assume_yes)
    if choice is None:
        fail("nothing added", 1)
        return
    picked = found.candidates[choice]
    if (existing := adding.existing_source_for(config, picked.url)) is not None:
        fail(f"{picked.url} is already the source {existing!r}")
    name = None
    chosen = institution or adding.institution_for_url(config, picked.url)
    if chosen is None or chosen not in config.institutions:
        chosen = chosen or adding.proposed_institution(config, picked.url, picked.title)
        if not assume_yes:
            name = click.prompt(f"name of the new institution {chosen!r}", default=picked.title or chosen)
    added = adding.add_feed_source(_target(app), picked.url, picked.title, institution_id=chosen,
                                   institution_name=name)
    created = " (new institution)" if added.institution_created else ""
    click.echo(f"added {added.source_id} to {added.institution_id}{created} in {added.config_path}; "
               "`uninews refresh` fetches it")


@click.command("remove")
@click.argument("source_id")
@pass_app
def remove(app: AppContext, source_id: str) -> None:
    """Remove a source from your feeds.toml (its cached articles and your bookmarks stay)."""
    from uninews_tui.config_edit import remove_source

    target = _target(app)
    remove_source(target, source_id)
    click.echo(f"removed {source_id} from {target}; its articles stay in the cache until purged, "
               "and bookmarks are never affected")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public", is_flag=True, help="Allow a non-loopback --host (there is no login).")
@click.option("--public-url", metavar="URL",
              help="The URL browsers use, when behind a proxy or on another host.")
@pass_app
def serve(app: AppContext, host: str, port: int, public: bool, public_url: str | None) -> None:
    """Serve the reader to a web browser (textual-serve); loopback only by default."""
    from uninews_tui.serve import check_host, reader_command, run_server, server_url

    app.open_store()  # a bad config or database fails here, not in every browser tab
    app.close()
    if warning := check_host(host, public=public):
        click.echo(warning, err=True)
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        fail("uninews serve needs textual-serve: pip install 'uninews[serve]'")
    where = public_url or server_url(host, port)
    click.echo(f"uninews: serving the reader on {where} (Ctrl+C stops)", err=True)
    run_server(reader_command(app.config_path, app.db_path), host=host, port=port, public_url=public_url)


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]), required=False)
@click.pass_context
def completion(ctx: click.Context, shell: str | None) -> None:
    """Print the shell completion script (bash, zsh or fish; default: from $SHELL).

    \b
    bash: eval "$(uninews completion bash)"     (in ~/.bashrc)
    zsh:  eval "$(uninews completion zsh)"      (in ~/.zshrc)
    fish: uninews completion fish > ~/.config/fish/completions/uninews.fish
    """
    import os

    from click.shell_completion import BashComplete, FishComplete, ShellComplete, ZshComplete

    shell = shell or Path(os.environ.get("SHELL", "bash")).name
    classes = {"bash": BashComplete, "zsh": ZshComplete, "fish": FishComplete}
    if shell not in classes:
        fail(f"no completion for shell {shell!r}; choose bash, zsh or fish", 2)
    root = ctx.find_root().command
    complete = classes[shell](root, {}, "uninews", "_UNINEWS_COMPLETE")
    # ShellComplete.source, not BashComplete.source: the latter runs `bash` to check its version.
    click.echo(ShellComplete.source(complete))


COMMANDS = [import_opml, export_opml, add, remove, serve, completion]
