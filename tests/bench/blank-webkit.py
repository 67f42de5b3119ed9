"""P8a's peer: a blank WebKitGTK 4.1 window with the app's web view settings (no compositing,
the document-viewer cache model, no page cache) and the environment the app sets (JavaScriptCore
heap and JIT options, compositing off, no UI-side GL without a GPU), showing one line of text.
The bench starts it with the app's own list of those variables (`kubeli --webkit-env`,
tests/bench/memory.mjs); by hand: `env $(kubeli --webkit-env) python3 blank-webkit.py`.
Its PSS (this process and WebKit's web and network processes) is what any WebKitGTK app pays on
this machine before its own page and backend; the bench reads it before the app starts
(tests/bench/app.mjs). Runs until killed.

Needs python3-gi (GObject introspection, Debian's python3-gi) and gir1.2-webkit2-4.1, which
libwebkit2gtk-4.1-dev pulls in.
"""

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

context = WebKit2.WebContext.get_default()
context.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
view = WebKit2.WebView.new_with_context(context)
settings = view.get_settings()
settings.set_enable_page_cache(False)
settings.set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
view.load_html('<html><body style="background:#09090b;color:#e4e4e7">blank</body></html>', "about:blank")
window = Gtk.Window()
window.set_default_size(1280, 820)
window.add(view)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
