"""``python -m collectives.participant``: rewrite the book's fill-in templates from the datasheets."""

from collectives.participant.templates import write_templates

for written_path in write_templates():
    print(f"wrote {written_path}")
