"""Render a shortlist HTML report to PNG with headless Chromium, so a person can look at it.

Usage::

    python scripts/render_report_png.py out/shortlist.html docs/shortlist.png [--width 1200] [--height 1800]

Needs a Chromium (Debian: ``apt-get install chromium``) on PATH as ``chromium``,
``chromium-browser`` or ``google-chrome``; exits 1 with a message when there is none.
Chromium runs offline (``--disable-background-networking``, no extensions, no first-run
checks). With ``--colors N`` (default 128) the image is reduced to an N-colour palette with
Pillow (installed with matplotlib) to keep it small enough to commit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser() -> str | None:
    """The first Chromium-family browser on PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def render(html: Path, png: Path, *, width: int, height: int, colors: int) -> Path:
    """Screenshot the top ``width`` x ``height`` CSS pixels of ``html`` into ``png``."""
    browser = find_browser()
    if browser is None:
        raise SystemExit(f"no Chromium found (looked for {', '.join(BROWSERS)}); on Debian: apt-get install chromium")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        raw = Path(profile) / "shot.png"
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-background-networking", "--disable-extensions", "--no-first-run",
            f"--user-data-dir={profile}", f"--window-size={width},{height}",
            f"--screenshot={raw}", html.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        if colors:
            from PIL import Image

            with Image.open(raw) as img:
                img.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)
        else:
            shutil.copyfile(raw, png)
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1800)
    parser.add_argument("--colors", type=int, default=128, help="palette size; 0 keeps full colour")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html}: no such file; write one with `rolefit report JOURNAL --output ...`", file=sys.stderr)
        return 1
    out = render(args.html, args.png, width=args.width, height=args.height, colors=args.colors)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
