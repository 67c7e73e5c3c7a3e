//! Drives the OAI example "petstore-expanded" (corpus `oai-petstore-expanded.yaml`): an
//! exploded array and an integer in the query, an `allOf` body and response, path integers,
//! and a body-less `204`.

#[path = "../mock_common.rs"]
mod common;
#[path = "../../../v3-0-oai-petstore-expanded/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod expanded;

use common::call;
use expanded::models::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), expanded::Error> {
    let client = expanded::Client::builder().endpoint(common::endpoint())
        .config(common::config()).build()?;
    let find = FindPetsParams { tags: Some(vec!["cat".to_owned(), "dog".to_owned()]), limit: Some(20) };
    call("findPets", client.find_pets(&find)).await;
    call("findPets (no parameters)", client.find_pets(&FindPetsParams::default())).await;
    let new = NewPet { name: "Tom".to_owned(), tag: Some("cat".to_owned()) };
    call("addPet", client.add_pet(&new)).await;
    call("find pet by id", client.find_pet_by_id(42)).await;
    call("deletePet", client.delete_pet(42)).await;
    Ok(())
}
