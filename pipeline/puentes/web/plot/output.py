"""Writing a picture: SVG as drawn, a standalone HTML page, or PNG (rendered by Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from puentes.errors import PuentesError
from puentes.web.outputs import OutputError, ensure_folder, output_error
from puentes.web.plot.kinds import Picture
from puentes.web.plot.svg import esc

FORMATS = (".svg", ".html", ".png")


def html_page(picture: Picture, lang: str = "en") -> str:
    """A standalone page holding the picture (inline SVG: hover titles and links work)."""
    return (f'<!doctype html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            f"<title>{esc(picture.title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<style>body{margin:1rem;font-family:system-ui,sans-serif}"
            "svg{max-width:100%;height:auto}</style></head><body>\n"
            f"{picture.svg}\n<p><small>puentes query {esc(picture.query)} — "
            f"{picture.rows} row(s)</small></p>\n</body></html>\n")


def chromium() -> str | None:
    """The Chromium executable (``$PUENTES_CHROMIUM``, else on the PATH), or None."""
    env = os.environ.get("PUENTES_CHROMIUM")
    if env:
        return env
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                        "google-chrome")) if p), None)


def to_png(svg: str, out: Path, scale: float = 1.0) -> None:
    """Render SVG to PNG with headless Chromium (no network: a local file)."""
    exe = chromium()
    if exe is None:
        raise PuentesError("PNG needs Chromium, which was not found",
                           "install it (apt-get install chromium), set PUENTES_CHROMIUM, or "
                           "write .svg or .html instead")
    import re

    m = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    width, height = (float(m.group(1)), float(m.group(2))) if m else (960.0, 600.0)
    with tempfile.TemporaryDirectory(prefix="puentes-plot-") as tmp:
        page = Path(tmp) / "picture.html"
        page.write_text('<!doctype html><html><head><meta charset="utf-8"><style>'
                        "html,body{margin:0;background:#fff}</style></head><body>"
                        + svg + "</body></html>", encoding="utf-8")
        shot = Path(tmp) / "shot.png"
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--hide-scrollbars",
               f"--force-device-scale-factor={scale:g}",
               f"--window-size={int(width + 1)},{int(height + 1)}",
               f"--screenshot={shot}", page.as_uri()]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=120,
                           cwd=tmp, env={**os.environ, "HOME": tmp})
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            raise PuentesError(f"Chromium could not render the picture: {err}",
                               "write .svg or .html instead") from None
        if not shot.is_file():
            raise PuentesError("Chromium wrote no PNG", "write .svg or .html instead")
        out.write_bytes(shot.read_bytes())


def write(picture: Picture, out: Path, lang: str = "en") -> None:
    """Write the picture to ``out`` in the format its suffix names (.svg, .html, .png),
    atomically (a temporary file renamed), so a failure never leaves half a file."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise PuentesError(f"{out}: unknown picture format {suffix or '(none)'}",
                           "end the file name in .svg, .html or .png")
    ensure_folder(out.parent, "--out", out)
    if out.is_dir():
        raise OutputError(f"--out {out}: a folder of that name exists",
                          "give a file name, e.g. --out picture.svg")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        if suffix == ".svg":
            tmp.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + picture.svg + "\n",
                           encoding="utf-8")
        elif suffix == ".html":
            tmp.write_text(html_page(picture, lang), encoding="utf-8")
        else:
            to_png(picture.svg, tmp)
        tmp.replace(out)
    except OSError as err:
        raise output_error(err, out.parent, f"--out {out}", "--out") from None
    finally:
        tmp.unlink(missing_ok=True)
