"""`invoke bench`: Foothold against stock Pelican 4.12 on the same posts, every target of issue 18.

corpus.py writes the deterministic corpora (generated posts; a realistic blog from prose.py's
text), stock.py a stock Pelican project for them, measure.py times one build in a fresh process
(wall time, CPU time and peak memory of the whole process tree), harness.py interleaves the builds,
interrupt.py checks Ctrl-C and SIGTERM during a build, and report.py writes docs/benchmarks.md;
profile.py splits a Foothold build into parts. Entry points: ``python -m bench`` and
``bench.harness.run_bench``.
"""
