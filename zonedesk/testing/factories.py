"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import itertools

import factory

from zonedesk.enterprises import creditcode
from zonedesk.enterprises.models import Enterprise, Industry
from zonedesk.organisation.models import Department, DepartmentKind, User, UserRole, Zone

PASSWORD = "Test-password-2026"
_bodies = itertools.count(1)


def new_credit_code(region: str = "211382") -> str:
    """A fresh valid 统一社会信用代码 in ``region``."""
    while True:
        n = next(_bodies)
        body = f"MA{n:06d}"
        try:
            return creditcode.make(region, body)
        except ValueError:
            continue


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.Sequence(lambda n: f"测试开发区{n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    region_code = "211382"
    province_code = "21"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    zone = factory.SubFactory(ZoneFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = DepartmentKind.BUREAU


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    zone = factory.SubFactory(ZoneFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or ():
            UserRole.objects.create(user=self, zone_id=self.zone_id, role=role)
        self.__dict__.pop("roles", None)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = "30"
    section = "C"
    name = "非金属矿物制品业"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    zone = factory.SubFactory(ZoneFactory)
    credit_code = factory.LazyAttribute(lambda o: new_credit_code(o.zone.region_code))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    legal_representative = "张三"
    industry = factory.SubFactory(IndustryFactory)


def park_operator(username: str = "operator") -> User:
    """A Lingyuan park operator (园区运营方): a role the demo logins do not include, so the
    parks and land matrices check its scope with a user of their own."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password="unused-Password-1",
            zone=Zone.objects.get(code="LY"),
            department=Department.objects.get(zone__code="LY", code="JT-ZS"),
        )
        UserRole.objects.create(user=user, zone_id=user.zone_id, role="park_operator")
    return user
