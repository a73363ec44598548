"""Hypothesis profiles: how many examples each property test tries, by one setting for the whole suite.

``HYPOTHESIS_PROFILE=quick`` for a quick look, ``thorough`` before a release; the default is what CI runs on
two cores. A test asks for a share of the profile's examples (`examples`), more for cheap properties, fewer for
whole games.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("quick", max_examples=20, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def examples(share: float) -> int:
    """``share`` of the loaded profile's examples (at least 5)."""
    return max(5, round(settings.default.max_examples * share))
