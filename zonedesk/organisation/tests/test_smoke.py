import pytest


@pytest.mark.django_db
def test_demo_logins_reach_their_workbench(login_client):
    response = login_client("window").get("/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()
