"""One Foothold development build of a content folder, as `invoke build` runs it (a fresh process).

Usage: python -m bench.run_build ROOT CONTENT OUTPUT [--production] [--profile FILE] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run_build")
    parser.add_argument("root")
    parser.add_argument("content")
    parser.add_argument("output")
    parser.add_argument("--production", action="store_true")
    parser.add_argument("--profile", help="write cProfile stats of the build to this file")
    parser.add_argument("--cache", help="folder of the development cache (default: the project's)")
    parser.add_argument("--theme", help="build with this theme folder instead of the project's")
    args = parser.parse_args(argv)
    plugins = str(Path(args.root) / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from foothold.build import build_site, leave_garbage_to_exit
    from foothold.summary import format_summary

    overrides = {"PATH": args.content, "OUTPUT_PATH": args.output}
    if args.cache:
        overrides["SPEED"] = {"cache_path": args.cache}  # the speed plugin's setting (plugins/speed)
    if args.theme:
        overrides["THEME"] = args.theme
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(build_site, args.root, production=args.production, overrides=overrides)
        profiler.dump_stats(args.profile)
    else:
        result = build_site(args.root, production=args.production, overrides=overrides)
    leave_garbage_to_exit()  # as `invoke build` does
    if not result.ok:
        print(result.stderr_text, file=sys.stderr)
        return 1
    print(format_summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
