from django import template

from community.wanted import contributors_wanted

register = template.Library()


@register.inclusion_tag("community/_contributors_wanted.html")
def contributors_wanted_box() -> dict:
    return {"wanted": contributors_wanted()}
