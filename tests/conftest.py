"""Settings shared by every test package."""

from __future__ import annotations


def pytest_configure(config) -> None:  # noqa: ANN001 - pytest's Config
    """Pin Hypothesis's examples to each test's own derandomized seed.

    Hypothesis (6.13x and later) draws about one value in twenty from the constants it finds in
    the project's own modules, and from whichever of them happen to be imported; so an edit to
    any module, or running one test file alone, changes which examples a property test sees. A
    failure must reproduce from the test alone, so the property tests draw without them."""
    try:  # lazy: the private module moves between Hypothesis versions
        from hypothesis.internal.conjecture import providers
    except ImportError:
        return
    if hasattr(providers, "_get_local_constants") and hasattr(providers, "Constants"):
        providers._get_local_constants = providers.Constants
