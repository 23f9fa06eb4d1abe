"""The LibreOffice side of the persistent renderer: a script run by LibreOffice's own Python.

Not imported by fawbrief: ``office/renderer.py`` runs it with the interpreter that has
LibreOffice's ``uno`` module (Debian: ``python3-uno`` for ``/usr/bin/python3``), so it uses
only the standard library and ``uno``. It starts ``soffice`` (argument 1) headless with the
private profile in folder argument 2 and a UNO pipe (no network port), then answers one JSON
request per line on stdin with one JSON line on stdout:

- ``{"op": "pdf", "in": DECK, "out": PDF}`` → ``{"ok": true, "pages": N}``
- ``{"op": "png", "in": DECK, "out": DIR, "slides": [1, 3] | null, "width": 1280}`` →
  ``{"ok": true, "slides": N, "files": [...]}``: ``DIR/slide-NN.png`` for the slides asked
  (all when null), numbered among the slides shown (hidden ones are skipped, as in a PDF)

and ``{"ok": false, "error": "..."}`` when one fails. The first line it writes is
``{"ok": true, "ready": true}`` once LibreOffice answers. End of input (its parent gone,
however it died) stops LibreOffice and the script; so does ``{"op": "quit"}``. LibreOffice
is in the script's process group and dies with its parent on Linux (``PR_SET_PDEATHSIG``).
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid

CONNECT_TIMEOUT_S = 60.0
PPTX_FILTER = "Impress MS PowerPoint 2007 XML"  # LibreOffice's import filter for .pptx


def main() -> int:
    """Start LibreOffice, say ready, answer requests until stdin ends."""
    profile = sys.argv[2]  # made, and removed, by the renderer
    pipe = f"fawbrief-{uuid.uuid4().hex}"
    office = _start_office(sys.argv[1], profile, pipe)
    desktop = None
    try:
        import uno  # LibreOffice's Python only

        desktop, ctx = _connect(uno, pipe, office)
        _reply({"ok": True, "ready": True})
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("op") == "quit":
                break
            try:
                _reply(_handle(uno, desktop, ctx, request))
            except Exception as exc:  # one bad deck must not end the renderer
                _reply({"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]})
    except Exception as exc:
        _reply({"ok": False, "error": f"LibreOffice did not start: {exc}"[:500]})
        return 1
    finally:
        _stop(office, desktop)
    return 0


def _start_office(soffice: str, profile: str, pipe: str) -> subprocess.Popen:
    scratch = os.path.join(profile, "tmp")
    os.mkdir(scratch)
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TMPDIR": scratch}
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--nologo",
               "--nodefault", "--norestore", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _connect(uno, pipe: str, office: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return desktop, ctx


def _props(uno, **values):
    from com.sun.star.beans import PropertyValue

    props = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        props.append(prop)
    return tuple(props)


def _handle(uno, desktop, ctx, request: dict) -> dict:
    url = uno.systemPathToFileUrl(os.path.abspath(request["in"]))
    doc = _open(uno, desktop, ctx, url, request["in"])
    if doc is None:
        raise ValueError("LibreOffice could not open the deck")
    try:
        if request["op"] == "pdf":
            out = uno.systemPathToFileUrl(os.path.abspath(request["out"]))
            doc.storeToURL(out, _props(uno, FilterName="impress_pdf_Export"))
            return {"ok": True, "pages": _shown(doc)}
        return _pngs(uno, ctx, doc, request)
    finally:
        doc.close(True)


def _open(uno, desktop, ctx, url: str, path: str):
    """The deck as a document model without a frame or a view, which no PDF or picture needs: on the 15
    built-in decks that takes about a tenth off LibreOffice's time to convert them, and the PDFs and pictures
    come out the same (the PDFs byte for byte but their creation date). Anything but a .pptx, or a deck
    the frameless load refuses, is opened the usual way, in a hidden frame."""
    if path.lower().endswith(".pptx"):
        doc = ctx.ServiceManager.createInstanceWithContext("com.sun.star.presentation.PresentationDocument", ctx)
        try:
            doc.load(_props(uno, URL=url, FilterName=PPTX_FILTER, ReadOnly=True))
            return doc
        except Exception:
            with contextlib.suppress(Exception):
                doc.close(True)
    return desktop.loadComponentFromURL(url, "_blank", 0, _props(uno, Hidden=True, ReadOnly=True))


def _shown(doc) -> int:
    pages = doc.DrawPages
    return sum(1 for i in range(pages.Count) if pages.getByIndex(i).Visible)


def _pngs(uno, ctx, doc, request: dict) -> dict:
    pages = doc.DrawPages
    shown = [pages.getByIndex(i) for i in range(pages.Count) if pages.getByIndex(i).Visible]
    wanted = request.get("slides") or range(1, len(shown) + 1)
    width = int(request.get("width", 1280))
    export = ctx.ServiceManager.createInstanceWithContext("com.sun.star.drawing.GraphicExportFilter", ctx)
    files = []
    for number in wanted:
        if not 1 <= number <= len(shown):
            continue
        page = shown[number - 1]
        height = round(width * page.Height / page.Width)
        target = os.path.join(request["out"], f"slide-{number:02d}.png")
        data = uno.Any("[]com.sun.star.beans.PropertyValue", _props(uno, PixelWidth=width, PixelHeight=height))
        export.setSourceDocument(page)
        export.filter(_props(uno, URL=uno.systemPathToFileUrl(os.path.abspath(target)), MediaType="image/png",
                             FilterData=data))
        files.append(target)
    return {"ok": True, "slides": len(shown), "files": files}


def _reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _stop(office: subprocess.Popen, desktop) -> None:
    if desktop is not None:
        with contextlib.suppress(Exception):  # already gone: the kill below makes sure
            desktop.terminate()
    if office.poll() is None:
        office.terminate()
        try:
            office.wait(timeout=5)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    sys.exit(main())
