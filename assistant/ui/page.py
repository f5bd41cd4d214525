"""The small pieces of page script and HTML of the operator screen (no gradio import).

Copying to the clipboard, the keyboard shortcuts and logging out happen in the browser; each
is one JavaScript function here so it can be read, tested and changed in one place.
"""

from __future__ import annotations

from html import escape

#: Shown under the header: every shortcut of the screen.
SHORTCUTS_HELP = (
    "Ctrl+Enter — черновик · Ctrl+Shift+Enter — скопировать и отметить отправленным · "
    "Esc — закрыть пояснения"
)

# Copy text with the asynchronous clipboard API, or the old selection trick where the page
# is not a secure context (plain http on a LAN address).
_COPY = """
const taCopy = async (text) => {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (e) { /* fall back below */ }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
  area.remove();
  return ok;
};
"""

#: «Скопировать»: the reply box's text to the clipboard (no server call).
COPY_JS = (
    "async (reply) => {" + _COPY + "await taCopy(reply || ''); return [reply]; }"
)  # fmt: skip

#: «Скопировать и отметить отправленным»: copy the reply, then pass every input on unchanged
#: to the send handler (the reply is its first input). While the check shows an error and
#: «Отправить несмотря на ошибки» is not ticked, nothing is copied: the server will refuse,
#: and a refused reply must not sit in the clipboard ready to paste.
COPY_AND_SEND_JS = (
    "async (...args) => {" + _COPY + "const blocked = document.querySelector("
    "'#findings .ta-level-error') && !document.querySelector('#override input')?.checked;"
    " if (!blocked) await taCopy(args[0] || ''); return args; }"
)

#: Ctrl+Enter drafts, Ctrl+Shift+Enter copies and marks sent, Esc closes the open
#: explanations. Installed once: by :data:`HEAD` while the page is parsed, so a key
#: pressed the moment the form appears is not lost, and by the page's load event as a
#: fallback where the app is mounted without that ``<head>`` (the guard makes it once).
#: Gradio renders the message box before the buttons: a shortcut pressed in between waits
#: for its button, up to :data:`KEY_WAIT_MS`; a button there but disabled is not pressed.
KEY_WAIT_MS = 10_000
KEYS_JS = """
() => {
  if (window.taKeysInstalled) return;
  window.taKeysInstalled = true;
  const press = (id, waitUntil) => {
    const button = document.getElementById(id);
    if (button) {
      if (!button.disabled) button.click();
    } else if (performance.now() < waitUntil) {
      setTimeout(() => press(id, waitUntil), 50);
    }
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      press(event.shiftKey ? "copy-send-btn" : "draft-btn", performance.now() + WAIT_MS);
    } else if (event.key === "Escape") {
      document.querySelectorAll("#findings details[open], #help details[open]")
        .forEach((d) => { d.open = false; });
    }
  }, true);
}
""".replace("WAIT_MS", str(KEY_WAIT_MS))

