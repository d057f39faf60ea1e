"""The language-model actor against a local server that speaks the OpenAI chat-completions protocol.

The server runs on 127.0.0.1 in a thread and streams Server-Sent Events the
way OpenAI, vLLM and llama.cpp do; each test sets what it replies.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from personas import Conversation, load_scenario
from personas.actors import ScriptedActor, actor_from_env
from personas.actors.llm import LLMActor, LLMConfigError, LLMOptions


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.mode = "stream"
        self.reply = ""
        self.delay_s = 0.0
        self.requests: list[dict] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if not self.path.endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found"}})
            return
        if self.server.mode == "error":
            self._json(500, {"error": {"message": "model crashed", "type": "server_error"}})
            return
        time.sleep(self.server.delay_s)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        text = self.server.reply
        pieces = [text[index:index + 7] for index in range(0, len(text), 7)]
        try:
            for index, piece in enumerate(pieces):
                delta = {"content": piece} if index else {"role": "assistant", "content": piece}
                self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
            self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _event(self, payload: dict):
        chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "test-model", **payload}
        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.flush()

    def _json(self, status: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server():
    chat_server = ChatServer()
    thread = threading.Thread(target=chat_server.serve_forever, daemon=True)
    thread.start()
    yield chat_server
    chat_server.shutdown()
    chat_server.server_close()


def conversation(server: ChatServer, **options) -> Conversation:
    scenario = load_scenario("task-lister")
    settings = LLMOptions(base_url=server.base_url, model="test-model", api_key="local", **options)
    conv = Conversation(scenario, actor=LLMActor(scenario, settings), session_id="test-session")
    conv.opening()
    return conv


async def spoken(reply) -> list[str]:
    return [sentence async for sentence in reply.sentences()]


async def test_llm_reply_streams_sentence_by_sentence(server):
    server.reply = "I hear you. But shipping the flow is the result! The team can see the finish line."
    conv = conversation(server)

    reply = await conv.respond("what changes for a new customer once the flow ships")
    sentences = await spoken(reply)

    assert reply.text is None
    assert sentences == ["I hear you.", "But shipping the flow is the result!", "The team can see the finish line."]
    assert reply.decision["actor"] == "llm"
    assert reply.decision["fallback"] is None
    assert reply.decision["stance"] == "defend"
    request = server.requests[-1]
    assert request["stream"] is True
    assert request["model"] == "test-model"
    assert request["messages"][0]["role"] == "system"
    assert "You are Sam Patel" in request["messages"][0]["content"]
    assert "You are Sam Patel" in request["messages"][1]["content"]
    assert "Defend the draft" in request["messages"][-1]["content"]
    assert request["messages"][-1]["content"].startswith("what changes for a new customer")


async def test_instructions_only_in_user_message(server):
    server.reply = "Fair question."
    conv = conversation(server, instructions="user")

    await spoken(await conv.respond("how would we know it worked"))

    messages = server.requests[-1]["messages"]
    assert [message["role"] for message in messages[:2]] == ["user", "assistant"]
    assert "You are Sam Patel" in messages[0]["content"]
    roles = [message["role"] for message in messages]
    assert all(first != second for first, second in zip(roles, roles[1:]))


async def test_server_error_falls_back_to_scripted(server):
    server.mode = "error"
    conv = conversation(server)

    reply = await conv.respond("what changes for a new customer once the flow ships")
    sentences = await spoken(reply)

    assert sentences
    assert reply.decision["actor"] == "scripted"
    assert reply.decision["fallback"].startswith("request failed")
    assert "500" in reply.decision["fallback"] or "model crashed" in reply.decision["fallback"]
    assert conv.history[-1].text == " ".join(sentences)


async def test_slow_server_times_out_to_scripted(server):
    server.delay_s = 2.0
    server.reply = "Too late."
    conv = conversation(server, first_sentence_timeout_s=0.3)

    started = time.monotonic()
    reply = await conv.respond("what changes for a new customer once the flow ships")
    sentences = await spoken(reply)
    elapsed = time.monotonic() - started

    assert sentences
    assert "Too late." not in sentences
    assert reply.decision["actor"] == "scripted"
    assert reply.decision["fallback"] == "timed out"
    assert elapsed < 1.5


@pytest.mark.parametrize(
    "text, reason",
    [
        ("As an AI language model, I cannot have opinions about OKRs.", "out of character"),
        ("Manager: what about churn? Sure.", "out of character"),
        ("Well, churn is 38% today, so the flow matters.", "withheld numbers 38"),
        ("You're right, let's change it.", "gives ground"),
    ],
)
async def test_bad_reply_falls_back_to_scripted(server, text, reason):
    server.reply = text
    conv = conversation(server)

    reply = await conv.respond("what changes for a new customer once the flow ships")
    sentences = await spoken(reply)

    assert sentences
    assert text.split(".")[0] not in " ".join(sentences)
    assert reply.decision["actor"] == "scripted"
    assert reason in reply.decision["fallback"]


async def test_bad_sentence_mid_reply_ends_the_reply(server):
    server.reply = "Sure, fair enough. As an AI, I have no team."
    conv = conversation(server)

    reply = await conv.respond("what changes for a new customer once the flow ships")
    sentences = await spoken(reply)

    assert sentences == ["Sure, fair enough."]
    assert reply.decision["actor"] == "llm"
    assert reply.decision["fallback"].startswith("stopped after 1 sentences: out of character")
    assert conv.history[-1].text == "Sure, fair enough."


async def test_revealed_fact_may_be_spoken(server):
    server.reply = "Seven-day churn is 38% today. It was 35% a year ago."
    conv = conversation(server)

    reply = await conv.respond("what's seven day churn today")
    sentences = await spoken(reply)

    assert reply.decision["stance"] == "reveal_fact"
    assert reply.decision["actor"] == "llm"
    assert sentences == ["Seven-day churn is 38% today.", "It was 35% a year ago."]
    assert "38%" in server.requests[-1]["messages"][-1]["content"]


async def test_history_keeps_only_what_the_manager_heard(server):
    server.reply = "The launch is the result. Everything else follows from it. We ship in February."
    conv = conversation(server)
    reply = await conv.respond("what changes for a new customer once the flow ships")
    full = " ".join(await spoken(reply))

    conv.heard(full, "The launch is the result.")
    server.reply = "Okay."
    await spoken(await conv.respond("and how would we measure that"))

    sent = json.dumps(server.requests[-1]["messages"])
    assert "The launch is the result." in sent
    assert "Everything else follows" not in sent
    assert "We ship in February" not in sent


async def test_history_stays_within_budget(server):
    server.reply = "I hear you, and I still think the launch is the right Key Result for this quarter."
    conv = conversation(server, history_chars=800)

    for turn in range(40):
        await spoken(await conv.respond(f"tell me again about the launch plan, this is question {turn}"))

    messages = server.requests[-1]["messages"]
    history = messages[2:-1]
    assert sum(len(message["content"]) for message in history) <= 800 + 200
    assert "question 39" in messages[-1]["content"]
    assert "question 0," not in json.dumps(messages)


def test_actor_from_env_defaults_to_scripted():
    scenario = load_scenario("task-lister")

    assert isinstance(actor_from_env(scenario, {}), ScriptedActor)
    assert isinstance(actor_from_env(scenario, {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}), ScriptedActor)
    configured = actor_from_env(
        scenario, {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "PUSHBACK_LLM_MODEL": "m", "PUSHBACK_LLM_INSTRUCTIONS": "user"}
    )
    assert isinstance(configured, LLMActor)
    assert configured.options.instructions == "user"


def test_invalid_llm_setting_is_reported():
    with pytest.raises(LLMConfigError, match="PUSHBACK_LLM_INSTRUCTIONS"):
        LLMOptions.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "PUSHBACK_LLM_MODEL": "m", "PUSHBACK_LLM_INSTRUCTIONS": "nope"})
