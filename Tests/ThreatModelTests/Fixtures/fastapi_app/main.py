import logging
import os

import jwt
import requests
from fastapi import APIRouter, Cookie, Depends, FastAPI, Header, Request, WebSocket
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from slowapi import Limiter
from slowapi.util import get_remote_address
from sqlalchemy.orm import Session

from database import Account, Note, get_db
from security import SECRET, get_current_user, require_admin

logger = logging.getLogger("notes")
limiter = Limiter(key_func=get_remote_address)
app = FastAPI()
admin = APIRouter(prefix="/admin", dependencies=[Depends(require_admin)])


class NoteIn(BaseModel):
    text: str


@app.post("/token")
@limiter.limit("5/minute")
def token(request: Request, form: OAuth2PasswordRequestForm = Depends(), db: Session = Depends(get_db)):
    account = db.query(Account).filter(Account.name == form.username).first()
    logger.info("login attempt for %s", form.username)
    return {"access_token": jwt.encode({"sub": account.name}, SECRET, algorithm="HS256")}


@app.get("/notes/{note_id}")
def read_note(note_id: int, q: str = "", db: Session = Depends(get_db)):
    return db.query(Note).filter(Note.id == note_id).first()


@app.post("/notes")
def create_note(note: NoteIn, user: dict = Depends(get_current_user), db: Session = Depends(get_db)):
    row = Note(owner=user["sub"], text=note.text)
    db.add(row)
    db.commit()
    logger.info("note %s created", row.id)
    return {"id": row.id}


@app.delete("/notes/{note_id}")
def delete_note(note_id: int, db: Session = Depends(get_db)):
    db.query(Note).filter(Note.id == note_id).delete()
    db.commit()
    return {"deleted": note_id}


@app.get("/me")
def me(user: dict = Depends(get_current_user), x_client: str = Header("")):
    return {"user": user["sub"], "client": x_client}


@app.post("/preferences")
def preferences(theme: str, session_id: str = Cookie(None)):
    return {"theme": theme, "session": session_id}


@app.get("/preview")
def preview(url: str):
    return {"body": requests.get(url, timeout=5).text}


@admin.get("/stats")
def stats(db: Session = Depends(get_db)):
    return {"notes": db.query(Note).count()}


@app.websocket("/ws")
async def notes_socket(websocket: WebSocket):
    await websocket.accept()
    while True:
        await websocket.send_text(await websocket.receive_text())


app.include_router(admin)
