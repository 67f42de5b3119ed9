"""A blank WebKitGTK 4.1 window with the app's web view settings (no compositing, the
document-viewer cache model, no page cache) and the environment the app sets (JavaScriptCore heap
and JIT options, compositing off, no UI-side GL without a GPU), showing one line of text: what any
WebKitGTK app pays on this machine before its own page and backend. The bench starts it with the
app's own list of those variables (`kubeli --webkit-env`, tests/bench/blank-webkit.mjs); by hand:
`env $(kubeli --webkit-env) python3 blank-webkit.py`.

Three uses:
- no arguments: P8a's peer. Its PSS (this process and WebKit's web and network processes) is read
  by the bench before the app starts; runs until killed.
- `--script`: the same page running one line of JavaScript, read the same way beside it: what
  starting JavaScriptCore costs any page that runs script.
- `--frames MS`: the reference for P6a and P9d. The page runs the frame-time loop read from
  standard input (the bench's `FRAMES_START`, tests/bench/page.mjs, called with MS) 1.5 s after
  it loaded, prints the frame times as a JSON array on standard output and exits: how the
  animation frames of a page with nothing to do read on this machine's WebKitGTK.

Needs python3-gi (GObject introspection, Debian's python3-gi) and gir1.2-webkit2-4.1, which
libwebkit2gtk-4.1-dev pulls in.
"""

import json
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

BODY = '<body style="background:#09090b;color:#e4e4e7">blank</body>'

# One line of script: JavaScriptCore started, nothing else.
ONE_LINE = '<script>document.body.append(" " + [1, 2, 3].map((x) => x * 2).join())</script>'

# The frame loop (LOOP, called with DURATION), started once the load's work is over, and its
# result handed to Python.
FRAMES_PAGE = """<script>
setTimeout(() => {
  (function () { LOOP }).call(null, DURATION);
  const poll = setInterval(() => {
    if (!window.__frames.done) return;
    clearInterval(poll);
    window.webkit.messageHandlers.frames.postMessage(JSON.stringify(window.__frames.frames));
  }, 200);
}, 1500);
</script>"""


def frames_received(_manager, message):
    value = message.get_js_value() if hasattr(message, "get_js_value") else message
    print(json.dumps(json.loads(value.to_string())), flush=True)
    Gtk.main_quit()


context = WebKit2.WebContext.get_default()
context.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
view = WebKit2.WebView.new_with_context(context)
settings = view.get_settings()
settings.set_enable_page_cache(False)
settings.set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
html = BODY
if sys.argv[1:2] == ["--frames"]:
    manager = view.get_user_content_manager()
    manager.register_script_message_handler("frames")
    manager.connect("script-message-received::frames", frames_received)
    html = BODY + FRAMES_PAGE.replace("DURATION", str(int(sys.argv[2]))).replace("LOOP", sys.stdin.read())
elif sys.argv[1:2] == ["--script"]:
    html = BODY + ONE_LINE
view.load_html(f"<html>{html}</html>", "about:blank")
window = Gtk.Window()
window.set_default_size(1280, 820)
window.add(view)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
