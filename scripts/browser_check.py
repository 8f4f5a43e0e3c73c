"""Open notebooks in JupyterLab in headless Chromium, save screenshots (``make browser-check``).

The check is optional and not part of ``make test``: it needs a Chromium binary, which the virtual
environment cannot provide (on Debian: ``apt-get install chromium``). What ``make test`` does run is
``tests/test_jupyterlab.py``, which starts the *same* server through :func:`lab_server` and drives
it through its REST and websocket API.

The server listens on 127.0.0.1 only, on a free port, without token or password (anyone on this
machine could use it while it runs, which is why it lives only for the check and has no terminals).
Its configuration, data, runtime, IPython and checkpoint directories are temporary, so nothing under
``$HOME`` or in the work tree is written, and JupyterLab's news feed, update check and PyPI
extension manager are switched off, so nothing leaves the machine.

Usage::

    .venv/bin/python scripts/browser_check.py [NOTEBOOK ...] [--out DIR] [--timeout SECONDS]

Screenshots go to ``output/browser-check/<notebook stem>.png`` (``output/`` is git-ignored).
See docs/browser-check.md.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
OUTPUT_DIR = REPO / "output" / "browser-check"

#: Chromium binaries tried in order (Debian's package installs ``chromium``).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install it on Debian with `apt-get install chromium` (as root), "
    "then run `make browser-check` again"
)


#: User settings of the throw-away Lab: never ask to fetch news (the prompt would cover the
#: screenshot), never autosave (a browser left open must not rewrite a notebook, nor through
#: jupytext its paired .py).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


class LabServerError(RuntimeError):
    """JupyterLab did not start, or did not answer in time; the message carries the server's log."""


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: where it answers and where its log and runtime files are."""

    url: str
    port: int
    pid: int
    root_dir: Path
    runtime_dir: Path
    log_path: Path

    def log_tail(self, n_chars: int = 4000) -> str:
        """The last ``n_chars`` characters of the server's stdout and stderr."""
        return _tail(self.log_path, n_chars)


