from fastapi import Query


def note_filter(tag: str = Query("", max_length=50), sort: str = Query("created")):
    return {"tag": tag, "sort": sort}
