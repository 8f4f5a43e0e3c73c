"""JupyterLab serves the notebooks and runs them in the venv's kernel (issue 5, item 6).

One real JupyterLab is started on 127.0.0.1 (no token, ``--allow-root`` as root, temporary Jupyter
directories) by ``scripts/browser_check.py:lab_server`` — the same server ``make browser-check``
screenshots — and driven the way the Lab front end drives it: the contents API for every numbered
notebook, the ``/lab`` page, and a ``python3`` kernel over its websocket channel. The expectations
come from elsewhere: the notebooks on disk read with ``nbformat``, the notebook JSON schema, this
interpreter's own ``sys.prefix`` and the ``__version__`` written in ``analysis/__init__.py``.
The server is always stopped (SIGTERM, then SIGKILL of its process group and surviving kernels).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip(
    "jupyterlab", reason="jupyterlab is not importable in this environment; the Lab check needs it"
)

import nbformat  # noqa: E402  (after the skip: both come with jupyterlab)
import requests  # noqa: E402
import websocket  # noqa: E402  (websocket-client, a dependency of jupyter_server)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
TIMEOUT = 30  # seconds for any single request or cell


def _source_version() -> str:
    """``analysis.__version__`` as written in the checkout, read without importing the package."""
    tree = ast.parse((REPO / "analysis" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__version__" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("analysis/__init__.py defines no __version__")


def _load_browser_check():
    spec = importlib.util.spec_from_file_location(
        "browser_check", REPO / "scripts" / "browser_check.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


browser_check = _load_browser_check()


@pytest.fixture(scope="module")
def lab():
    with browser_check.lab_server(NOTEBOOKS_DIR, python=sys.executable, timeout=90) as server:
        yield server


@pytest.fixture(scope="module")
def http(lab):
    """A session that, as a browser does, echoes the ``_xsrf`` cookie from ``/lab`` on writes."""
    with requests.Session() as session:
        page = session.get(f"{lab.url}lab", timeout=TIMEOUT)
        page.raise_for_status()
        xsrf = session.cookies.get("_xsrf")
        if xsrf:
            session.headers["X-XSRFToken"] = xsrf
        yield session


def test_a_server_that_exits_is_reported_with_its_log(tmp_path):
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\necho "boom: cannot start" >&2\nexit 7\n', encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(
        browser_check.LabServerError, match=r"(?s)exited with code 7.*boom: cannot start"
    ):
        with browser_check.lab_server(NOTEBOOKS_DIR, python=str(fake), timeout=30):
            pass


def test_root_dir_must_exist(tmp_path):
    with pytest.raises(
        browser_check.LabServerError, match="root_dir must be an existing directory"
    ):
        with browser_check.lab_server(tmp_path / "missing"):
            pass


def test_browser_check_without_chromium_says_how_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no browser on PATH
    assert browser_check.find_chromium() is None
    assert browser_check.main([]) == 3
    assert "apt-get install chromium" in capsys.readouterr().err


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, f"no [0-9][0-9]_*.ipynb under {NOTEBOOKS_DIR}"


def test_server_is_on_loopback_without_token(lab):
    assert lab.url.startswith("http://127.0.0.1:")
    info = json.loads(next(lab.runtime_dir.glob("jpserver-*.json")).read_text(encoding="utf-8"))
    assert info["token"] == ""
    assert Path(info["root_dir"]).resolve() == NOTEBOOKS_DIR.resolve()
    status = requests.get(f"{lab.url}api/status", timeout=TIMEOUT)
    assert status.status_code == 200 and "started" in status.json()


def test_lab_page_is_served(lab, http):
    page = http.get(f"{lab.url}lab", timeout=TIMEOUT)
    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]
    # the Lab shell: its page config and the bundle that boots the application
    assert 'id="jupyter-config-data"' in page.text
    assert "static/" in page.text and ".js" in page.text


def test_terminals_are_off(lab, http):
    # no token on this server, so it must not hand out shells
    assert http.get(f"{lab.url}api/terminals", timeout=TIMEOUT).status_code == 404


def test_contents_api_lists_every_numbered_notebook(lab, http):
    listing = http.get(f"{lab.url}api/contents", params={"content": 1}, timeout=TIMEOUT)
    assert listing.status_code == 200
    model = listing.json()
    assert model["type"] == "directory"
    listed = sorted(
        item["name"]
        for item in model["content"]
        if item["type"] == "notebook"
        and item["name"].endswith(".ipynb")
        and item["name"][:2].isdigit()
    )
    assert listed == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_opens_through_contents_api(lab, http, name):
    resp = http.get(
        f"{lab.url}api/contents/{name}", params={"content": 1, "type": "notebook"}, timeout=TIMEOUT
    )
    assert resp.status_code == 200, resp.text[:500]
    model = resp.json()
    assert (model["type"], model["format"], model["path"]) == ("notebook", "json", name)
    served = nbformat.from_dict(model["content"])
    nbformat.validate(served)  # the notebook JSON schema, as nbformat ships it
    assert served.nbformat == 4
    assert served.cells, f"{name} has no cells"
    assert served.cells[0].cell_type == "markdown", f"{name} does not open with a markdown cell"
    on_disk = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    assert served.cells[0].source == on_disk.cells[0].source
    assert served.metadata.get("language_info", {}).get("name") == "python"


def _execute(ws, code: str, *, timeout: float = TIMEOUT) -> dict:
    """Send one execute_request over the kernel websocket; gather its reply, stdout and errors."""
    session = uuid.uuid4().hex
    msg_id = uuid.uuid4().hex
    ws.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "session": session,
                    "username": "test",
                    "msg_type": "execute_request",
                    "version": "5.3",
                    "date": datetime.now(UTC).isoformat(),
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    result = {"reply": None, "stdout": "", "errors": [], "idle": False}
    deadline = time.monotonic() + timeout
    while not (result["reply"] and result["idle"]):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no complete answer to {code!r} within {timeout} s; got {result}")
        ws.settimeout(remaining)
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_reply":
            result["reply"] = msg["content"]
        elif kind == "stream" and msg["content"]["name"] == "stdout":
            result["stdout"] += msg["content"]["text"]
        elif kind == "error":
            result["errors"].append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            result["idle"] = True
    return result


def test_kernelspec_is_the_environments_python(lab, http):
    specs = http.get(f"{lab.url}api/kernelspecs", timeout=TIMEOUT).json()
    assert "python3" in specs["kernelspecs"]
    argv0 = Path(specs["kernelspecs"]["python3"]["spec"]["argv"][0])
    # `ipykernel install --sys-prefix` writes the venv's interpreter; the bare name `python` would
    # resolve through PATH and could be any Python
    assert argv0.is_absolute(), argv0
    assert (
        Path(sys.prefix).resolve() in argv0.parents
        or argv0.resolve() == Path(sys.executable).resolve()
    )


def test_kernel_runs_the_imports_cell_of_the_first_notebook(lab, http):
    first = http.get(
        f"{lab.url}api/contents/{NOTEBOOKS[0]}", params={"content": 1}, timeout=TIMEOUT
    ).json()
    imports = [
        c["source"]
        for c in first["content"]["cells"]
        if c["cell_type"] == "code" and "import analysis" in c["source"]
    ]
    assert imports, f"{NOTEBOOKS[0]} has no cell importing analysis"

    created = http.post(f"{lab.url}api/kernels", json={"name": "python3"}, timeout=TIMEOUT)
    assert created.status_code == 201, created.text[:500]
    kernel_id = created.json()["id"]
    try:
        ws_url = (
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels"
            f"?session_id={uuid.uuid4().hex}"
        )
        ws = websocket.create_connection(ws_url, timeout=60)
        try:
            # the first import of pandas and matplotlib in a fresh kernel: the slow step
            ran = _execute(ws, imports[0], timeout=60)
            assert ran["errors"] == [] and ran["reply"]["status"] == "ok", ran
            probe = _execute(
                ws,
                "import sys, analysis\nprint(sys.prefix)\nprint(analysis.__file__)\n"
                "print(analysis.__version__)\nprint(type(plots).__name__, config.NOTEBOOKS_DIR)",
            )
            assert probe["errors"] == [] and probe["reply"]["status"] == "ok", probe
        finally:
            ws.close()
        prefix, module_file, version, names = probe["stdout"].splitlines()
        assert (
            Path(prefix).resolve() == Path(sys.prefix).resolve()
        )  # the kernel is this environment's Python
        assert (
            Path(module_file).resolve().parent == (REPO / "analysis").resolve()
        )  # and imports this checkout
        assert version == _source_version()
        # the names the imports cell bound are live in the kernel
        assert names == f"module {(REPO / 'notebooks').resolve()}"
    finally:
        deleted = http.delete(f"{lab.url}api/kernels/{kernel_id}", timeout=TIMEOUT)
    assert deleted.status_code == 204
    running = http.get(f"{lab.url}api/kernels", timeout=TIMEOUT).json()
    assert kernel_id not in {k["id"] for k in running}
