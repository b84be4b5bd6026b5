"""speed: Foothold's optional speed layer (caches, worker pools, page reuse, quick rebuilds).

Listed in PLUGINS as "speed" (anywhere after "foothold"). Nothing else imports it; without it a build does the plain thing and writes the same bytes
(tests/test_speed_off.py). See README.md for each mechanism and what it measured.
"""

from foothold import signals as foothold_signals
from pelican import signals as pelican_signals

from .bodies import record_read_order
from .layer import answer, close_staging, finish_reading, install, prepare_folders, record, uninstall
from .page_pool import compile_theme_while_reading, deferred_writer, render_deferred_pages
from .render_memo import keep_compiled_templates
from .settings import DEFAULTS, NAME

KNOWN_SETTINGS = frozenset({NAME})  # SPEED = {...} (settings.py); read by foothold.config
NAMESPACED_SETTINGS = {NAME: tuple(DEFAULTS)}  # foothold.config names an old setting's new spelling


def register():
    foothold_signals.build_started.connect(install)
    foothold_signals.before_pelican_run.connect(answer)
    foothold_signals.staging_closing.connect(close_staging)
    foothold_signals.output_replaced.connect(record)
    foothold_signals.build_finished.connect(uninstall)
    pelican_signals.initialized.connect(prepare_folders)
    pelican_signals.generator_init.connect(keep_compiled_templates)
    pelican_signals.article_generator_preread.connect(record_read_order)
    pelican_signals.article_generator_preread.connect(compile_theme_while_reading)
    pelican_signals.all_generators_finalized.connect(finish_reading)
    # Pages are rendered in worker processes once all are known (page_pool.py), before any
    # ``finalized`` receiver reads them (the kernel sends pages_finishing from the first one).
    pelican_signals.get_writer.connect(deferred_writer)
    foothold_signals.pages_finishing.connect(render_deferred_pages)
