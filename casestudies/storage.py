"""Static files: whitenoise's compressed, hashed files, with JavaScript modules' imports hashed too.

``support_js_module_import_aggregation`` makes Django's manifest storage rewrite
``import … from "./word-count.js";`` inside ``app.mjs`` to the hashed name
(``./word-count.1a2b3c4d5e6f.js``), so every script the pages load is a hashed file that
whitenoise serves as immutable for a year; without it the hashed module would import unhashed
files, cached for 60 seconds and possibly out of step with it.
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
    # Django looks for imports in *.js files only; the site's entry module is app.mjs.
    _js_module_import_aggregation_patterns = (
        "*.*js",
        ManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
    )
