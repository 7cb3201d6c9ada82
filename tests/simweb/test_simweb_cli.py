"""``exscout simweb serve|check`` and ``python -m simweb``: exit codes, output, real serving."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from exscout.cli import app
from simweb.cli import app as simweb_app
from simweb.server import Endpoints
from simweb.testing import curl

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "routes"
runner = CliRunner()


def test_check_valid_corpus_exits_0_with_summary() -> None:
    result = runner.invoke(app, ["simweb", "check", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith("corpus routes: 12 hosts, 7 sites")


def test_check_broken_corpus_exits_2_listing_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(CORPUS, broken)
    data = json.loads((broken / "corpus.json").read_text())
    data["networks"][0]["country"] = "XX"
    data["hosts"]["www.routes-site.com"]["a"] = ["not-an-ip"]
    (broken / "corpus.json").write_text(json.dumps(data))
    result = runner.invoke(app, ["simweb", "check", str(broken)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) >= 2
    assert any(line.startswith("corpus.json: networks[0].country: ") for line in lines), lines
    assert any(line.startswith("corpus.json: hosts.www.routes-site.com.a[0]: ") for line in lines), lines
    assert all(line.count(": ") >= 2 for line in lines)


@pytest.mark.parametrize("name", sorted(get_command(simweb_app).commands))  # type: ignore[attr-defined]
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = runner.invoke(app, ["simweb", name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def _free_port_base() -> int:
    """Four consecutive free TCP and UDP ports (best effort: another process may take one later)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base > 65000:
            continue
        try:
            socks = []
            for port in range(base, base + 4):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    sock = socket.socket(socket.AF_INET, kind)
                    socks.append(sock)
                    sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    pytest.skip("no four consecutive free ports")


@pytest.mark.parametrize("argv", [[sys.executable, "-m", "simweb"],
                                  [sys.executable, "-m", "exscout.cli", "simweb"]], ids=["python-m", "exscout"])
def test_serve_prints_endpoints_serves_and_stops_on_sigterm(argv: list[str]) -> None:
    base = _free_port_base()
    proc = subprocess.Popen([*argv, "serve", str(CORPUS), "--port-base", str(base), "--dns-timeout", "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        text = ""
        assert proc.stdout is not None
        while not text.rstrip().endswith("}") or text.count("{") != text.count("}"):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "no output"
            text += line
        ep = Endpoints.from_json(text)
        assert ep.intl.proxy_url == f"http://127.0.0.1:{base}" and ep.intl.dns_port == base + 1
        assert ep.cn.proxy_url == f"http://127.0.0.1:{base + 2}" and ep.cn.dns_port == base + 3
        assert ep.ca_cert.exists() and len(ep.spki_sha256) == 44
        r = curl(ep, "cn", "https://cnblock.routes-site.com/")
        assert (r.status, r.body) == (451, b"<html><body>region blocked</body></html>\n")
        out = subprocess.run(["dig", "+short", "-p", str(ep.intl.dns_port), "@127.0.0.1",
                              "poisoned.routes-site.com", "A"], capture_output=True, text=True, timeout=10)
        assert out.stdout.split() == ["45.76.1.2"]
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=15)
    assert rc == 0
    assert not ep.ca_cert.exists()  # the temporary state directory is removed on the way out


def test_serve_invalid_corpus_exits_2(tmp_path: Path) -> None:
    (tmp_path / "corpus.json").write_text('{"format": "nope"}')
    result = runner.invoke(app, ["simweb", "serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "format" in result.output


def test_simweb_in_a_child_process(tmp_path: Path) -> None:
    """SimWeb(process=True): the same endpoints, served by `python -m simweb serve` in a child."""
    from simweb.server import SimWeb

    web = SimWeb(CORPUS, dns_timeout_s=0.2, state_dir=tmp_path / "state", process=True)
    with web:
        ep = web.endpoints
        assert ep.ca_cert == tmp_path / "state" / "ca.pem"
        child = web._child
        assert child is not None and child.poll() is None
        r = curl(ep, "intl", "https://www.routes-site.com/status")
        assert (r.status, r.body) == (418, b"teapot")
        r = curl(ep, "cn", "http://slowdns.routes-site.com/")
        assert (r.status, r.proxy_status) == (504, "simweb; error=dns_timeout")
    assert child.poll() is not None  # stopped with the context
