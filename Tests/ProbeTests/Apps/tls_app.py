"""A Flask app over HTTPS with the self-signed certificate and key named by TLS_CERT and
TLS_KEY (the test makes them with openssl). Test fixture."""
import os

from flask import Flask

from serve import serve

app = Flask(__name__)


@app.route("/")
def index():
    return "<html><body>hello</body></html>"


if __name__ == "__main__":
    serve(app, ssl_context=(os.environ["TLS_CERT"], os.environ["TLS_KEY"]))
