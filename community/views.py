import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from community import claims, leaderboard, webhook
from community.models import KINDS, Contributor, Delivery, PointEvent
from community.reputation import BADGES, kind_of, rejection_of, size_of
from community.tasks import process_delivery

log = logging.getLogger(__name__)

HANDLED = {
    "pull_request": {"opened", "edited", "labeled", "unlabeled", "closed", "reopened"},
    "pull_request_review": {"submitted", "dismissed"},
}


@csrf_exempt
@require_POST
def github_webhook(request: HttpRequest) -> HttpResponse:
    """GitHub deliveries, authenticated by X-Hub-Signature-256 (hence no CSRF token)."""
    limit = settings.COMMUNITY_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return HttpResponse("Payload too large", status=413)
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse("Payload too large", status=413)
    signature = request.headers.get("X-Hub-Signature-256")
    if not webhook.verify_signature(settings.GITHUB_WEBHOOK_SECRET, body, signature):
        return HttpResponse("Bad signature", status=403)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return HttpResponse("Malformed JSON", status=400)
    if not isinstance(payload, dict):
        return HttpResponse("Malformed JSON", status=400)
    event = request.headers.get("X-GitHub-Event", "")
    if event == "ping":
        return JsonResponse({"pong": True, "zen": payload.get("zen", "")})
    action = str(payload.get("action", ""))
    if action not in HANDLED.get(event, ()):
        return HttpResponse(status=204)
    delivery_id = request.headers.get("X-GitHub-Delivery", "").strip()
    if not delivery_id or len(delivery_id) > 100:
        return HttpResponse("Missing X-GitHub-Delivery", status=400)
    try:
        snapshot = webhook.read_pull_request(payload)
        if event == "pull_request_review":
            webhook.read_review(payload)
    except webhook.PayloadError as error:
        return HttpResponse(str(error), status=400)
    allowed = settings.GITHUB_REPOSITORY
    if allowed and snapshot.repository.lower() != allowed.lower():
        return HttpResponse(status=204)
    delivery, created = Delivery.objects.get_or_create(
        delivery_id=delivery_id, defaults={"event": event, "action": action, "payload": payload}
    )
    if delivery.processed_at is not None:
        return JsonResponse({"status": "already processed"})
    try:
        process_delivery.delay(delivery.pk)
    except Exception:
        # Kept unprocessed: a redelivery from GitHub enqueues it again.
        log.exception("could not enqueue delivery %s", delivery_id)
        return HttpResponse("Queue unavailable, redeliver later", status=503)
    return JsonResponse({"status": "queued"}, status=202)


@require_GET
def leaderboard_page(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "all")
    if period not in leaderboard.PERIODS:
        period = "all"
    kind = request.GET.get("kind") or None
    if kind not in KINDS:
        kind = None
    rows = leaderboard.leaderboard(period, kind, timezone.now())
    return render(
        request,
        "community/leaderboard.html",
        {
            "rows": rows,
            "period": period,
            "kind": kind,
            "periods": leaderboard.PERIODS.items(),
            "kinds": KINDS,
            "repository": settings.GITHUB_REPOSITORY,
        },
    )


@require_GET
def contributor_page(request: HttpRequest, login: str) -> HttpResponse:
    contributor = get_object_or_404(Contributor, login__iexact=login)
    held: dict[int, int] = {}
    for pr_id, points in PointEvent.objects.filter(contributor=contributor).values_list(
        "pull_request_id", "points"
    ):
        held[pr_id] = held.get(pr_id, 0) + points
    pull_requests = [
        {
            "pr": pr,
            "points": held.get(pr.pk, 0),
            "size": size_of(pr.labels),
            "kind": kind_of(pr.labels),
            "rejected": rejection_of(pr.labels),
            "self_merged": pr.merged_by_id == pr.author_id,
        }
        for pr in contributor.pull_requests.select_related("merged_by")
    ]
    badges = [
        {
            "slug": badge.slug,
            "title": BADGES[badge.slug][0],
            "about": BADGES[badge.slug][1],
            "at": badge.awarded_at,
        }
        for badge in contributor.badges.all()
        if badge.slug in BADGES
    ]
    history = contributor.point_events.select_related("pull_request").order_by(
        "-recorded_at", "-pk"
    )
    return render(
        request,
        "community/contributor.html",
        {
            "contributor": contributor,
            "rank": leaderboard.rank_of(contributor),
            "pull_requests": pull_requests,
            "badges": badges,
            "history": history[:200],
            "can_claim": request.user.is_authenticated and contributor.claimed_by_id is None,
        },
    )


@require_POST
@login_required
def claim_login(request: HttpRequest) -> HttpResponse:
    login = request.POST.get("login", "").strip()
    try:
        contributor = claims.claim(request.user, login)
    except claims.ClaimError as error:
        messages.error(request, str(error))
        return redirect("community:leaderboard")
    messages.success(
        request, f"You claimed {contributor.login}; a staff member will confirm it shortly."
    )
    return redirect(contributor)
