"""Foothold's own build signals (blinker, as Pelican's are), for plugins that act around a build.

- ``build_started.send(state, settings=...)``: the settings are loaded, Pelican has not run; an
  optional layer installs what it changes for this build here.
- ``before_pelican_run.send(state, settings=..., output=...)``: a receiver may answer for the
  build instead of Pelican (a quick rebuild). It returns ``None`` to let Pelican run, or the
  stats dict of a build it finished itself, or ``False`` for one it failed (problems in
  ``state.problems``; it sets ``state.committed`` once it put new files in ``output``). Only
  development builds with link checks send it.
- ``build_finished.send(state, ok=...)``: always, in a ``finally``, whatever happened; receivers
  undo what they installed and stop what they started.
"""

from blinker import Namespace

_foothold = Namespace()  # signals are made once at import and never change (as Pelican's)

build_started = _foothold.signal("foothold.build_started")
before_pelican_run = _foothold.signal("foothold.before_pelican_run")
build_finished = _foothold.signal("foothold.build_finished")
