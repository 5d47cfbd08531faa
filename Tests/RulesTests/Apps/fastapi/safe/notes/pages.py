from html import escape


def results_page(term, notes):
    items = "".join(f"<li>{escape(note['title'])}</li>" for note in notes)
    return f"<h1>Notes matching {escape(term)}</h1><ul>{items}</ul>"


def is_safe_redirect(target):
    return target.startswith("/") and not target.startswith("//") and "\\" not in target
