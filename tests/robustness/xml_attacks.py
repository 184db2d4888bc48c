"""XML attack documents for the robustness suite, built around a listening socket that must stay silent.

Each document tries one way to make an XML parser expand, read a file or
reach the network. URLs point at :class:`Listener`, a TCP listener that
records every connection (and would answer with the word ``STOLEN``), so a
test can assert that nothing ever connected.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SECRET = "SECRET-MARKER-7f3a"
STOLEN = "STOLEN"


class Listener:
    """A TCP listener on 127.0.0.1 that records connections and answers them with STOLEN."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.connections: list[tuple[str, int]] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, peer = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(peer)
            with conn:
                body = f'<!ENTITY title "{STOLEN}"><!ENTITY % x "{STOLEN}">'.encode()
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


@contextmanager
def listener() -> Iterator[Listener]:
    server = Listener()
    server.thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.thread.join(timeout=5)
        server.sock.close()


def _rss(title: str, item_title: str, description: str, *, head: str = "", doctype: str = "") -> bytes:
    return (f'<?xml version="1.0"?>\n{doctype}{head}<rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://attack.example.edu/</link><item><title>{item_title}</title>"
            f"<link>https://attack.example.edu/1</link><guid>a1</guid>"
            f"<description>{description}</description></item></channel></rss>").encode()


def _laughs(levels: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)]
    return "\n".join(lines)


def attack_documents(target: str, secret_file: Path) -> dict[str, bytes]:
    """Name -> document; ``target`` is the listener's URL, ``secret_file`` holds :data:`SECRET`."""
    file_url = secret_file.as_uri()
    docs = {
        "billion_laughs": _rss("Laughs", "Joke &lol9;", "More &lol9;",
                               doctype=f"<!DOCTYPE rss [\n{_laughs()}\n]>\n"),
        "quadratic_blowup": _rss("Quadratic", "Q", "&big;" * 20_000,
                                 doctype=f'<!DOCTYPE rss [<!ENTITY big "{"B" * 100_000}">]>\n'),
        "external_file_entity": _rss("File &xxe;", "Title &xxe;", "Body &xxe;",
                                     doctype=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{file_url}">]>\n'),
        "etc_passwd_entity": _rss("Passwd", "Title &xxe;", "Body &xxe;",
                                  doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
        "external_http_entity": _rss("HTTP &ext;", "Title &ext;", "Body &ext;",
                                     doctype=f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{target}/entity">]>\n'),
        "parameter_entity": _rss("Param &title;", "Title", "Body",
                                 doctype=f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{target}/p.dtd"> %p;]>\n'),
        "external_dtd": _rss("DTD &title;", "Title &title;", "Body",
                             doctype=f'<!DOCTYPE rss SYSTEM "{target}/evil.dtd">\n'),
        "public_dtd": _rss("Public &title;", "Title", "Body",
                           doctype=f'<!DOCTYPE rss PUBLIC "-//Evil//DTD//EN" "{target}/public.dtd">\n'),
        "xinclude": _rss("XInclude", "Title", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                         f'href="{target}/x.xml" parse="text"/><xi:include '
                         f'xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" parse="text"/>'),
        "stylesheet_pi": _rss("Stylesheet", "Title", "Body",
                              head=f'<?xml-stylesheet type="text/xsl" href="{target}/s.xsl"?>\n'),
        "schema_location": _rss("Schema", "Title", "Body").replace(
            b'<rss version="2.0">', f'<rss version="2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f' xsi:schemaLocation="urn:x {target}/schema.xsd">'.encode()),
        # Ill-formed (unclosed <b>): goes down the repair and feedparser paths with its DOCTYPE.
        "ill_formed_with_entities": _rss("Broken &ext; &xxe;", "<b>Unclosed &ext;", "Body &xxe; &lol9;",
                                         doctype=f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{target}/e2">'
                                         f'<!ENTITY xxe SYSTEM "{file_url}">\n{_laughs()}]>\n'),
        "atom_xxe": (f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "{file_url}">'
                     f'<!ENTITY net SYSTEM "{target}/atom">]><feed xmlns="http://www.w3.org/2005/Atom">'
                     "<title>Atom &xxe;</title><entry><title>Entry &net;</title><id>urn:a1</id>"
                     '<link href="https://attack.example.edu/a1"/><content type="html">&xxe;</content>'
                     "</entry></feed>").encode(),
    }
    docs["utf16_billion_laughs"] = docs["billion_laughs"].decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    return docs


def opml_attack(target: str, secret_file: Path) -> bytes:
    """An OPML subscription list carrying every entity trick at once."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">'
            f'<!ENTITY net SYSTEM "{target}/opml">\n{_laughs()}]>\n'
            '<opml version="2.0"><head><title>Subs &xxe; &lol9;</title></head><body>'
            '<outline text="Feeds &net;"><outline type="rss" text="News &xxe;" title="News &lol9;" '
            'xmlUrl="https://opml.example.edu/feed.xml"/></outline></body></opml>').encode()


def xhtml_attack(target: str, secret_file: Path) -> bytes:
    """An XHTML article page with external entities, for the extractors."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">'
            f'<!ENTITY net SYSTEM "{target}/page">]>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page &xxe;</title></head><body>'
            '<article><h1>Headline &net;</h1>' + "<p>Plain paragraph of the article text. &xxe;</p>" * 12
            + '<ul class="news"><li><a href="/n/1">Item &net;</a> <span>2026-11-02</span></li></ul>'
            "</article></body></html>").encode()
