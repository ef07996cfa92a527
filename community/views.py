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

@csrf_exempt
@require_POST
def github_webhook(request: HttpRequest) -> HttpResponse:
    """GitHub deliveries, authenticated by X-Hub-Signature-256 (hence no CSRF token)."""
    try:
        body = webhook.read_body(
            request.META.get("CONTENT_LENGTH"), request.read, settings.COMMUNITY_WEBHOOK_MAX_BYTES
        )
        incoming = webhook.read_delivery(request.headers, body, settings.GITHUB_WEBHOOK_SECRET)
        if incoming.event == "ping":
            return JsonResponse({"pong": True, "zen": incoming.payload.get("zen", "")})
        if not webhook.is_wanted(incoming, settings.GITHUB_REPOSITORY):
            return HttpResponse(status=204)
    except webhook.Refused as refusal:
        return HttpResponse(refusal.message, status=refusal.status)
    delivery, _ = Delivery.objects.get_or_create(
        delivery_id=incoming.delivery_id,
        defaults={"event": incoming.event, "action": incoming.action, "payload": incoming.payload},
    )
    if delivery.processed_at is not None:
        return JsonResponse({"status": "already processed"})
    try:
        process_delivery.delay(delivery.pk)
    except Exception:
        # Kept unprocessed: a redelivery from GitHub enqueues it again.
        log.exception("could not enqueue delivery %s", incoming.delivery_id)
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
