from __future__ import annotations

from zonedesk.organisation.models import Department, User, Zone


def zone_list_for(*, user: User):
    return Zone.objects.filter(id__in=user.visible_zone_ids)


def department_tree_for(*, user: User, zone_id: int | None = None) -> list[tuple[int, Department]]:
    """(depth, department) pairs in tree order, from one query."""
    qs = Department.objects.visible_to(user)
    if zone_id:
        qs = qs.filter(zone_id=zone_id)
    rows = list(qs.order_by("sort", "code"))
    children: dict[int | None, list[Department]] = {}
    for d in rows:
        children.setdefault(d.parent_id, []).append(d)
    out: list[tuple[int, Department]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for d in children.get(parent_id, []):
            out.append((depth, d))
            walk(d.pk, depth + 1)

    walk(None, 0)
    return out


def department_ids_under(department: Department) -> set[int]:
    """A department and everything below it, for 'my department's work' scope."""
    rows = list(Department.objects.filter(zone_id=department.zone_id).values_list("id", "parent_id"))
    below: dict[int | None, list[int]] = {}
    for pk, parent in rows:
        below.setdefault(parent, []).append(pk)
    out, todo = set(), [department.pk]
    while todo:
        pk = todo.pop()
        if pk in out:
            continue
        out.add(pk)
        todo.extend(below.get(pk, []))
    return out


def user_list_for(*, user: User, q: str = "", locked_only: bool = False):
    """Users of the zones the viewer administers (security admins), with roles prefetched."""
    from django.db.models import Q
    from django.utils import timezone

    qs = (User.objects.filter(zone_id__in=user.visible_zone_ids)
          .select_related("department", "enterprise").prefetch_related("role_grants")
          .order_by("username"))
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if locked_only:
        qs = qs.filter(locked_until__gt=timezone.now())
    return qs
