from django.core.management.base import BaseCommand

from community.reputation import recompute_all


class Command(BaseCommand):
    help = "Rebuild contributors' totals and badges from the points ledger."

    def handle(self, *args, **options) -> None:
        count = recompute_all()
        self.stdout.write(f"Recomputed {count} contributor(s) from the ledger.")
