"""Import a NukeViet 2.0 archive (a ``mysqldump`` file and a copy of ``uploads/``) into
the site's Markdown articles.

Pure: nothing here imports Pelican. ``tasks.py`` (``invoke import-nukeviet``) calls
:func:`.importer.run`; the ``redirects`` plugin keeps the old addresses working.
"""
