import os
import re
import subprocess
from typing import Annotated
from urllib.parse import urlparse

import httpx
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_db
from .deps import note_filter

router = APIRouter(prefix="/notes", tags=["notes"])
templates = Jinja2Templates(directory="templates")
EXPORT_DIR = "/var/lib/notes/exports"
EXPORT_NAME = re.compile(r"[A-Za-z0-9_-]+")
SOURCE_HOSTS = {"gist.githubusercontent.com", "pastebin.com"}


class NoteIn(BaseModel):
    title: str
    body: str
    source_url: str | None = None


@router.post("/")
async def create_note(note: NoteIn, db: Session = Depends(get_db)):
    db.execute(text("INSERT INTO notes (title, body) VALUES (:title, :body)"), {"title": note.title, "body": note.body})
    db.commit()
    if note.source_url:
        if urlparse(note.source_url).hostname not in SOURCE_HOSTS:
            raise HTTPException(status_code=400, detail="source host not allowed")
        async with httpx.AsyncClient(follow_redirects=False) as client:
            await client.get(note.source_url)
    return {"ok": True}


@router.get("/tagged", response_class=HTMLResponse)
def tagged(request: Request, filters: Annotated[dict, Depends(note_filter)]):
    return templates.TemplateResponse(request, "tagged.html", {"tag": filters["tag"]})


@router.get("/exports/{name}")
def download_export(name: str):
    return FileResponse(os.path.join(EXPORT_DIR, os.path.basename(name)))


@router.post("/preview", response_class=HTMLResponse)
def preview(request: Request, title: str = Form(...), body: str = Form(...)):
    return templates.TemplateResponse(request, "preview.html", {"title": title, "body": body})


@router.post("/exports/{name}/pdf")
def export_pdf(name: str):
    if not EXPORT_NAME.fullmatch(name):
        raise HTTPException(status_code=400, detail="bad export name")
    subprocess.run(["pandoc", f"{EXPORT_DIR}/{name}.md", "-o", f"{EXPORT_DIR}/{name}.pdf"], check=True)
    return {"pdf": f"/notes/exports/{name}.pdf"}
