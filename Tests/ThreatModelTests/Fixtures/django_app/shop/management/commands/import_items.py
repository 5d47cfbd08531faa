import csv

from django.core.management.base import BaseCommand

from shop.models import Item


class Command(BaseCommand):
    help = "Imports items from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--owner", type=int, required=True)

    def handle(self, *args, **options):
        with open(options["path"]) as source:
            for row in csv.DictReader(source):
                Item.objects.create(name=row["name"], price=int(row["price"]), owner_id=options["owner"])
