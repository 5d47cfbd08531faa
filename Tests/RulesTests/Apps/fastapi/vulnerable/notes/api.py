import os
import subprocess
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Form
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_db
from .deps import note_filter

router = APIRouter(prefix="/notes", tags=["notes"])
EXPORT_DIR = "/var/lib/notes/exports"


class NoteIn(BaseModel):
    title: str
    body: str
    source_url: str | None = None


@router.post("/")
async def create_note(note: NoteIn, db: Session = Depends(get_db)):
    db.execute(text(f"INSERT INTO notes (title, body) VALUES ('{note.title}', '{note.body}')"))  # error: TL-B608
    db.commit()
    if note.source_url:
        async with httpx.AsyncClient() as client:
            await client.get(note.source_url)  # error: TL-WEB-SSRF
    return {"ok": True}


@router.get("/tagged", response_class=HTMLResponse)
def tagged(filters: Annotated[dict, Depends(note_filter)]):
    return f"<h2>Notes tagged {filters['tag']}</h2>"  # error: TL-WEB-REFLECTED-XSS


@router.get("/exports/{name}")
def download_export(name: str):
    return FileResponse(os.path.join(EXPORT_DIR, name))  # error: TL-WEB-PATH-TRAVERSAL


@router.post("/preview", response_class=HTMLResponse)
def preview(title: str = Form(...), body: str = Form(...)):
    return f"<article><h1>{title}</h1><p>{body}</p></article>"  # error: TL-WEB-REFLECTED-XSS


@router.post("/exports/{name}/pdf")
def export_pdf(name: str):
    subprocess.run(f"pandoc {EXPORT_DIR}/{name}.md -o {EXPORT_DIR}/{name}.pdf", shell=True, check=True)  # error: TL-B602
    return {"pdf": f"/notes/exports/{name}.pdf"}
