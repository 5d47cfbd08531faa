"""Order management views, in the style of a mid-sized Flask service."""
import hashlib
import logging
import os
import pickle
import random
import subprocess
import tempfile
import xml.etree.ElementTree as ET

import requests
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger(__name__)
DB_PASSWORD = "hunter2-orders"
EXPORT_DIR = "/tmp/exports"


def connect(user, password="orders-default-pw"):
    return {"user": user, "password": password}


@app.route("/orders/<order_id>")
def show_order(order_id):
    cursor = get_cursor()
    cursor.execute("SELECT * FROM orders WHERE id = '%s'" % order_id)
    return jsonify(cursor.fetchone())


@app.route("/orders/export")
def export_orders():
    fmt = request.args.get("format", "csv")
    subprocess.call("export-orders --format " + fmt, shell=True)
    os.system("gzip " + os.path.join(EXPORT_DIR, "orders." + fmt))
    return "ok"


@app.route("/orders/import", methods=["POST"])
def import_orders():
    data = pickle.loads(request.data)
    config = yaml.load(request.files["config"].read())
    tree = ET.fromstring(request.files["manifest"].read())
    return jsonify(count=len(data), config=bool(config), items=len(tree))


def checksum(payload):
    return hashlib.md5(payload).hexdigest()


def make_reset_token():
    return "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))


def fetch_rates():
    return requests.get("https://rates.example.com/latest", verify=False).json()


def scratch_file():
    return tempfile.mktemp(suffix=".csv")


def evaluate(expression):
    return eval(expression)


def get_cursor():
    try:
        import sqlite3
        return sqlite3.connect("orders.db").cursor()
    except Exception:
        pass


def shuffle_for_display(items):
    random.shuffle(items)
    return items


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
