#!/usr/bin/env python
"""Django's command-line utility: `python manage.py runserver`."""
import os
import sys

if __name__ == "__main__":
    # DJANGO_SETTINGS_MODULE=hardened.settings runs the safe twin instead.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notes.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
