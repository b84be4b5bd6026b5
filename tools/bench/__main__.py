"""python -m bench [--posts 20,100,1000] [--repeat 5] [--memory-posts 5000 | --no-memory]
[--realistic 160] [--interrupt-posts N | --no-interrupt] [--no-variant] [--no-loaded]
[--no-profile] [--no-write] [--theme DIR]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .harness import run_bench


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[2]), help="the Foothold project")
    parser.add_argument("--posts", default="20,100,1000", help="comma-separated sizes of the generated corpus")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cell (medians are reported)")
    parser.add_argument("--memory-posts", type=int, default=5000, help="size of the single peak-memory run")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory run")
    parser.add_argument("--realistic", type=int, default=160, help="posts of the realistic corpus (0: skip it)")
    parser.add_argument("--interrupt-posts", type=int, default=0, help="size the interrupt checks build (default: the largest of --posts)")
    parser.add_argument("--no-interrupt", action="store_true", help="skip the Ctrl-C / SIGTERM checks")
    parser.add_argument("--no-variant", action="store_true", help="skip Foothold without its speed layer")
    parser.add_argument("--no-loaded", action="store_true", help="skip the runs with the second core busy")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build")
    parser.add_argument("--theme", help="build Foothold with this theme folder (to compare a theme change)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.posts.split(",") if s.strip()]
    text = run_bench(args.root, sizes=sizes, repeat=args.repeat, write=not args.no_write,
                     profile_posts=None if args.no_profile else max(sizes),
                     log=lambda m: print(m, file=sys.stderr, flush=True), theme=args.theme,
                     memory_posts=None if args.no_memory else args.memory_posts,
                     realistic_posts=args.realistic or None,
                     interrupt_posts=None if args.no_interrupt else (args.interrupt_posts or max(sizes)),
                     variant=not args.no_variant, loaded=not args.no_loaded)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
