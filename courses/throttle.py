"""How many accounts one client address may create in an hour.

Signups are counted in Redis, which every web process shares (the default cache is
per process). A Redis outage must not keep people from signing up: then nothing is
counted and every signup goes through.
"""

import ipaddress
import logging

import redis
from django.conf import settings
from django.http import HttpRequest

log = logging.getLogger(__name__)

KEY_PREFIX = "gocourse:signups:"
WINDOW_SECONDS = 3600
REDIS_TIMEOUT = 0.5  # seconds; a signup waits no longer than this for an unreachable Redis
# An IPv6 client usually holds a whole /64 and may pick any address in it.
IPV6_CLIENT_PREFIX = 64

REFUSED_MESSAGE = (
    "Too many accounts were created from your network in the last hour; try again later."
)


def client_address(request: HttpRequest) -> str:
    """The address of the client, with settings.NUM_PROXIES proxies in front; an IPv6
    address stands for its /64."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.NUM_PROXIES:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
        # Fewer entries than proxies: the request did not come through them all.
        if len(forwarded) >= settings.NUM_PROXIES:
            address = forwarded[-settings.NUM_PROXIES]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)


def admit_signup(address: str) -> bool:
    """Count one account about to be created from ``address``: False when that is more
    than settings.SIGNUPS_PER_ADDRESS_PER_HOUR since the first of the current hour."""
    key = KEY_PREFIX + address
    try:
        with redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        ) as client:
            # One MULTI/EXEC: the first signup starts the hour, and concurrent signups
            # each get their own count.
            with client.pipeline() as pipe:
                pipe.set(key, 0, ex=WINDOW_SECONDS, nx=True)
                pipe.incr(key)
                count = pipe.execute()[1]
    except redis.RedisError as error:
        log.warning("signup limit not applied, Redis is unavailable: %s", error)
        return True
    limit = settings.SIGNUPS_PER_ADDRESS_PER_HOUR
    if count > limit:
        log.warning("signup refused: %s already created %d accounts this hour", address, limit)
        return False
    return True
