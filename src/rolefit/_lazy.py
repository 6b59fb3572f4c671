"""Names a package exports without importing the modules that define them until first use.

``rolefit.ml`` and ``rolefit.corpus`` list their public names in a mapping (name -> private
submodule) and import the submodule on first access (PEP 562), so that ``import rolefit.cli``
or a help text does not pay for scikit-learn or pandas. This is the one home of that module
``__getattr__`` / ``__dir__`` pair.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    namespace: dict[str, Any], modules: Mapping[str, str], exported: list[str] | tuple[str, ...],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module-level ``__getattr__`` and ``__dir__`` for the package whose globals are ``namespace``.

    Parameters
    ----------
    namespace : dict
        The package's ``globals()``; a name, once imported, is stored there, so later accesses
        do not reach ``__getattr__``.
    modules : mapping of str to str
        Public name -> submodule of the package that defines it (``"_metrics"``).
    exported : list or tuple of str
        The package's ``__all__``, which ``__dir__`` returns sorted.

    Returns
    -------
    (__getattr__, __dir__)
        ``__getattr__`` raises AttributeError for a name outside ``modules``.
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(exported)

    return __getattr__, __dir__
