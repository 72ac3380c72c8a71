"""Build hook: compile the gettext catalogues (.po → .mo) into the built package.

All metadata is in setup.cfg; this file only adds the compilation step, so that an
installed chainmap carries its translations ready for Python's gettext.
"""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def _catalog_module():
    spec = importlib.util.spec_from_file_location("chainmap_catalog", Path(__file__).parent / "chainmap" / "i18n" / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithCatalogues(build_py):
    """build_py that also writes chainmap/locale/*/LC_MESSAGES/*.mo."""

    def run(self):
        super().run()
        source = Path(__file__).parent / "chainmap" / "locale"
        _catalog_module().compile_catalogues(source, Path(self.build_lib) / "chainmap" / "locale")


setup(cmdclass={"build_py": BuildWithCatalogues})
