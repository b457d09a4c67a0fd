"""Limits for containers and XML: zip bombs and entity tricks are refused, never expanded."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from studyapp.core.refusal import Refused
from studyapp.core.translate import Translate, untranslated

_MB = 1024 * 1024
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip may hold once unpacked."""

    total: int = 256 * _MB  # all members together
    member: int = 128 * _MB  # any one member
    ratio: int = 100  # uncompressed / compressed, for members over ``ratio_floor``
    ratio_floor: int = 1 * _MB
    entries: int = 10_000


class SafeZip:
    """A zip archive read within :class:`ZipLimits`; sizes are counted, not trusted.

    ``_`` translates its refusals (``studyapp.i18n._``); English without one.
    """

    def __init__(
        self, data: bytes, limits: ZipLimits | None = None, _: Translate = untranslated
    ) -> None:
        self.limits = limits or ZipLimits()
        self.translate = _
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise Refused("corrupt", _("damaged or truncated ZIP container")) from error
        if len(infos) > self.limits.entries:
            raise Refused("zip_bomb", _("too many files inside the archive"))
        self.infos = {info.filename: info for info in infos}
        self.read_total = 0
        declared = sum(info.file_size for info in infos)
        if declared > self.limits.total:
            raise Refused("zip_bomb", _zip_bomb_reason(_))

    def names(self) -> list[str]:
        """Member names in archive order."""
        return list(self.infos)

    def has(self, name: str) -> bool:
        """Whether the archive holds ``name``."""
        return name in self.infos

    def read(self, name: str) -> bytes:
        """A member's bytes, refused when it unpacks past the limits.

        Raises:
            Refused: ``missing_part``, ``encrypted``, ``zip_bomb`` or ``corrupt``.
        """
        _ = self.translate
        info = self.infos.get(name)
        if info is None:
            raise Refused("corrupt", _("the container lacks {name}").format(name=name))
        if info.flag_bits & 0x1:
            raise Refused("encrypted", _("password-protected archive"))
        cap = min(self.limits.member, self.limits.total - self.read_total)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while chunk := handle.read(1 << 16):
                    size += len(chunk)
                    if size > cap or self._ratio_exceeded(size, info.compress_size):
                        raise Refused("zip_bomb", _zip_bomb_reason(_))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise Refused("corrupt", _("damaged or truncated ZIP container")) from error
        self.read_total += size
        return b"".join(chunks)

    def xml(self, name: str) -> Element:
        """A member parsed by :func:`parse_xml`, refused in the archive's language."""
        return parse_xml(self.read(name), self.translate)

    def _ratio_exceeded(self, size: int, compressed: int) -> bool:
        if size <= self.limits.ratio_floor:
            return False
        return size > self.limits.ratio * max(compressed, 1)


def _zip_bomb_reason(_: Translate) -> str:
    return _("the archive unpacks to far more than it holds (zip bomb); refused")


def parse_xml(data: bytes, _: Translate = untranslated) -> Element:
    """Parse an XML part with entity declarations, DTDs' entities and external references off.

    Raises:
        Refused: ``xml_entities`` for any entity declaration, ``corrupt`` for bad XML.
    """
    refuse_entities(data, _)
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise Refused("xml_entities", _entities_reason(_)) from error
    except SafeET.ParseError as error:
        raise Refused("corrupt", _("malformed XML inside the document")) from error


def refuse_entities(data: bytes, _: Translate = untranslated) -> None:
    """Refuse XML or XHTML that declares entities (XXE, billion laughs) before any parser sees it.

    Raises:
        Refused: ``xml_entities``.
    """
    if _ENTITY_DECLARATION.search(data[:1_000_000]):
        raise Refused("xml_entities", _entities_reason(_))


def _entities_reason(_: Translate) -> str:
    return _("declares XML entities (entity expansion or external entities); refused")
