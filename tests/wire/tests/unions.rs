//! Unions off the wire: each payload decodes into the variant its tag names, whether the tag comes
//! from the discriminator, the member's own `enum`/`const` (also through `allOf`), or is implied.

use wire_tests::unions::{ActiveStatus, AlbumObject, Client, ExpiredStatus, Item, Note, Status, TrackObject};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(at: &str, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    (server, client)
}

#[tokio::test]
async fn a_member_tagged_by_its_own_enum_is_chosen_by_the_servers_tag() {
    // The spec's own example: before, every variant expected the tag `ActiveStatus` and this was `Other`.
    let (_server, client) =
        answering("/subscriptions/1", serde_json::json!({"type": "active", "renews_at": "2026-12-24"})).await;
    let status = client.get_subscriptions_by_id("1").await.expect("decodes");
    let mut active = ActiveStatus::new("active");
    active.renews_at = Some("2026-12-24".into());
    assert_eq!(status, Status::Active(active));

    let (_server, client) = answering("/subscriptions/2", serde_json::json!({"type": "expired"})).await;
    let status = client.get_subscriptions_by_id("2").await.expect("decodes");
    assert_eq!(status, Status::Expired(ExpiredStatus::new("expired")));
}

#[tokio::test]
async fn const_tags_tags_through_all_of_and_implied_names_each_find_their_variant() {
    let items = serde_json::json!([
        {"type": "track", "name": "Intro"},
        {"type": "album", "name": "Debut"},
        {"type": "Note", "name": "by the implied name"},
        {"type": "memo", "name": "a tag of the server's own"},
    ]);
    let (_server, client) = answering("/items", items).await;
    let items = client.get_items().await.expect("decodes");
    assert_eq!(
        items,
        vec![
            Item::TrackObject(TrackObject::new("track", "Intro")),
            Item::AlbumObject(AlbumObject::new("Debut", "album")),
            Item::Note(Note::new("Note", "by the implied name")),
            // Not ruled out by the implied name: the only variant the tag does not contradict.
            Item::Note(Note::new("memo", "a tag of the server's own")),
        ]
    );
}
