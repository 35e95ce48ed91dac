"""The "Background jobs" admin page: every queue's waiting, scheduled, running and failed jobs
(from Redis, or from this process in the embedded mode), and a Retry button (POST with CSRF)
for a failed job."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from core.queue import drain, enqueue, schedule_at
from core.queue import embedded as embedded_queue
from core.testing_queue import marks, redis_down, run_worker, worker_env


@pytest.fixture
def admin(client, make_user, login):
    login(client, make_user("admin@example.com", roles=["admin", "employee"]))
    return client


def rows(html: str, section: str) -> list[str]:
    """The job ids listed in the section with element id ``section`` (``default-failed``)."""
    match = re.search(rf'id="{section}">(.*?)</table>', html, re.S)
    return re.findall(r'data-job="([^"]+)"', match.group(1)) if match else []


def test_only_administrators_see_the_page(client, make_user, login):
    login(client, make_user("lan@example.com", roles=["employee"]))
    assert client.get("/admin/jobs").status_code == 403
    assert client.post("/admin/jobs/x-1/retry").status_code == 403


def test_the_menu_links_the_page_for_administrators(admin):
    assert 'href="/admin/jobs"' in admin.get("/").get_data(as_text=True)


def test_embedded_it_says_jobs_run_in_process_and_lists_the_scheduled_ones(app, admin):
    later = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    with app.app_context():
        schedule_at(later, "plugins.sla.escalation.job.fire", 7, 2, job_id="sla-clock-7")
    html = admin.get("/admin/jobs").get_data(as_text=True)
    assert 'id="embedded-note"' in html and "background thread" in html
    assert rows(html, "default-scheduled") == ["sla-clock-7"]
    assert "plugins.sla.escalation.job.fire" in html and "7, 2" in html
    assert 'datetime="2030-01-02T03:04:05+00:00"' in html


def test_embedded_a_failed_job_can_be_retried(app, admin, monkeypatch):
    monkeypatch.setattr(embedded_queue, "BACKOFF", (0.0,))
    with app.app_context():
        enqueue("core.testing_queue.fail_then_mark", "flaky", 1, job_id="f-1")
    assert drain()
    html = admin.get("/admin/jobs").get_data(as_text=True)
    (key,) = rows(html, "default-failed")
    assert "RuntimeError: attempt of flaky fails on purpose" in html
    response = admin.post(f"/admin/jobs/{key}/retry")
    assert response.status_code == 302
    assert drain()
    assert marks(app) == ["flaky-attempt", "flaky"]
    assert rows(admin.get("/admin/jobs").get_data(as_text=True), "default-failed") == []
    followed = admin.post(f"/admin/jobs/{key}/retry", follow_redirects=True)
    assert "no longer among the failed jobs" in followed.get_data(as_text=True)


def test_the_retry_button_is_a_form_with_a_csrf_token(app, admin, monkeypatch):
    monkeypatch.setattr(embedded_queue, "BACKOFF", (0.0,))
    with app.app_context():
        enqueue("core.testing_queue.fail", "boom")
    assert drain()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    html = admin.get("/admin/jobs").get_data(as_text=True)
    (key,) = rows(html, "default-failed")
    assert admin.post(f"/admin/jobs/{key}/retry").status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert admin.post(f"/admin/jobs/{key}/retry", data={"csrf_token": token}).status_code == 302


@pytest.mark.redis
def test_with_redis_it_lists_queued_scheduled_and_failed_jobs(admin, redis_app, fresh_redis_url):
    with redis_app.app_context():
        enqueue("core.testing_queue.fail", "boom", job_id="b-1")
    run_worker(worker_env(redis_app, fresh_redis_url))
    with redis_app.app_context():
        enqueue("core.testing_queue.mark", "waiting", job_id="w-1")
        schedule_at(datetime.now(UTC) + timedelta(hours=1), "x.y", 3, job_id="s-1")
    html = admin.get("/admin/jobs").get_data(as_text=True)
    assert ">Redis<" in html and 'id="no-worker"' in html
    assert rows(html, "default-queued") == ["w-1"]
    assert rows(html, "default-scheduled") == ["s-1"]
    assert rows(html, "default-failed") == ["b-1"]
    assert "RuntimeError: job boom fails on purpose" in html
    assert "Traceback" not in html, "only the error's last line"

    assert admin.post("/admin/jobs/b-1/retry").status_code == 302
    html = admin.get("/admin/jobs").get_data(as_text=True)
    assert rows(html, "default-failed") == []
    assert rows(html, "default-queued") == ["w-1", "b-1"]


def test_with_redis_down_the_page_says_so(app, admin, monkeypatch):
    redis_down(app, monkeypatch)
    response = admin.get("/admin/jobs")
    assert response.status_code == 200
    assert 'id="redis-down"' in response.get_data(as_text=True)
    followed = admin.post("/admin/jobs/b-1/retry", follow_redirects=True)
    assert "Redis cannot be reached" in followed.get_data(as_text=True)


def test_the_page_is_in_vietnamese_for_vietnamese_users(app, client, make_user, login):
    login(client, make_user("an@example.com", roles=["admin"], language="vi"))
    html = client.get("/admin/jobs").get_data(as_text=True)
    assert "Tác vụ nền" in html
