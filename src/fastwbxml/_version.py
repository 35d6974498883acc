"""The one place fastwbxml's version is written.

``pyproject.toml`` reads it for the package metadata (``[tool.setuptools.dynamic]``) and
``fastwbxml.__version__`` re-exports it, so the two cannot disagree.
"""
__version__ = "0.1.0"
