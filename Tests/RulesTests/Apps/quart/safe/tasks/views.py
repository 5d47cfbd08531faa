import asyncio
from urllib.parse import urlparse

import httpx
from quart import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for

from .db import report_path, tasks_for

bp = Blueprint("tasks", __name__)
HOOK_HOSTS = {"hooks.slack.com", "discord.com"}
FOLDERS = {"inbox", "done", "someday"}


@bp.route("/tasks")
async def list_tasks():
    owner = request.args.get("owner", "")
    rows = await tasks_for(owner)
    return await render_template("tasks.html", owner=owner, rows=rows)


@bp.route("/reports/<name>")
async def report(name):
    return await send_file(report_path(name), mimetype="text/csv")


@bp.post("/hooks")
async def add_hook():
    data = await request.get_json()
    callback = data["callback"]
    if urlparse(callback).hostname not in HOOK_HOSTS:
        abort(400)
    async with httpx.AsyncClient(follow_redirects=False) as client:
        await client.post(callback, json={"event": "ping"})
    return jsonify(ok=True), 201


@bp.post("/archive")
async def archive():
    form = await request.form
    folder = form["folder"]
    if folder not in FOLDERS:
        abort(400)
    proc = await asyncio.create_subprocess_exec("tar", "czf", "/srv/tasks/archive.tgz", "--", folder)
    await proc.wait()
    return jsonify(code=proc.returncode)


@bp.route("/login", methods=["GET", "POST"])
async def login():
    target = request.args.get("next", "")
    if urlparse(target).netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = url_for("tasks.list_tasks")
    return redirect(target)
