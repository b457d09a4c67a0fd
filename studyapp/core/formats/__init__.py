"""Readers for container formats (EPUB, DOCX, saved web pages, PDF): bytes in, sections out.

Every reader here is pure: it parses bytes already read, within the limits of
:mod:`studyapp.core.formats.limits`, and raises :class:`~studyapp.core.refusal.Refused`.
"""
