"""The notes service written safely: each planted bug of ../main.py fixed the standard way.

Run it with `uvicorn hardened.main:app`, with NOTES_JWT_KEY and NOTES_ORIGINS set.
"""
import ipaddress
import os
import socket
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jwt
from fastapi import Depends, FastAPI, Header, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from pydantic import BaseModel

JWT_KEY = os.environ["NOTES_JWT_KEY"]
EXPORTS = (Path(__file__).parent.parent / "exports").resolve()
FETCH_HOSTS = {"example.com", "www.python.org"}

app = FastAPI(title="notes")
app.add_middleware(
    CORSMiddleware,
    allow_origins=os.environ.get("NOTES_ORIGINS", "https://notes.example.com").split(","),
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)


def database():
    connection = sqlite3.connect("notes.sqlite3")
    try:
        yield connection
    finally:
        connection.close()


def current_user(authorization: str = Header()):
    token = authorization.removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, JWT_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401, detail="invalid token")
    return claims["sub"]


class NoteIn(BaseModel):
    title: str
    body: str


@app.post("/login")
def login(username: str):
    return {"token": jwt.encode({"sub": username}, JWT_KEY, algorithm="HS256")}


@app.get("/notes")
def search_notes(q: str = "", user: str = Depends(current_user), db: sqlite3.Connection = Depends(database)):
    rows = db.execute("SELECT id, title FROM notes WHERE owner = ? AND title LIKE ?", (user, f"%{q}%")).fetchall()
    return [{"id": id, "title": title} for id, title in rows]


@app.post("/notes")
def create_note(note: NoteIn, user: str = Depends(current_user), db: sqlite3.Connection = Depends(database)):
    db.execute("INSERT INTO notes (owner, title, body) VALUES (?, ?, ?)", (user, note.title, note.body))
    db.commit()
    return {"ok": True}


@app.get("/notes/export")
def export_note(name: str, user: str = Depends(current_user)):
    target = (EXPORTS / name).resolve()
    if not target.is_relative_to(EXPORTS) or not target.is_file():
        raise HTTPException(status_code=404, detail="no such export")
    return FileResponse(target)


@app.get("/tools/ping")
def ping(host: str, user: str = Depends(current_user)):
    try:
        address = str(ipaddress.ip_address(socket.gethostbyname(host)))
    except (OSError, ValueError):
        raise HTTPException(status_code=400, detail="unknown host")
    result = subprocess.run(["ping", "-c", "1", address], capture_output=True, text=True)
    return {"output": result.stdout}


@app.get("/tools/fetch-title")
def fetch_title(url: str, user: str = Depends(current_user)):
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in FETCH_HOSTS:
        raise HTTPException(status_code=400, detail="host not allowed")
    page = httpx.get(url, follow_redirects=False)
    return {"status": page.status_code, "length": len(page.text)}
