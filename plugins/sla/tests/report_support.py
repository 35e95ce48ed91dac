"""Crafted clocks and incidents for the report tests: two departments with a head each, and
clocks of November 2026 (Vietnam time) of every outcome, written as rows so that each figure
of the reports is known in advance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core import records
from core.db import db
from plugins.sla.models import Clock, Incident, Target
from plugins.sla.tests.conftest import configure, desk_policy

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: "now" of the report tests: a Friday of November 2026
NOW = "2026-11-20T10:00"
PERIOD = {"period": "month", "month": "2026-11"}


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN).astimezone(UTC)


@dataclass
class Company:
    """``boss`` heads SUPPORT (``staff`` works there), ``chief`` heads SALES (``seller``);
    ``admin`` is an SLA administrator; ``clerk`` an employee with no report permission."""

    users: dict[str, int] = field(default_factory=dict)
    record_id: int = 0

    def next_record(self) -> int:
        self.record_id += 1
        return self.record_id


def build_company(make_user) -> Company:
    """The people and departments (in HR), and the desk policy, committed."""
    configure(desk_policy())
    company = Company()
    roles = {
        "boss": ["employee", "manager", "desk_agent"],
        "chief": ["employee", "manager", "desk_agent"],
        "staff": ["employee", "desk_agent"],
        "seller": ["employee", "desk_agent"],
        "admin": ["employee", "sla_admin", "desk_agent"],
        "clerk": ["employee", "desk_agent"],
    }
    for name, granted in roles.items():
        company.users[name] = make_user(f"{name}@example.com", roles=granted, name=name.title())
    heads = {}
    for code, head, member in (("SUPPORT", "boss", "staff"), ("SALES", "chief", "seller")):
        department = records.create("hr.department", {"code": code, "name": code.title()})
        people = {}
        for person in (head, member):
            people[person] = records.create(
                "hr.employee",
                {
                    "name": person.title(),
                    "user_id": company.users[person],
                    "department_id": department.id,
                },
                commit=False,
            )
        records.update("hr.department", department, {"head_id": people[head].id}, commit=False)
        heads[code] = people[head]
    db.session.commit()
    return company


def add_clock(company: Company, target: str = "Respond", **values) -> Clock:
    """A clock row of desk.request on ``target`` (of the configured policy)."""
    row = db.session.execute(db.select(Target).where(Target.name == target)).scalars().first()
    values.setdefault("state", "met")
    values.setdefault("goal_minutes", row.minutes)
    values.setdefault("spent_minutes", 0.0)
    clock = Clock(
        entity="desk.request",
        record_id=values.pop("record_id", None) or company.next_record(),
        target_id=row.id,
        version_id=row.version_id,
        calendar_id=row.version.calendar_id,
        target_name=target,
        **values,
    )
    db.session.add(clock)
    return clock


def add_incident(user_id: int, department: str, created: str, **values) -> Incident:
    incident = Incident(
        user_id=user_id,
        department=department,
        entity="desk.request",
        record_id=1,
        target="Respond",
        cycle=1,
        level=150,
        created_at=vn(created),
        **values,
    )
    db.session.add(incident)
    return incident


def craft(company: Company) -> None:
    """The November clocks (see ``EXPECTED``) and incidents, committed."""
    u = company.users
    staff, seller = u["staff"], u["seller"]
    past = vn("2026-11-19T09:00")
    soon = vn("2026-11-23T09:00")

    def support(start: str, **values):
        add_clock(
            company,
            responsible_user_id=staff,
            responsible_department="SUPPORT",
            started_at=vn(start),
            **values,
        )

    support("2026-11-02T09:00", state="met", spent_minutes=30)
    support("2026-11-03T09:00", state="met", spent_minutes=50)
    support("2026-11-04T09:00", state="met_late", spent_minutes=90, breached_at=past)
    support(
        "2026-11-05T09:00",
        state="running",
        spent_minutes=0,
        deadline=past,
        breached_at=past,
        resumed_at=past,
    )
    support("2026-11-05T10:00", state="running", deadline=past, resumed_at=past)
    support("2026-11-06T09:00", state="paused", spent_minutes=70)
    support("2026-11-16T09:00", state="running", deadline=soon, warn_at=past, resumed_at=past)
    support(
        "2026-11-17T09:00",
        state="met_late",
        spent_minutes=200,
        breached_at=past,
        excused_at=past,
        excused_cause="carrier_failure",
        excused_reason="Truck broke down",
    )
    support("2026-11-18T09:00", state="cancelled", spent_minutes=5)
    support("2026-10-30T09:00", state="met", spent_minutes=5)  # October
    support("2026-12-01T00:30", state="met", spent_minutes=5)  # December in Vietnam
    support("2026-11-01T00:30", state="met", spent_minutes=10)  # still October in UTC
    add_clock(
        company,
        responsible_user_id=seller,
        responsible_department="SALES",
        started_at=vn("2026-11-10T09:00"),
        state="met",
        spent_minutes=40,
    )
    add_clock(
        company,
        "Resolve",
        responsible_user_id=seller,
        responsible_department="SALES",
        started_at=vn("2026-11-11T09:00"),
        state="running",
        deadline=past,
        breached_at=past,
        resumed_at=past,
    )
    add_clock(company, started_at=vn("2026-11-12T09:00"), state="met", spent_minutes=20)
    add_incident(staff, "SUPPORT", "2026-11-05T12:00")
    add_incident(staff, "SUPPORT", "2026-11-06T12:00", severity="major", bonus_impact=True)
    add_incident(
        staff, "SUPPORT", "2026-11-17T12:00", severity="major", bonus_impact=True, excused_at=past
    )
    add_incident(staff, "SUPPORT", "2026-10-20T12:00", severity="major")  # October
    add_incident(seller, "SALES", "2026-11-11T12:00")
    db.session.commit()


#: what November shows an administrator
EXPECTED = {
    "total": {
        "clocks": 12,
        "met": 5,
        "met_late": 1,
        "breached": 4,
        "excused": 1,
        "open": 1,
        "compliance": 0.5,
    },
    "SUPPORT": {
        "clocks": 9,
        "met": 3,
        "met_late": 1,
        "breached": 3,
        "excused": 1,
        "open": 1,
        "compliance": 0.4286,
    },
    "SALES": {
        "clocks": 2,
        "met": 1,
        "met_late": 0,
        "breached": 1,
        "excused": 0,
        "open": 0,
        "compliance": 0.5,
    },
    "": {
        "clocks": 1,
        "met": 1,
        "met_late": 0,
        "breached": 0,
        "excused": 0,
        "open": 0,
        "compliance": 1.0,
    },
}
#: the Respond target's met clocks used 10, 20, 30, 40, 50 and 90 minutes
RESPOND = {"met": 6, "median_minutes": 35.0, "p90_minutes": 70.0, "goal_minutes": 60}


def more_clocks(company: Company, count: int) -> None:
    """``count`` more met clocks of staff in November (for query counting)."""
    for index in range(count):
        add_clock(
            company,
            responsible_user_id=company.users["staff"],
            responsible_department="SUPPORT",
            started_at=vn("2026-11-09T09:00") + timedelta(minutes=index),
            spent_minutes=15,
        )
    db.session.commit()
