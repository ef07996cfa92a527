import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from community import claims, github_proof, leaderboard, webhook
from community.models import KINDS, Claim, Contributor, Delivery, PointEvent
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
            **_claim_context(request, contributor),
        },
    )


def _claim_context(request: HttpRequest, contributor: Contributor) -> dict:
    """What the contributor page says about claims, for the learner looking at it."""
    owner = contributor.learner
    awaiting = owner is None and contributor.claims.pending().exists()
    if not request.user.is_authenticated:
        return {"owner": owner, "claims_awaiting": awaiting}
    mine = contributor.claims.filter(user=request.user).first()
    state = mine.state if mine else None
    is_mine = owner is not None and owner.pk == request.user.pk
    return {
        "owner": owner,
        "claims_awaiting": awaiting,
        "my_claim": mine,
        "owned_by_other": owner is not None and not is_mine,
        "can_claim": owner is None and state in (None, Claim.EXPIRED),
        "can_prove": not is_mine and github_proof.is_available(request),
        "seen_on_github": claims.has_activity(contributor),
    }


@require_POST
@login_required
def claim_login(request: HttpRequest) -> HttpResponse:
    login = request.POST.get("login", "").strip()
    try:
        claim = claims.claim(request.user, login)
    except claims.ClaimError as error:
        messages.error(request, str(error))
        known = Contributor.objects.filter(login__iexact=login).first()
        return redirect(known or "community:leaderboard")
    contributor = claim.contributor
    if claim.state == Claim.CONFIRMED:
        messages.info(request, f"{contributor.login} is already confirmed as yours.")
        return redirect(contributor)
    expires = date_format(timezone.localtime(claim.expires_at), "j F Y")
    messages.success(
        request, f"You claimed {contributor.login}. The claim is pending until {expires}."
    )
    return redirect(contributor)
