def test_home_page_says_the_mechanism_is_running(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"The mechanism is running." in response.content
