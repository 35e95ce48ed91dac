"""Load benchmark: gunicorn (2 and 4 workers) on PostgreSQL with Redis and 2 RQ workers.

Run ``python bench/bench_load.py [--seconds 60] [--threads 8]`` (or ``make bench``). In a
throw-away PostgreSQL database and a Redis database of its own it runs ``nhip init --demo``
(the demo company, SLA tracking on), starts two ``nhip worker`` processes (escalations,
notifications, the periodic sweep: what production runs beside the web processes) and then,
for 2 and for 4 gunicorn workers (``gunicorn --workers N 'core.app:create_app()'``, loopback),
a load generator: ``--threads`` threads, each a logged-in demo administrator (a real sign-in
through the form, with its CSRF token) with its own keep-alive connection, sending for
``--seconds`` a mix of

- list pages (``/r/orders.sales_order/``, ``/r/crm.ticket/``): 40 %,
- record pages (a sales order or a ticket): 30 %,
- API reads (``/api/v1/orders.sales_order?per_page=50``, one order): 25 %,
- transitions (the record page's form, with CSRF: a demo order one step on, while orders
  remain that can move without a confirmation): 5 %.

Reported per gunicorn size: requests per second, p50/p95 latency, errors (status >= 500 or
a failed connection; goal 0) and each gunicorn worker's memory (RSS from ``/proc``) at the
end. The server, workers and load generator share the machine's cores.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from sla_bench_env import (  # noqa: E402
    NHIP,
    BenchError,
    claimed_redis,
    exit_for,
    percentile,
    scratch_folder,
    start_worker,
    stop_worker,
    throwaway_database,
)

from core.testing_server import free_port, server_env, stop, wait_until_listening  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: the non-final next state of a sales order in each state (transitions without confirmation)
NEXT = {"draft": "confirmed", "confirmed": "picking", "picking": "packed", "packed": "shipped"}


def credentials(instance: Path) -> tuple[str, str]:
    """The demo administrator's e-mail and password (from the credentials file)."""
    for line in (instance / "demo-credentials.txt").read_text().splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and "admin" in parts[2]:
            return parts[0], parts[1]
    raise BenchError("no demo administrator in demo-credentials.txt")


