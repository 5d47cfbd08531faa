from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite:///./notes.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def notes_matching(db: Session, term: str):
    query = text("SELECT id, title FROM notes WHERE title LIKE :pattern")
    return db.execute(query, {"pattern": f"%{term}%"}).mappings().all()
