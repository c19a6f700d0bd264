"""Benchmark certificates as images: what `certify --image` adds, and `qa-check image`.

Certifies the examples (14 certificates) and N synthetic records (as bench_certify.py makes
them) without images, with `--image png` and with `--image jpg`, for each --jobs value; then
certifies again with images (every certificate and image kept), and runs `qa-check image` on
the certificates. Prints the CPU seconds of each run (the command's and its workers': on a
shared machine the wall time says more about the others), the images per CPU second that the
images add (the pages drawn, over the CPU seconds more than the run without), and the
narrowest width and largest file of the images written. It reports; it does not fail.

    python bench/bench_image.py [--records 200] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import ROOT, command, write_inputs  # a sibling script

ISSUED = ["--issued-at", "2026-11-23T09:00:00+08:00", "--no-sign", "-q"]


def timed(args: list[str]) -> float:
    """One CLI run as a user runs it, its output discarded: the CPU seconds it took.

    Its own and its workers' (user and system), which other work on a shared machine changes
    far less than the wall time; the wall time is printed beside, for reference.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"    ({' '.join(args[-9:])}: {wall:.2f} s wall, {cpu:.2f} s CPU)")
    return cpu


def widths_and_sizes(folder: Path, suffix: str) -> tuple[int, int, int]:
    """The images in ``folder``: how many, the narrowest width (px) and the largest file."""
    images = sorted(folder.glob(f"*.{suffix}"))
    narrowest = min((Image.open(path).size[0] for path in images), default=0)
    largest = max((path.stat().st_size for path in images), default=0)
    return len(images), narrowest, largest


def certified(name: str, source: Path, folder: Path, jobs: list[int]) -> None:
    """The certify runs of one source, each into a fresh folder, and what images add."""
    for n in jobs:

        def run(out: Path, n: int = n) -> list[str]:
            return [*command(), "certify", str(source), "-o", str(out), "--jobs", str(n), *ISSUED]

        plain = timed(run(folder / f"{name}-{n}"))
        print(f"{name}, --jobs {n}: certify without images {plain:.2f} s CPU")
        for kind in ("png", "jpg"):
            out = folder / f"{name}-{n}-{kind}"
            seconds = timed([*run(out), "--image", kind])
            count, narrowest, largest = widths_and_sizes(out, kind)
            added = max(seconds - plain, 1e-9)
            print(
                f"  --image {kind}: {seconds:.2f} s CPU, {count} images, {count / added:.1f} images"
                f" per CPU second added; narrowest {narrowest} px,"
                f" largest {largest / 1e6:.2f} MB"
            )
            again = timed([*run(out), "--image", kind])
            print(f"  again, all kept: {again:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    options = parser.parse_args()
    jobs = [int(n) for n in options.jobs.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        certified("examples", ROOT / "examples", folder, jobs)
        source = write_inputs(folder, options.records, yaml_files=False)["csv"]
        certified(f"{options.records} records", source, folder, jobs)
        pdfs = sorted((folder / f"examples-{jobs[0]}").glob("*_*.pdf"))
        for kind in ("png", "jpg"):
            out = folder / f"image-{kind}"
            seconds = timed(
                [*command(), "image", *map(str, pdfs), "--format", kind, "-o", str(out)]
            )
            count = widths_and_sizes(out, kind)[0]
            print(
                f"qa-check image --format {kind}, the examples: {seconds:.2f} s CPU, {count} images"
            )


if __name__ == "__main__":
    main()