#: Gradio's page client (6.31) reads every event's updates from one stream per page, which
#: the server closes when its last event completes, and reopens it only for an event joined
#: after it has *seen* the close. An event joined while the close is on its way (a click just
#: as the analysis of a typed message ends) had its updates queued on the server for a stream
#: nobody reopened: the draft was made and never shown. This keeps the stream: a close that
#: arrives while an event this page joined has not completed is not passed on; the stream
#: reads on from a new one (at most ``REOPEN_LIMIT`` times in a row without an update).
REOPEN_LIMIT = 3
EVENT_STREAM_JS = """
() => {
  if (window.taStreamKept) return;
  window.taStreamKept = true;
  const nativeFetch = window.fetch.bind(window);
  const waiting = new Set();  // events this page joined whose completion has not arrived
  const early = new Set();  // completions that arrived before their join's answer
  const pathOf = (input) =>
    new URL(typeof input === "string" ? input : input.url, location.href).pathname;
  const messageOf = (frame) => {
    const data = frame.split("\\n").filter((l) => l.startsWith("data:"));
    try { return JSON.parse(data.map((l) => l.slice(5)).join("\\n")); } catch (e) { return null; }
  };
  const kept = (input, init, first) => {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let reader = first.body.getReader();
    let buffer = "";
    let reopened = 0;
    return new ReadableStream({
      async pull(controller) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            if (buffer) controller.enqueue(encoder.encode(buffer));
            controller.close();
            return;
          }
          buffer += decoder.decode(value, { stream: true });
          let out = "";
          let end;
          while ((end = buffer.indexOf("\\n\\n")) >= 0) {
            const frame = buffer.slice(0, end + 2);
            buffer = buffer.slice(end + 2);
            // Only the two messages this reads are parsed: a draft streams many updates.
            const telling = frame.includes("process_completed") || frame.includes("close_stream");
            const message = telling ? messageOf(frame) : null;
            if (message?.msg === "process_completed" && message.event_id) {
              if (!waiting.delete(message.event_id)) early.add(message.event_id);
            }
            if (message?.msg === "close_stream" && waiting.size && reopened < LIMIT) {
              reopened += 1;
              const next = await nativeFetch(input, init).catch(() => null);
              if (next?.ok && next.body) {
                reader.cancel().catch(() => {});
                reader = next.body.getReader();
                buffer = "";
                break;
              }
            }
            if (!frame.includes('"heartbeat"') && message?.msg !== "close_stream") reopened = 0;
            out += frame;
          }
          if (out) {
            controller.enqueue(encoder.encode(out));
            return;
          }
        }
      },
      cancel(reason) { return reader.cancel(reason); },
    });
  };
  window.fetch = async (input, init) => {
    const path = pathOf(input);
    if (path.endsWith("/queue/join")) {
      const response = await nativeFetch(input, init);
      if (response.ok) {
        try {
          const { event_id: id } = await response.clone().json();
          if (id && !early.delete(id)) waiting.add(id);
        } catch (e) { /* not an event: nothing to wait for */ }
      }
      return response;
    }
    if (!path.endsWith("/queue/data")) return nativeFetch(input, init);
    const first = await nativeFetch(input, init);
    if (!first.ok || !first.body) return first;
    const { status, statusText, headers } = first;
    return new Response(kept(input, init, first), { status, statusText, headers });
  };
}
""".replace("LIMIT", str(REOPEN_LIMIT))

#: What the page's ``<head>`` runs before Gradio's scripts (``launch(head=...)``): the
#: shortcuts (:data:`KEYS_JS`) and the kept event stream (:data:`EVENT_STREAM_JS`).
HEAD = f"<script>({KEYS_JS.strip()})();\n({EVENT_STREAM_JS.strip()})();</script>"

#: «Выйти». Gradio's own route is ``GET /logout``; a POST-only route (with a CSRF token)
#: answers the POST; a server that only knows GET answers 405 and is then visited.
LOGOUT_JS = """
async () => {
  // POST only: the gate refuses GET /logout and any foreign origin (docs/security.md).
  try {
    await fetch("logout", { method: "POST", credentials: "same-origin", redirect: "manual" });
  } catch (e) { /* the page reloads anyway and shows the login form if the session ended */ }
  window.location.assign("./");
}
"""


def header_html(operator: str | None, *, can_log_out: bool) -> str:
    """Who is working (and, with logins, the way out is the button beside it)."""
    who = escape(operator) if operator else "имя не задано"
    mode = "" if can_log_out else " · без входа (только этот компьютер)"
    return f'<div class="ta-who" data-testid="who">Оператор: <b>{who}</b>{mode}</div>'


def sent_html(text: str) -> str:
    """The reply just sent: it stays in view until the next conversation starts."""
    return (
        '<div class="ta-sent" data-testid="sent-reply"><b>Отправленный ответ</b> (скопирован '
        f'в буфер обмена — вставьте его клиенту):<div class="ta-sent-text">{escape(text)}</div>'
        "</div>"
    )
