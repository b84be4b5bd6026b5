"""Foothold's own build signals (blinker, as Pelican's are), for plugins that act around a build.

- ``build_started.send(state, settings=...)``: the settings are loaded and every plugin in
  PLUGINS is registered (build.py calls their ``register()`` first), Pelican has not run; an
  optional layer installs what it changes for this build here.
- ``before_pelican_run.send(state, settings=..., output=..., full=...)``: a receiver may answer for
  the build instead of Pelican (a quick rebuild), unless ``full`` (`invoke build --full`: it may
  only prepare). It returns ``None`` to let Pelican run, or the
  stats dict of a build it finished itself, or ``False`` for one it failed (problems in
  ``state.problems``; it sets ``state.committed`` once it put new files in ``output``). Only
  development builds with link checks send it (whether ``output`` exists yet or not).
- ``pages_finishing.send(state, settings=...)``: Pelican's generators are done writing, before
  any plugin's ``finalized`` receiver reads the pages (the kernel's own ``finalized`` receiver
  sends it, and "foothold" is the first plugin): a layer that only recorded the pages (the speed
  layer's page pool) writes them here. Blinker calls receivers in the order they were first
  connected in the process, which a plugin cannot rely on; this signal gives the order.
- ``staging_closing.send(state, settings=..., commit=...)``: with ``commit=True`` once the staged
  build passed its checks, just before it replaces ``output/``: receivers finish the work they
  started for it (a problem they add still fails the build); with ``commit=False`` from the
  build's clean-up, before the staging folder is removed: receivers stop whatever is left
  (a failed or interrupted build; after a commit there is nothing left).
- ``output_replaced.send(state, settings=..., output=...)``: the new site is in ``output``; a
  receiver writes what the next build may reuse (the speed layer's page record and snapshot).
  A Ctrl-C there is an interrupt after the commit (the new site stays, whole).
- ``build_finished.send(state, ok=...)``: always, in a ``finally``, whatever happened; receivers
  undo what they installed and stop what they started.
"""

from blinker import Namespace

_foothold = Namespace()  # signals are made once at import and never change (as Pelican's)

build_started = _foothold.signal("foothold.build_started")
before_pelican_run = _foothold.signal("foothold.before_pelican_run")
pages_finishing = _foothold.signal("foothold.pages_finishing")
staging_closing = _foothold.signal("foothold.staging_closing")
output_replaced = _foothold.signal("foothold.output_replaced")
build_finished = _foothold.signal("foothold.build_finished")
