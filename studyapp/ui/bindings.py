"""Bindings are declared in English and translated per instance, so the language can change live."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from studyapp.i18n import _

_ORIGINALS = "_studyapp_english_bindings"


def localise_bindings(node: DOMNode) -> None:
    """Give ``node`` copies of its bindings with descriptions in the current language.

    Textual copies the class's bindings into each instance (and the app adds the
    command palette's). The first call keeps that English map aside; every call
    translates from it, so switching language back and forth stays exact.
    """
    originals: BindingsMap = getattr(node, _ORIGINALS, None) or node._bindings.copy()
    setattr(node, _ORIGINALS, originals)
    localised = BindingsMap()
    for key, bindings in originals.key_to_bindings.items():
        localised.key_to_bindings[key] = [
            replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
    node._bindings = localised


def relabel_keys(screen: Screen[Any]) -> None:
    """Translate the key descriptions of a screen and of its own widgets, then the footer."""
    localise_bindings(screen)
    for widget in screen.query("*"):
        if type(widget).__module__.startswith("studyapp."):
            localise_bindings(widget)
    screen.refresh_bindings()