def _tail(path: Path, n_chars: int) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "<no server log>"
    return text[-n_chars:]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the server may still move on: see :func:`lab_server`)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_command(
    root_dir: Path, port: int, *, python: str = sys.executable, checkpoint_dir: Path | None = None
) -> list[str]:
    """The command starting JupyterLab on loopback, with authentication, news and terminals off."""
    cmd = [
        python,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        # if another process takes the port between free_port() and bind, the server moves on; the
        # real port is read back from its runtime file
        "--ServerApp.port_retries=20",
        f"--ServerApp.root_dir={root_dir}",
        # ServerApp.token and ServerApp.password are deprecated (jupyter_server 2) in favour of
        # these two
        "--IdentityProvider.token=",
        "--PasswordIdentityProvider.hashed_password=",
        "--ServerApp.terminals_enabled=False",
        # JupyterLab 4 would otherwise offer to fetch its news feed and check PyPI for updates
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # the default 'pypi' extension manager queries pypi.org when its panel is opened
        "--LabApp.extension_manager=readonly",
    ]
    if checkpoint_dir is not None:
        # Lab makes a checkpoint of every notebook it opens; keep them out of the work tree
        cmd.append(f"--FileCheckpoints.checkpoint_dir={checkpoint_dir}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def _isolated_env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "lab" / "workspaces",
        "IPYTHONDIR": base / "ipython",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    for plugin, settings in LAB_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    env.pop(
        "JUPYTER_PATH", None
    )  # kernelspecs come from the environment's sys.prefix, not the caller's
    env.pop("JUPYTER_TOKEN", None)
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("TQDM_DISABLE", "1")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _runtime_info(runtime_dir: Path, pid: int) -> dict | None:
    path = runtime_dir / f"jpserver-{pid}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not written yet, or half-written
        return None


def _status_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}api/status", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _children(pid: int) -> list:
    try:
        import psutil
    except ImportError:
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the server (it shuts its kernels down), then SIGKILL its group and any survivor."""
    kids = _children(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the server was started as the leader of its own group
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    # kernels are started in sessions of their own, so the group kill does not reach them
    for kid in kids:
        with contextlib.suppress(Exception):
            if kid.is_running():
                kid.kill()


@contextlib.contextmanager
def lab_server(
    root_dir: Path = NOTEBOOKS_DIR, *, python: str = sys.executable, timeout: float = 60.0
) -> Iterator[LabServer]:
    """Run JupyterLab on 127.0.0.1 for the duration of a ``with`` block.

    Parameters
    ----------
    root_dir
        The directory the server serves (``notebooks/`` by default).
    python
        The interpreter that runs the server; the ``python3`` kernel is the one installed in its
        ``sys.prefix``.
    timeout
        Seconds to wait for ``/api/status`` to answer 200.

    Yields
    ------
    LabServer
        ``url`` ends with ``/``; there is no token.

    Raises
    ------
    LabServerError
        If the server exits or does not answer within ``timeout``; the message includes its log.
    """
    root_dir = Path(root_dir).resolve()
    if not root_dir.is_dir():
        raise LabServerError(f"root_dir must be an existing directory; got {str(root_dir)!r}")
    with tempfile.TemporaryDirectory(prefix="lab-check-") as tmp:
        base = Path(tmp)
        env = _isolated_env(base)
        runtime_dir = Path(env["JUPYTER_RUNTIME_DIR"])
        log_path = base / "server.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                lab_command(
                    root_dir, free_port(), python=python, checkpoint_dir=base / "checkpoints"
                ),
                cwd=root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            deadline = time.monotonic() + timeout
            url = None
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise LabServerError(
                        f"JupyterLab exited with code {proc.returncode} before answering; "
                        "its log:\n" + _tail(log_path, 4000)
                    )
                info = _runtime_info(runtime_dir, proc.pid)
                if info is not None:
                    url = f"http://127.0.0.1:{info['port']}{info.get('base_url', '/')}"
                    if _status_ok(url):
                        break
                time.sleep(0.2)
            else:
                raise LabServerError(
                    f"JupyterLab did not answer {url or 'its runtime file'} within {timeout:g} s; "
                    "its log:\n" + _tail(log_path, 4000)
                )
            yield LabServer(
                url=url,
                port=int(info["port"]),
                pid=proc.pid,
                root_dir=root_dir,
                runtime_dir=runtime_dir,
                log_path=log_path,
            )
        finally:
            _stop(proc)


def find_chromium() -> str | None:
    """The first Chromium-like browser on ``PATH``, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (ValueError if the file is not a PNG)."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def distinct_colours(path: Path) -> int | None:
    """How many colours a screenshot has (a page not rendered has ~1); None without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        return None
    with Image.open(path) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20


#: JavaScript evaluated in the page until both are set: the first heading of the notebook on show,
#: and the kernel state from that notebook's toolbar indicator (JupyterLab 4 sets ``data-status`` to
#: "idle" once connected). An error dialog with no notebook behind it ends the wait early.
READY_JS = """(() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const heading = panel && panel.querySelector('.jp-RenderedMarkdown h1');
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  return JSON.stringify({
    heading: heading ? heading.textContent.replace(/\\u00b6$/, '') : null,
    idle: indicator ? indicator.dataset.status === 'idle' : false,
    dialog: dialog ? dialog.innerText.slice(0, 500) : null,
  });
})()"""


@dataclass
class Shot:
    """What one screenshot found: Lab ready or not, the notebook's heading, page errors, time."""

    ok: bool
    heading: str | None
    kernel_idle: bool
    exceptions: list[str]
    seconds: float
    message: str = ""


