"""Fuzz inputs for gklint: real and rendered reports in every format, mutated at the byte level and
inside their structure, and inputs built to hurt (the classes of the hostile-input issue).

``generate(count, seed)`` yields reproducible samples: sample ``i`` of seed ``s`` is always the
same bytes under the same name. ``tests/test_hostile_fuzz.py`` runs a small sample on every test
run; ``benchmarks/soak.py`` runs ten thousand and more.
"""

from tests.fuzz.generate import Sample, generate

__all__ = ["Sample", "generate"]
