from fastapi import Depends, FastAPI, Header, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from . import api
from .db import get_db, notes_matching
from .pages import results_page

app = FastAPI(title="Notes")
app.include_router(api.router)


@app.get("/", response_class=HTMLResponse)
def index(q: str = Query("", max_length=100), db: Session = Depends(get_db)):
    return results_page(q, notes_matching(db, q))  # error: TL-WEB-REFLECTED-XSS


@app.get("/login/done")
def login_done(next_url: str = Query("/", alias="next")):
    return RedirectResponse(next_url, status_code=303)  # error: TL-WEB-OPEN-REDIRECT


@app.get("/whoami")
def whoami(user_agent: str | None = Header(None)):
    return HTMLResponse(f"<p>You are using {user_agent}</p>")  # error: TL-WEB-REFLECTED-XSS