class _DevTools:
    """The few DevTools Protocol calls needed, over websocket-client (jupyter_server needs it)."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        # Chromium refuses DevTools websockets that carry an Origin it was not told to allow
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.exceptions: list[str] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == "Runtime.exceptionThrown":
                details = msg["params"]["exceptionDetails"]
                self.exceptions.append(
                    details.get("exception", {}).get("description") or details.get("text", "")
                )
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


def _devtools_port(profile: Path, proc: subprocess.Popen, deadline: float) -> int:
    # with --remote-debugging-port=0 Chromium picks a free port and writes it here
    marker = profile / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with code {proc.returncode} at start-up")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text(encoding="utf-8").splitlines()[0])
        time.sleep(0.2)
    raise RuntimeError("chromium did not open its DevTools port")


def screenshot(
    chromium: str,
    url: str,
    out: Path,
    *,
    width: int = 1400,
    height: int = 1000,
    timeout: float = 180.0,
    settle: float = 2.0,
) -> Shot:
    """Open ``url`` in headless Chromium, wait until Lab has rendered the notebook, save ``out``.

    Chromium is driven through its DevTools protocol rather than with ``--screenshot`` and
    ``--virtual-time-budget``: virtual time stood still once Lab's kernel websocket was connected,
    and the browser then never returned (seen in 2 of 4 runs here). Waiting is in real time, for a
    real condition (:data:`READY_JS`: the notebook's first heading rendered, its kernel idle),
    bounded by ``timeout`` seconds; ``settle`` more seconds let the last cells paint. The browser
    profile is temporary, so nothing under ``$HOME`` is touched.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    deadline = started + timeout
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",  # Chromium's sandbox refuses to run as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        # its own session, so that the renderer and GPU children go with it when it is killed
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        tools = None
        state: dict = {"heading": None, "idle": False}
        try:
            port = _devtools_port(Path(profile), proc, deadline)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
                targets = json.load(resp)
            page = next(t for t in targets if t.get("type") == "page")
            tools = _DevTools(page["webSocketDebuggerUrl"])
            tools.call("Runtime.enable")
            tools.call("Page.enable")
            tools.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            tools.call("Page.navigate", url=url)
            while time.monotonic() < deadline:
                result = tools.call("Runtime.evaluate", expression=READY_JS, returnByValue=True)
                with contextlib.suppress(KeyError, TypeError, ValueError):
                    state = json.loads(result["result"]["value"])
                if state.get("heading") and state.get("idle"):
                    break
                if state.get("dialog") and not state.get("heading"):
                    break  # Lab could not open the notebook and says why; waiting will not help
                time.sleep(0.5)
            ready = bool(state.get("heading") and state.get("idle"))
            time.sleep(settle)
            shot = tools.call("Page.captureScreenshot", format="png")
            out.write_bytes(base64.b64decode(shot["data"]))
            if ready:
                message = ""
            elif state.get("dialog") and not state.get("heading"):
                message = f"Lab could not open the notebook; its dialog says: {state['dialog']!r}"
            else:
                message = (
                    f"Lab not ready after {timeout:g} s "
                    f"(heading rendered: {bool(state.get('heading'))}, "
                    f"kernel idle: {bool(state.get('idle'))}); "
                    "the screenshot shows where it stopped"
                )
            return Shot(
                ready,
                state.get("heading"),
                bool(state.get("idle")),
                list(tools.exceptions),
                time.monotonic() - started,
                message,
            )
        except Exception as exc:  # noqa: BLE001 -- reported; the browser is cleaned up below
            return Shot(
                False,
                state.get("heading"),
                bool(state.get("idle")),
                list(tools.exceptions) if tools else [],
                time.monotonic() - started,
                f"{type(exc).__name__}: {exc}",
            )
        finally:
            if tools is not None:
                with contextlib.suppress(Exception):
                    tools.call("Browser.close")
                tools.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        default=["01_corpus.ipynb"],
        help="notebook names under notebooks/ (default: 01_corpus.ipynb)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUTPUT_DIR, help=f"output directory (default: {OUTPUT_DIR})"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=180.0,
        help="seconds to wait for Lab to render each notebook (default: 180)",
    )
    args = parser.parse_args(argv)

    missing = [nb for nb in args.notebooks if not (NOTEBOOKS_DIR / nb).is_file()]
    if missing:
        available = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
        print(
            f"browser-check: notebooks must be files in {NOTEBOOKS_DIR}; got {missing}, "
            f"available: {available}",
            file=sys.stderr,
        )
        return 2
    if not args.timeout > 0:
        print(
            f"browser-check: --timeout must be a positive number of seconds; got {args.timeout}",
            file=sys.stderr,
        )
        return 2
    chromium = find_chromium()
    if chromium is None:
        print(
            f"browser-check: no Chromium found on PATH (tried {', '.join(CHROMIUM_NAMES)}); "
            f"{INSTALL_HINT}.",
            file=sys.stderr,
        )
        return 3
    try:
        import websocket  # noqa: F401
    except ImportError:
        print(
            "browser-check: the websocket-client package is missing from the environment "
            "(jupyter_server depends on it); run `make venv`",
            file=sys.stderr,
        )
        return 3

    failures = 0
    with lab_server(NOTEBOOKS_DIR) as lab:
        print(f"browser-check: JupyterLab at {lab.url} (pid {lab.pid}), browser {chromium}")
        for nb in args.notebooks:
            out = args.out / f"{Path(nb).stem}.png"
            # ?reset: start from an empty workspace, so only this notebook is open
            shot = screenshot(chromium, f"{lab.url}lab/tree/{nb}?reset", out, timeout=args.timeout)
            shown = out.relative_to(REPO) if out.is_relative_to(REPO) else out
            if not out.is_file():
                failures += 1
                print(f"browser-check: FAILED {nb}: {shot.message}", file=sys.stderr)
                continue
            width, height = png_size(out)
            colours = distinct_colours(out)
            line = (
                f"browser-check: {shown} {width}x{height}, {shot.seconds:.1f} s, "
                f"heading {shot.heading!r}, kernel idle: {shot.kernel_idle}"
            )
            if colours is not None:
                line += f", {colours} colours"
            if shot.exceptions:
                first = shot.exceptions[0][:200]
                line += f", {len(shot.exceptions)} uncaught page exception(s), first: {first!r}"
            print(line)
            if not shot.ok:
                failures += 1
                print(f"browser-check: FAILED {nb}: {shot.message}", file=sys.stderr)
            elif colours is not None and colours < 16:
                failures += 1
                print(
                    f"browser-check: FAILED {nb}: the screenshot is nearly blank", file=sys.stderr
                )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
