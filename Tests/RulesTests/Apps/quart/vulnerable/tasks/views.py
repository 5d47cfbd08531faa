import asyncio

import httpx
from quart import Blueprint, jsonify, redirect, request, send_file

from .db import report_path, tasks_for

bp = Blueprint("tasks", __name__)


@bp.route("/tasks")
async def list_tasks():
    owner = request.args.get("owner", "")
    rows = await tasks_for(owner)
    return f"<h1>Tasks of {owner}</h1>" + "".join(f"<li>{title}</li>" for _, title in rows)  # error: TL-WEB-REFLECTED-XSS


@bp.route("/reports/<name>")
async def report(name):
    return await send_file(report_path(name), mimetype="text/csv")  # error: TL-WEB-PATH-TRAVERSAL


@bp.post("/hooks")
async def add_hook():
    data = await request.get_json()
    async with httpx.AsyncClient() as client:
        await client.post(data["callback"], json={"event": "ping"})  # error: TL-WEB-SSRF
    return jsonify(ok=True), 201


@bp.post("/archive")
async def archive():
    form = await request.form
    proc = await asyncio.create_subprocess_shell("tar czf /srv/tasks/archive.tgz " + form["folder"])  # error: TL-B605
    await proc.wait()
    return jsonify(code=proc.returncode)


@bp.route("/login", methods=["GET", "POST"])
async def login():
    return redirect(request.args.get("next", "/tasks"))  # error: TL-WEB-OPEN-REDIRECT
