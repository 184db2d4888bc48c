"""Content-Encoding decoders whose every step yields a bounded amount of output.

httpx's own decoders inflate each network chunk in one call, so a 64 KB read
of a gzip or brotli bomb can become tens of megabytes (brotli: gigabytes)
before anyone can count it. These decoders hand out at most about
``CHUNK_SIZE`` bytes per step, so the caller's size cap (``settings.max_bytes``)
stops a bomb after a few chunks and memory stays bounded by the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Protocol

try:
    import brotli as _brotli

    # brotli < 1.2 cannot bound its output; then we neither ask for nor accept "br".
    _BROTLI: Any = _brotli if hasattr(_brotli.Decompressor(), "can_accept_more_data") else None
except ImportError:  # pragma: no cover - brotli ships with httpx[brotli]
    _BROTLI = None

CHUNK_SIZE = 64 * 1024
"""Upper bound (roughly; brotli may overshoot by half) of one decoded step."""

SUPPORTED_ENCODINGS: tuple[str, ...] = ("gzip", "deflate", "br") if _BROTLI else ("gzip", "deflate")
"""What we advertise in Accept-Encoding: exactly what we can decode with bounds."""


class BodyDecodeError(ValueError):
    """A compressed body that does not decompress."""


class Decoder(Protocol):
    """Turns raw body bytes into decoded bytes, a bounded step at a time."""

    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class IdentityDecoder:
    """No Content-Encoding (or one we do not know, as httpx also treats it)."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        yield from ()


class ZlibDecoder:
    """gzip (``wbits=31``), zlib-wrapped or raw deflate; data after the end is ignored."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._inflater: Any = None

    def _start(self, first: bytes) -> Any:
        if self.name == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            if not data:
                return
            self._inflater = self._start(data)
        inflater = self._inflater
        try:
            while data and not inflater.eof:
                out = inflater.decompress(data, CHUNK_SIZE)
                if out:
                    yield out
                data = inflater.unconsumed_tail
        except zlib.error as exc:
            raise BodyDecodeError(f"could not decode {self.name} body: {exc}") from exc

    def finish(self) -> Iterator[bytes]:
        inflater = self._inflater
        if inflater is None:
            return
        try:
            while not inflater.eof:
                out = inflater.decompress(b"", CHUNK_SIZE)
                if not out:
                    break
                yield out
            tail = inflater.flush()
        except zlib.error as exc:
            raise BodyDecodeError(f"could not decode {self.name} body: {exc}") from exc
        if tail:
            yield tail


class BrotliDecoder:
    """brotli with ``output_buffer_limit`` (brotli >= 1.2)."""

    def __init__(self) -> None:
        self._decompressor: Any = _BROTLI.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if data and not self._decompressor.is_finished():
            yield from self._drain(data)

    def finish(self) -> Iterator[bytes]:
        yield from self._drain(b"")

    def _drain(self, data: bytes) -> Iterator[bytes]:
        # With a limit, input stays buffered inside the decompressor and comes
        # out on later calls with empty input, one bounded piece at a time.
        decompressor = self._decompressor
        try:
            out = decompressor.process(data, output_buffer_limit=CHUNK_SIZE)
            while out:
                yield out
                if decompressor.is_finished():
                    return
                out = decompressor.process(b"", output_buffer_limit=CHUNK_SIZE)
        except _BROTLI.error as exc:
            raise BodyDecodeError(f"could not decode br body: {exc}") from exc


class ChainDecoder:
    """Several encodings, applied by the server in order, undone in reverse."""

    def __init__(self, decoders: list[Decoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield from self._through(1, self._decoders[0].feed(data))

    def finish(self) -> Iterator[bytes]:
        for index, decoder in enumerate(self._decoders):
            yield from self._through(index + 1, decoder.finish())

    def _through(self, index: int, chunks: Iterator[bytes]) -> Iterator[bytes]:
        if index == len(self._decoders):
            yield from chunks
            return
        for chunk in chunks:
            yield from self._through(index + 1, self._decoders[index].feed(chunk))


def make_decoder(content_encoding: str) -> Decoder:
    """A decoder for a Content-Encoding header value (``"gzip"``, ``"br"``, ``"gzip, br"``...).

    Raises:
        BodyDecodeError: for ``br`` when this brotli cannot bound its output.
    """
    decoders: list[Decoder] = []
    for name in reversed([part.strip().lower() for part in content_encoding.split(",")]):
        if name in ("gzip", "x-gzip", "deflate"):
            decoders.append(ZlibDecoder("deflate" if name == "deflate" else "gzip"))
        elif name == "br":
            if _BROTLI is None:
                raise BodyDecodeError("unsupported Content-Encoding br")
            decoders.append(BrotliDecoder())
    if not decoders:
        return IdentityDecoder()
    return decoders[0] if len(decoders) == 1 else ChainDecoder(decoders)
