"""Shared building blocks for this site's plugins (not a plugin itself).

Holds the exception hierarchy and the per-build report that every plugin adds
content problems to, so that a build reports all of them at once.
"""
