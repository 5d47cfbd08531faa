"""Shared launcher for the probe's test apps: binds 127.0.0.1 on a free port, prints
"PORT <n>" on stdout, and serves until killed (or for at most 10 minutes, so a crashed
test run never leaves a server behind)."""
import os
import signal
import sys
import threading

from werkzeug.serving import WSGIRequestHandler, make_server


def serve(app, request_handler=WSGIRequestHandler, ssl_context=None):
    # The test runner may start us with SIGTERM blocked; take it back so terminate() works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=request_handler, ssl_context=ssl_context)
    watchdog = threading.Timer(600, lambda: os._exit(0))
    watchdog.daemon = True
    watchdog.start()
    print(f"PORT {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)
