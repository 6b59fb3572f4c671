"""The installed rolefit version: the one home of the version string.

Submodules import ``__version__`` from here, never from the package root, so that no
submodule depends on ``rolefit/__init__.py``.
"""

__version__ = "0.1.0"
