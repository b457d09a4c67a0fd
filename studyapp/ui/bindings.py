"""Bindings are declared in English and translated per instance, so the language can change live."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from studyapp.i18n import _


def localise_bindings(node: DOMNode) -> None:
    """Replace ``node``'s bindings with copies whose descriptions are in the current language.

    Textual copies the class's merged bindings into each instance; we rebuild that
    copy from the untranslated class bindings, so calling this again after a
    language switch translates from the English originals.
    """
    original = type(node)._merged_bindings
    if original is None:
        return
    localised = BindingsMap()
    for key, bindings in original.key_to_bindings.items():
        localised.key_to_bindings[key] = [
            replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
    node._bindings = localised
