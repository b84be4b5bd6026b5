"""`invoke bench`: Foothold against stock Pelican 4.12 on the same generated posts (issue 7).

corpus.py writes a deterministic corpus, stock.py a stock Pelican project for it, measure.py times
one build in a fresh process (wall time, peak memory), harness.py interleaves the builds and
report.py writes the table to docs/benchmarks.md; profile.py splits a Foothold build into parts.
Entry points: ``python -m bench`` and ``bench.harness.run_bench``.
"""
