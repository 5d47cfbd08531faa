"""A small FastAPI notes service with the bugs APIs really ship (each marked `planted:`).

Run it with `uvicorn main:app`.
"""
import sqlite3
import subprocess
from pathlib import Path

import httpx
import jwt
from fastapi import Depends, FastAPI, Header, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from pydantic import BaseModel

JWT_KEY = "notes-signing-key-2019"  # reported where it signs, below
EXPORTS = Path(__file__).parent / "exports"

app = FastAPI(title="notes")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],  # planted: CWE-942
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


def database():
    connection = sqlite3.connect("notes.sqlite3")
    try:
        yield connection
    finally:
        connection.close()


def current_user(authorization: str = Header()):
    token = authorization.removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})  # planted: CWE-347
    return claims["sub"]


class NoteIn(BaseModel):
    title: str
    body: str


@app.post("/login")
def login(username: str):
    return {"token": jwt.encode({"sub": username}, JWT_KEY, algorithm="HS256")}  # planted: CWE-798


@app.get("/notes")
def search_notes(q: str = "", user: str = Depends(current_user), db: sqlite3.Connection = Depends(database)):
    rows = db.execute(f"SELECT id, title FROM notes WHERE owner = '{user}' AND title LIKE '%{q}%'").fetchall()  # planted: CWE-89
    return [{"id": id, "title": title} for id, title in rows]


@app.post("/notes")
def create_note(note: NoteIn, user: str = Depends(current_user), db: sqlite3.Connection = Depends(database)):
    db.execute("INSERT INTO notes (owner, title, body) VALUES (?, ?, ?)", (user, note.title, note.body))
    db.commit()
    return {"ok": True}


@app.get("/notes/export")
def export_note(name: str, user: str = Depends(current_user)):
    return FileResponse(EXPORTS / name)  # planted: CWE-22


@app.get("/tools/ping")
def ping(host: str, user: str = Depends(current_user)):
    result = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True, text=True)  # planted: CWE-78
    return {"output": result.stdout}


@app.get("/tools/fetch-title")
def fetch_title(url: str, user: str = Depends(current_user)):
    page = httpx.get(url)  # planted: CWE-918
    return {"status": page.status_code, "length": len(page.text)}
