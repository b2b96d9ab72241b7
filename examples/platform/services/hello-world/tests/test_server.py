import json
import threading
from http.server import ThreadingHTTPServer
from urllib.request import urlopen

from hello_world.server import Handler


def test_hello_over_http() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        with urlopen(f"http://127.0.0.1:{port}/hello?name=ant") as response:
            assert json.load(response) == {"message": "hello from python, ant"}
    finally:
        server.shutdown()
        server.server_close()