def signed_in(base: str, email: str, password: str) -> requests.Session:
    """A session logged in through the sign-in form."""
    session = requests.Session()
    page = session.get(base + "/login")
    token = CSRF.search(page.text).group(1)
    answer = session.post(
        base + "/login",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise BenchError(f"sign-in refused: {answer.status_code}")
    return session


class Load:
    """The mix of requests and what came back (shared by the threads)."""

    def __init__(self, base: str, orders: list[int], tickets: list[int], movable: list):
        self.base, self.orders, self.tickets = base, orders, tickets
        self.movable = movable  # [(order id, its state)], taken one by one
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.transitions = 0

    def one(self, session: requests.Session, rng: random.Random) -> None:
        pick = rng.random()
        if pick < 0.05 and self.transition(session):
            return
        if pick < 0.45:
            url = rng.choice(["/r/orders.sales_order/", "/r/crm.ticket/"])
        elif pick < 0.75:
            url = rng.choice(
                [
                    f"/r/orders.sales_order/{rng.choice(self.orders)}",
                    f"/r/crm.ticket/{rng.choice(self.tickets)}",
                ]
            )
        elif pick < 0.90:
            url = "/api/v1/orders.sales_order?per_page=50"
        else:
            url = f"/api/v1/orders.sales_order/{rng.choice(self.orders)}"
        self.timed(lambda: session.get(self.base + url, allow_redirects=False), url)

    def transition(self, session: requests.Session) -> bool:
        with self.lock:
            if not self.movable:
                return False
            order, state = self.movable.pop()
        url = f"/r/orders.sales_order/{order}"
        page = session.get(self.base + url)
        token = CSRF.search(page.text).group(1)
        data = {"csrf_token": token, "to": NEXT[state], "from": state}
        answer = self.timed(
            lambda: session.post(self.base + url + "/transition", data=data, allow_redirects=False),
            url + "/transition",
        )
        if answer is not None and answer.status_code == 302:
            with self.lock:
                self.transitions += 1
                if NEXT[state] in NEXT:
                    self.movable.insert(0, (order, NEXT[state]))
        return True

    def timed(self, call, what: str):
        started = time.perf_counter()
        try:
            answer = call()
        except requests.RequestException as exc:
            with self.lock:
                self.errors.append(f"{what}: {exc}")
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies.append(elapsed)
            if answer.status_code >= 500:
                self.errors.append(f"{what}: {answer.status_code}")
        return answer


def demo_ids(env: dict[str, str]) -> tuple[list[int], list[int], list]:
    """Sales order ids, ticket ids and the movable orders, read from the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(env["NHIP_DATABASE_URL"])
    with engine.connect() as conn:
        orders = list(conn.execute(text("SELECT id FROM orders_sales_order")).scalars())
        tickets = list(conn.execute(text("SELECT id FROM crm_ticket")).scalars())
        movable = [
            (row.id, row.state)
            for row in conn.execute(text("SELECT id, state FROM orders_sales_order"))
            if row.state in NEXT
        ]
    engine.dispose()
    return orders, tickets, movable


def rss_mb(pid: int) -> float:
    """A process's resident memory in MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def run_size(env, folder: Path, workers: int, seconds: float, threads: int, ids) -> list[dict]:
    """One gunicorn size under load; its entries."""
    port = free_port()
    log = folder / f"gunicorn-{workers}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "core.app:create_app()",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(server, port, log)
        base = f"http://127.0.0.1:{port}"
        email, password = credentials(Path(env["NHIP_INSTANCE"]))
        sessions = [signed_in(base, email, password) for _ in range(threads)]
        load = Load(base, *ids)
        for session in sessions:  # every worker warm
            session.get(base + "/r/orders.sales_order/")
        ends = time.monotonic() + seconds

        def work(session, seed):
            rng = random.Random(seed)
            while time.monotonic() < ends:
                load.one(session, rng)

        started = time.monotonic()
        pool = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(sessions)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.monotonic() - started
        memory = [rss_mb(pid) for pid in children(server.pid)]
    finally:
        stop(server)
    count = len(load.latencies)
    rate, p50 = count / elapsed, percentile(load.latencies, 0.5)
    p95 = percentile(load.latencies, 0.95)
    print(
        f"   gunicorn {workers} workers, {threads} clients, {elapsed:.0f} s: {count} requests,"
        f" {rate:.1f}/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {len(load.errors)},"
        f" transitions {load.transitions}, RSS per worker {', '.join(f'{m:.0f}' for m in memory)}"
        " MB"
    )
    for error in load.errors[:5]:
        print(f"     error: {error}")
    name = f"load, gunicorn {workers} workers"
    return [
        results.entry(f"{name}: requests/s", rate, "1/s"),
        results.entry(f"{name}: p95", p95, "ms"),
        results.entry(
            f"{name}: errors", len(load.errors), "requests", "= 0", None, not load.errors
        ),
        results.entry(f"{name}: RSS per worker (max)", max(memory or [0]), "MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--sizes", default="2,4", help="gunicorn worker counts")
    args = parser.parse_args()
    with scratch_folder() as folder, throwaway_database() as database_url:
        with claimed_redis() as redis_url:
            instance = folder / "instance"
            instance.mkdir()
            env = server_env(
                instance,
                database_url=database_url,
                redis_url=redis_url,
                secret_key="bench-load-secret-key-0123456789",
            )
            started = time.monotonic()
            subprocess.run(
                [str(NHIP), "init", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL
            )
            print(f"   demo company on PostgreSQL in {time.monotonic() - started:.0f} s")
            rq = [start_worker(env, folder / f"worker-{n}.log") for n in range(2)]
            entries = []
            try:
                for size in [int(s) for s in args.sizes.split(",")]:
                    ids = demo_ids(env)  # the orders that can still move
                    entries += run_size(env, folder, size, args.seconds, args.threads, ids)
            finally:
                for worker in rq:
                    stop_worker(worker)
    results.record(entries)


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        exit_for("bench_load", exc)
