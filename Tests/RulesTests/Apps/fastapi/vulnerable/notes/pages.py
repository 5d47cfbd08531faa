def results_page(term, notes):
    items = "".join(f"<li>{note['title']}</li>" for note in notes)
    return f"<h1>Notes matching {term}</h1><ul>{items}</ul>"
