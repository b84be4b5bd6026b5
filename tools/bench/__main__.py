"""python -m bench [--posts 100,1000] [--repeat 5] [--no-write] [--no-profile] [--theme DIR]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .harness import run_bench


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[2]), help="the Foothold project")
    parser.add_argument("--posts", default="100,1000", help="comma-separated sizes, e.g. 100,1000,5000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cell (medians are reported)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build")
    parser.add_argument("--theme", help="build Foothold with this theme folder (to compare a theme change)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.posts.split(",") if s.strip()]
    text = run_bench(args.root, sizes=sizes, repeat=args.repeat, write=not args.no_write,
                     profile_posts=None if args.no_profile else max(sizes),
                     log=lambda m: print(m, file=sys.stderr, flush=True), theme=args.theme)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
