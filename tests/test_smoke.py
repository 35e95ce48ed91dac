"""The host starts, serves its login page and knows the caller."""


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_api_me_answers_the_logged_in_user(client, make_user, login):
    uid = make_user("lan@example.com", roles=["employee"], name="Lan")
    login(client, uid)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json == {
        "id": uid,
        "email": "lan@example.com",
        "name": "Lan",
        "roles": ["employee"],
    }
