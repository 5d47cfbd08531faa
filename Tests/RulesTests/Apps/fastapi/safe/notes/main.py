from html import escape

from fastapi import Depends, FastAPI, Header, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from . import api
from .db import get_db, notes_matching
from .pages import is_safe_redirect, results_page

app = FastAPI(title="Notes")
app.include_router(api.router)


@app.get("/", response_class=HTMLResponse)
def index(q: str = Query("", max_length=100), db: Session = Depends(get_db)):
    return results_page(q, notes_matching(db, q))


@app.get("/login/done")
def login_done(next_url: str = Query("/", alias="next")):
    if not is_safe_redirect(next_url):
        next_url = "/"
    return RedirectResponse(next_url, status_code=303)


@app.get("/whoami")
def whoami(user_agent: str | None = Header(None)):
    return HTMLResponse(f"<p>You are using {escape(user_agent or 'an unknown browser')}</p>")
