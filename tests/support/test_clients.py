"""clients.py: the tests' HTTP clients share the process's trust store, and test code makes
its clients there (gradio clients: tests/app/test_client.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx

from assistant.llm.client import tls_context
from assistant.testing.llm_server import FakeLLMServer
from tests.support import clients

TESTS = Path(__file__).resolve().parents[1]
#: What builds a client (and so a trust store) of its own.
HTTPX_CALLS = {"get", "post", "put", "patch", "delete", "head", "request", "stream", "Client"}


def test_clients_and_requests_build_no_trust_store(llm_server: FakeLLMServer) -> None:
    with clients.trust_stores_built() as built:
        with clients.http(timeout=5) as a, clients.http(base_url=llm_server.base_url) as b:
            for client in (a, b):
                assert clients.trust_store(client) is tls_context()
        assert clients.get(llm_server.base_url + "/models", timeout=5).status_code == 200
        assert clients.post(llm_server.base_url + "/none", json={}, timeout=5).status_code >= 400
        assert built == []
        httpx.get(llm_server.base_url + "/models", timeout=5)  # a plain httpx call builds one
        assert len(built) == 1


def direct_clients(source: str) -> list[int]:
    """Lines of ``source`` that call httpx's client-making functions or ``gradio_client.Client``."""
    tree = ast.parse(source)
    gradio_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "gradio_client"
        for alias in node.names
        if alias.name == "Client"
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (
                (func.value.id == "httpx" and func.attr in HTTPX_CALLS)
                or (func.value.id == "gradio_client" and func.attr == "Client")
            )
        ) or (isinstance(func, ast.Name) and func.id in gradio_names):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_direct_clients() -> None:
    source = (
        "import httpx, gradio_client\nfrom gradio_client import Client as C\n"
        "httpx.get('u')\nwith httpx.Client() as h: pass\nC('u')\ngradio_client.Client('u')\n"
        "httpx.HTTPError\nclients.get('u')\n"
    )
    assert direct_clients(source) == [3, 4, 5, 6]


def test_test_code_makes_its_clients_in_clients_py() -> None:
    here = Path(clients.__file__).resolve()
    found = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path != here and path != Path(__file__).resolve()
        if (lines := direct_clients(path.read_text(encoding="utf-8")))
    }
    assert found == {}
