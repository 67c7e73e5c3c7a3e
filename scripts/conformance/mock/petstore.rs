//! Drives the Swagger Petstore v3 (corpus `swagger-petstore-v3.yaml`) through its generated
//! client: path, query (enum, exploded array), header and `api_key` auth, JSON bodies with
//! nested objects and enums, a raw `application/octet-stream` upload, and map responses.

#[path = "../mock_common.rs"]
mod common;
#[path = "../../../v3-0-swagger-petstore-v3/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod petstore;

use common::call;
use petstore::models::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), petstore::Error> {
    let client = petstore::Client::builder()
        .endpoint(common::endpoint())
        .config(common::config())
        .api_key("special-key")
        .bearer_token("mock-oauth-token")
        .build()?;
    let pet = Pet {
        id: Some(10),
        name: "doggie".to_owned(),
        category: Some(Category { id: Some(1), name: Some("Dogs".to_owned()) }),
        photo_urls: vec!["https://example.com/1.png".to_owned()],
        tags: Some(vec![Tag { id: Some(7), name: Some("good".to_owned()) }]),
        status: Some(PetStatus::Available),
    };
    call("addPet", client.add_pet(&pet)).await;
    call("updatePet", client.update_pet(&pet)).await;
    let by_status = FindPetsByStatusParams { status: Some(PetStatus::Sold) };
    call("findPetsByStatus", client.find_pets_by_status(&by_status)).await;
    let by_tags = FindPetsByTagsParams { tags: Some(vec!["good".to_owned(), "small, brown".to_owned()]) };
    call("findPetsByTags", client.find_pets_by_tags(&by_tags)).await;
    call("getPetById", client.get_pet_by_id(10)).await;
    let form = UpdatePetWithFormParams { name: Some("rex".to_owned()), status: Some("sold".to_owned()) };
    call("updatePetWithForm", client.update_pet_with_form(10, &form)).await;
    let upload = UploadFileParams { additional_metadata: Some("front view".to_owned()) };
    let image = petstore_bytes(b"\x89PNG\r\n");
    call("uploadFile", client.upload_file(10, &upload, Some(image.into()))).await;
    let delete = DeletePetParams { api_key: Some("special-key".to_owned()) };
    call("deletePet", client.delete_pet(10, &delete)).await;
    call("getInventory", client.get_inventory()).await;
    let order = Order {
        id: Some(5),
        pet_id: Some(10),
        quantity: Some(2),
        ship_date: Some(specforge_runtime::formats::DateTime::from_text("2026-12-07T10:00:00Z")),
        status: Some(OrderStatus::Approved),
        complete: Some(false),
    };
    call("placeOrder", client.place_order(Some(&order))).await;
    call("getOrderById", client.get_order_by_id(5)).await;
    call("deleteOrder", client.delete_order(5)).await;
    let user = User {
        id: Some(3),
        username: Some("theUser".to_owned()),
        first_name: Some("John".to_owned()),
        last_name: Some("James".to_owned()),
        email: Some("john@email.com".to_owned()),
        password: Some("12345".to_owned()),
        phone: Some("12345".to_owned()),
        user_status: Some(1),
    };
    call("createUser", client.create_user(Some(&user))).await;
    call("createUsersWithListInput", client.create_users_with_list_input(Some(&vec![user.clone()]))).await;
    let login = LoginUserParams { username: Some("theUser".to_owned()), password: Some("12345".to_owned()) };
    call("loginUser", client.login_user(&login)).await;
    call("logoutUser", client.logout_user()).await;
    call("getUserByName", client.get_user_by_name("theUser")).await;
    call("updateUser", client.update_user("theUser", Some(&user))).await;
    call("deleteUser", client.delete_user("theUser")).await;
    Ok(())
}

fn petstore_bytes(data: &'static [u8]) -> specforge_runtime::bytes::Bytes {
    specforge_runtime::bytes::Bytes::from_static(data)
}
