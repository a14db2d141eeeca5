"""The one place the site's plugins touch Pelican's internals (see ``internals``).

Not a Pelican plugin: it has no ``register`` and is not listed in ``PLUGINS``; the
plugins import it (``from pelican_adapter import internals``).
"""
