from celery import shared_task
from django.db import transaction
from django.utils import timezone

from community import reputation, webhook
from community.models import Delivery


@shared_task(acks_late=True, reject_on_worker_lost=True)
def process_delivery(delivery_pk: int) -> None:
    """Apply one stored webhook delivery; running it again changes nothing."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_pk)
        if delivery.processed_at is not None:
            return
        key = f"gh:{delivery.delivery_id}"
        pr = webhook.read_pull_request(delivery.payload)
        if delivery.event == "pull_request_review":
            reputation.apply_review(pr, webhook.read_review(delivery.payload), key)
        else:
            reputation.apply_pull_request(pr, key)
        delivery.processed_at = timezone.now()
        delivery.save(update_fields=["processed_at"])
